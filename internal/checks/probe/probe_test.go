package probe

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// TestChecks runs every check over its fixtures, testdata/<check-id>/
// pass-*.yaml (no failing result) and fail-*.yaml (at least one), each a
// stream of observed Endpoints, against their .golden results (-update
// rewrites them).
func TestChecks(t *testing.T) {
	for _, c := range Checks() {
		t.Run(c.ID, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join("testdata", c.ID, "*.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var pass, fail int
			for _, f := range files {
				base := strings.TrimSuffix(filepath.Base(f), ".yaml")
				wantFail := strings.HasPrefix(base, "fail")
				if wantFail {
					fail++
				} else {
					pass++
				}
				t.Run(base, func(t *testing.T) { fixture(t, c, f, wantFail) })
			}
			if pass == 0 || fail == 0 {
				t.Errorf("%s needs pass-*.yaml and fail-*.yaml fixtures (has %d pass, %d fail)", c.ID, pass, fail)
			}
		})
	}
}

func fixture(t *testing.T, c *check.Check, file string, wantFail bool) {
	inv := inventory.New(loadEndpoints(t, file), nil)
	got := results(c, inv)
	fails := 0
	for _, l := range got {
		if strings.HasPrefix(l, "fail[") {
			fails++
		}
	}
	if wantFail != (fails > 0) {
		t.Errorf("want failing results %v, got %d:\n%s", wantFail, fails, strings.Join(got, "\n"))
	}
	if len(got) == 0 {
		t.Error("no result at all")
	}
	checktest.Golden(t, strings.TrimSuffix(file, ".yaml")+".golden", strings.Join(got, "\n")+"\n")
}

// results renders each result as one line, "status[severity] name path:
// message", with the severity of the result (its override, or the
// check's).
func results(c *check.Check, inv *inventory.Inventory) []string {
	var out []string
	c.Run(inv, &check.Options{}, func(r check.Result) {
		sev := r.Severity
		if sev == "" {
			sev = c.Severity
		}
		out = append(out, fmt.Sprintf("%s[%s] %s %s: %s", r.Status, sev, r.Object.Name, r.Path, r.Message))
	})
	sort.Strings(out)
	return out
}

// loadEndpoints decodes a stream of Endpoint documents, strictly.
func loadEndpoints(t *testing.T, file string) []*inventory.Object {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var out []*inventory.Object
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var e endpoint.Endpoint
		if err := yaml.UnmarshalStrict(doc, &e); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if e.APIVersion != endpoint.APIVersion || e.Kind != endpoint.Kind {
			t.Fatalf("%s: %s %s is not an Endpoint", file, e.APIVersion, e.Kind)
		}
		out = append(out, e.Object())
	}
}

// TestOnlyProbeEndpoints shows that the checks judge nothing but the
// objects a probe makes: not core v1 Endpoints, not an Endpoint document
// read from a file (untyped), whatever its fields say.
func TestOnlyProbeEndpoints(t *testing.T) {
	doc := `apiVersion: v1
kind: Endpoints
metadata: {name: kubelet}
---
apiVersion: palisade.dev/v1
kind: Endpoint
metadata: {name: "10.0.0.5:10250"}
spec: {host: 10.0.0.5, port: 10250, component: kubelet}
status:
  requests: [{method: GET, path: /pods, code: 200}]
`
	res := manifest.Decode([]manifest.Input{{File: "endpoints.yaml", Data: []byte(doc), Source: "file"}})
	inv := inventory.New(res.Objects, res.Errors)
	for _, c := range Checks() {
		if got := checktest.Results(c, inv, &check.Options{}); len(got) > 0 {
			t.Errorf("%s judged a file's objects: %v", c.ID, got)
		}
	}
}

// TestMetadata keeps the family's metadata consistent: every check in
// the probe category, titled as a live probe.
func TestMetadata(t *testing.T) {
	reg, err := check.NewRegistry(Checks()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range reg.All() {
		if c.Category != category || !strings.HasPrefix(c.ID, "probe-") || !strings.HasSuffix(c.Title, "(live probe)") {
			t.Errorf("%s: category %q, title %q", c.ID, c.Category, c.Title)
		}
	}
}

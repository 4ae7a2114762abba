package probe

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// golden compares what the probe observed and what the checks made of
// it with testdata/<name>.golden (-update rewrites it). Random loopback
// ports are replaced by PORT.
func golden(t *testing.T, name string, eps []*endpoint.Endpoint) {
	t.Helper()
	var b strings.Builder
	for _, e := range eps {
		data, err := yaml.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("---\n")
		b.Write(data)
	}
	b.WriteString("--- findings\n")
	for _, l := range judged(t, eps) {
		b.WriteString(l + "\n")
	}
	got := b.String()
	for _, e := range eps {
		got = strings.ReplaceAll(got, e.Name, normalName(e))
		got = strings.ReplaceAll(got, "port: "+strconv.Itoa(e.Spec.Port)+"\n", "port: PORT\n")
		if normalName(e) == "HOST:PORT" {
			got = strings.ReplaceAll(got, "host: "+e.Spec.Host+"\n", "host: HOST\n")
		}
	}
	got = loopbackPort.ReplaceAllString(got, "127.0.0.1:PORT")
	checktest.Golden(t, filepath.Join("testdata", name+".golden"), got)
}

var loopbackPort = regexp.MustCompile(`127\.0\.0\.1:\d+`)

func normalName(e *endpoint.Endpoint) string {
	if strings.HasPrefix(e.Spec.Host, "127.") || e.Spec.Host == "localhost" {
		return e.Spec.Host + ":PORT"
	}
	return "HOST:PORT"
}

// judged runs the probe checks over the endpoints as `palisade probe
// --all` does and renders each finding as one line.
func judged(t *testing.T, eps []*endpoint.Endpoint) []string {
	t.Helper()
	reg, err := checks.Registry()
	if err != nil {
		t.Fatal(err)
	}
	ids, err := checkIDs(nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := engine.Run(Inventory(eps), engine.Options{Registry: reg, Only: ids, IncludePassed: true})
	var out []string
	for _, f := range rep.Findings {
		out = append(out, fmt.Sprintf("%s[%s] %s %s %s: %s", f.Status, f.Check.Severity, f.Check.ID, f.Resource.Name, f.Path, f.Message))
	}
	return out
}

// Package checktest runs checks over golden fixtures: for each check,
// testdata/<check-id>/pass-*.yaml must give no failing result and
// fail-*.yaml at least one, and every fixture's results must match its
// .golden file (regenerated with -update, see package golden).
package checktest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// Run checks every check against its fixtures under dir, and fails when a
// check has no passing or no failing fixture.
func Run(t *testing.T, dir string, checks []*check.Check, opts *check.Options) {
	t.Helper()
	if opts == nil {
		opts = &check.Options{}
	}
	for _, c := range checks {
		t.Run(c.ID, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(dir, c.ID, "*.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var pass, fail int
			for _, f := range files {
				base := filepath.Base(f)
				switch {
				case strings.HasPrefix(base, "pass"):
					pass++
				case strings.HasPrefix(base, "fail"):
					fail++
				default:
					t.Errorf("%s: fixture names start with pass or fail", f)
				}
				t.Run(strings.TrimSuffix(base, ".yaml"), func(t *testing.T) { fixture(t, c, f, opts) })
			}
			if pass == 0 || fail == 0 {
				t.Errorf("check %s needs pass-*.yaml and fail-*.yaml fixtures in %s (has %d pass, %d fail)", c.ID, filepath.Join(dir, c.ID), pass, fail)
			}
		})
	}
}

func fixture(t *testing.T, c *check.Check, file string, opts *check.Options) {
	got := Results(c, Load(t, file), opts)
	fails := 0
	for _, l := range got {
		if strings.HasPrefix(l, "fail ") {
			fails++
		}
	}
	if strings.HasPrefix(filepath.Base(file), "pass") && fails > 0 {
		t.Errorf("pass fixture has failing results:\n%s", strings.Join(got, "\n"))
	}
	if strings.HasPrefix(filepath.Base(file), "fail") && fails == 0 {
		t.Errorf("fail fixture has no failing result")
	}
	Golden(t, strings.TrimSuffix(file, ".yaml")+".golden", strings.Join(got, "\n")+"\n")
}

// Results runs one check and renders each result as one line:
// "status Kind/namespace/name path (line N): message".
func Results(c *check.Check, inv *inventory.Inventory, opts *check.Options) []string {
	var out []string
	c.Run(inv, opts, func(r check.Result) {
		if r.Status == "" {
			r.Status = check.Fail
		}
		ref := "-"
		line := 0
		if r.Object != nil {
			ref = fmt.Sprintf("%s/%s/%s", r.Object.Kind, r.Object.Namespace, r.Object.Name)
			line = r.Object.Locate(r.Path).Line
		}
		out = append(out, fmt.Sprintf("%s %s %s (line %d): %s", r.Status, ref, r.Path, line, r.Message))
	})
	sort.Strings(out)
	return out
}

// Load decodes a manifest file into an inventory, as a file scan reads
// it, and fails the test when the file does not decode cleanly.
func Load(t testing.TB, file string) *inventory.Inventory {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	return Decode(t, filepath.Base(file), data)
}

// Decode decodes manifest text, named file, into an inventory, and fails
// the test when it does not decode cleanly.
func Decode(t testing.TB, file string, data []byte) *inventory.Inventory {
	t.Helper()
	res := manifest.Decode([]manifest.Input{{File: file, Data: data, Source: "file"}})
	if len(res.Errors) > 0 {
		t.Fatalf("fixture %s does not decode: %v", file, res.Errors)
	}
	return inventory.New(res.Objects, nil)
}

// Golden compares got with the golden file, or rewrites it with -update:
// golden.Check, for the check tests that already import checktest.
func Golden(t testing.TB, file, got string) {
	t.Helper()
	golden.Check(t, file, got)
}

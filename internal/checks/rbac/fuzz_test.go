package rbac

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// FuzzChecks runs every RBAC check over arbitrary manifests: bad input
// (unknown subject kinds, missing roles, empty rules, malformed
// selectors) becomes results, never a panic.
func FuzzChecks(f *testing.F) {
	files, err := filepath.Glob("testdata/*/fail-*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res := manifest.Decode([]manifest.Input{{File: "fuzz.yaml", Data: data, Source: "file"}})
		inv := inventory.New(res.Objects, res.Errors)
		for _, c := range Checks() {
			c.Run(inv, &check.Options{}, func(r check.Result) {
				if r.Object == nil {
					t.Errorf("%s reported a result without an object: %+v", c.ID, r)
				}
			})
		}
	})
}

package fix

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestAnnotate runs every check over each fixture and compares, for each
// failing finding, its fix (or why it has none) with the golden file.
func TestAnnotate(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			inv := load(t, file)
			rep := scan(t, inv)
			Annotate(rep, inv)
			idx := NewIndex(inv)
			var b strings.Builder
			for _, f := range rep.Findings {
				if _, has := fixers[f.Check.ID]; !has || f.Status != check.Fail {
					continue
				}
				b.WriteString(f.Check.ID + " " + f.Resource.Kind + "/" + f.Resource.Name + " " + f.Path + "\n")
				if f.Fix == nil {
					_, err := For(inv, idx.Object(f), f.Check.ID, f.Path)
					b.WriteString("  no fix: " + err.Error() + "\n")
					continue
				}
				risk := "safe"
				if f.Fix.Risky {
					risk = "risky"
				}
				b.WriteString("  " + risk + ": " + f.Fix.Description + "\n")
				for _, l := range strings.Split(strings.TrimSuffix(f.Fix.Snippet, "\n"), "\n") {
					b.WriteString("  | " + l + "\n")
				}
			}
			golden(t, strings.TrimSuffix(file, ".yaml")+".golden", b.String())
		})
	}
}

func load(t *testing.T, file string) *inventory.Inventory {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Decode([]manifest.Input{{File: filepath.Base(file), Data: data, Source: "file"}})
	if len(res.Errors) > 0 {
		t.Fatalf("fixture does not decode: %v", res.Errors)
	}
	return inventory.New(res.Objects, nil)
}

func scan(t *testing.T, inv *inventory.Inventory) *report.Report {
	t.Helper()
	reg, err := checks.Registry()
	if err != nil {
		t.Fatal(err)
	}
	return engine.Run(inv, engine.Options{Registry: reg})
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

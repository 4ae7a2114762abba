package fix

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// TestAnnotate runs every check over each fixture and compares, for each
// failing finding, its fix (or why it has none) with the golden file.
func TestAnnotate(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			inv := checktest.Load(t, file)
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
			golden.Check(t, strings.TrimSuffix(file, ".yaml")+".golden", b.String())
		})
	}
}

func scan(t *testing.T, inv *inventory.Inventory) *report.Report {
	t.Helper()
	reg, err := checks.Registry()
	if err != nil {
		t.Fatal(err)
	}
	return engine.Run(inv, engine.Options{Registry: reg})
}

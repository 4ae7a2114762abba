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
				if !Has(f.Check.ID) || f.Status != check.Fail {
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

// TestAutomountUnreadBindings: when the bindings could not all be read, no
// one can tell that the default service account holds no role, so turning
// its token off is risky.
func TestAutomountUnreadBindings(t *testing.T) {
	inv := checktest.Decode(t, "pod.yaml", []byte(`apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: app, image: registry.example.com/web:1.0}
`))
	inv.Coverage = append(inv.Coverage, inventory.Coverage{Resource: "rolebindings.rbac.authorization.k8s.io", Status: "forbidden"})
	r, err := For(inv, inv.Objects[0], "automount-service-account-token", "spec.automountServiceAccountToken")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Risky || !strings.Contains(r.Why, "bindings could not be read (rolebindings.rbac.authorization.k8s.io (forbidden))") {
		t.Errorf("remedy = %s (why %q), want risky because the bindings were not read", r, r.Why)
	}
}

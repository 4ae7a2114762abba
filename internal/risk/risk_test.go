package risk

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/source"
)

// The checks of the fixtures' synthetic findings: one medium finding on
// every object, and an rbac finding on the objects annotated for it.
var (
	probe = check.Meta{ID: "probe", Severity: check.Medium, Category: "test"}
	grant = check.Meta{ID: "rbac-grant", Severity: check.High, Category: GrantCategory}
)

// TestRankGolden ranks, for each fixture under testdata, a medium finding
// on every object, and compares scores and factors with its .golden file.
func TestRankGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			inv := source.Load([]string{file}, source.Options{})
			if len(inv.Errors) > 0 {
				t.Fatalf("fixture errors: %v", inv.Errors)
			}
			rep := fixtureReport(inv)
			Rank(rep, inv)
			golden.Check(t, strings.TrimSuffix(file, ".yaml")+".golden", render(rep))
		})
	}
}

func fixtureReport(inv *inventory.Inventory) *report.Report {
	rep := &report.Report{Checks: []check.Meta{probe, grant}}
	add := func(m check.Meta, o *inventory.Object, msg string) {
		rep.Findings = append(rep.Findings, report.Finding{
			Check:  report.CheckRef{ID: m.ID, Severity: m.Severity},
			Status: check.Fail, Resource: o.Ref(), Message: msg,
		})
	}
	for _, o := range inv.Objects {
		add(probe, o, "a medium problem")
		if msg := o.Annotation("test.palisade.dev/grant"); msg != "" {
			add(grant, o, msg)
		}
	}
	return rep
}

func render(rep *report.Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		r := f.Resource
		fmt.Fprintf(&b, "%3d  %s %s/%s/%s\n", f.Risk.Score, f.Check.ID, r.Kind, r.Namespace, r.Name)
		for _, why := range f.Risk.Factors {
			fmt.Fprintf(&b, "       %s\n", why)
		}
	}
	return b.String()
}

// TestScoreFormula states the documented formula.
func TestScoreFormula(t *testing.T) {
	cases := []struct {
		name string
		sev  check.Severity
		ctx  Context
		want int
	}{
		{"severity only", check.High, Context{}, 35},
		{"info", check.Info, Context{}, 2},
		{"unknown severity", "urgent", Context{}, 0},
		{"exposed", check.Medium, Context{Exposed: "x"}, 20 + 20},
		{"escape without exposure: no attack path", check.Medium, Context{NodeEscape: "x"}, 20 + 15},
		{"exposed and escape", check.Low, Context{Exposed: "x", NodeEscape: "y"}, 10 + 20 + 15 + 10},
		{"exposed and grant", check.Low, Context{Exposed: "x", Grant: "y"}, 10 + 20 + 15 + 10},
		{"kube-system and replicas", check.Low, Context{KubeSystem: true, Replicas: "x"}, 10 + 10 + 5},
		{"capped", check.Critical, Context{Exposed: "a", NodeEscape: "b", Grant: "c", KubeSystem: true, Replicas: "d"}, 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Score(c.sev, c.ctx)
			if r.Score != c.want {
				t.Errorf("score %d, want %d (factors %q)", r.Score, c.want, r.Factors)
			}
		})
	}
}

func TestRankOnlyFailingFindings(t *testing.T) {
	ref := inventory.Ref{Kind: "Deployment", Namespace: "kube-system", Name: "x"}
	rep := &report.Report{Findings: []report.Finding{
		{Check: report.CheckRef{ID: "a", Severity: check.High}, Status: check.Fail, Resource: ref},
		{Check: report.CheckRef{ID: "b", Severity: check.High}, Status: check.Excepted, Resource: ref},
		{Check: report.CheckRef{ID: "c", Severity: check.High}, Status: check.Pass, Resource: ref},
	}}
	Rank(rep, nil) // no inventory: severity and namespace only
	if r := rep.Findings[0].Risk; r == nil || r.Score != 45 || !slices.Equal(r.Factors, []string{"runs in kube-system, beside the control plane"}) {
		t.Errorf("failing finding: %+v", r)
	}
	if rep.Findings[1].Risk != nil || rep.Findings[2].Risk != nil {
		t.Error("excepted or passing findings got a risk")
	}
}

func TestTop(t *testing.T) {
	f := func(id string, sev check.Severity, score int) report.Finding {
		return report.Finding{Check: report.CheckRef{ID: id, Severity: sev}, Status: check.Fail, Risk: &report.Risk{Score: score}}
	}
	unranked := report.Finding{Check: report.CheckRef{ID: "none"}, Status: check.Fail}
	rep := &report.Report{Findings: []report.Finding{
		f("low-40", check.Low, 40), f("high-40", check.High, 40), unranked, f("med-90", check.Medium, 90), f("high-40b", check.High, 40),
	}}
	var got []string
	for _, tf := range Top(rep, 3) {
		got = append(got, tf.Check.ID)
	}
	if want := []string{"med-90", "high-40", "high-40b"}; !slices.Equal(got, want) {
		t.Errorf("Top = %v, want %v", got, want)
	}
	if n := len(Top(rep, 10)); n != 4 {
		t.Errorf("Top(10) has %d findings, want the 4 ranked", n)
	}
}

// TestContextChecksExist fails when a check listed as giving context is
// not a registered check, so that extending the lists cannot silently
// miss.
func TestContextChecksExist(t *testing.T) {
	reg, err := checks.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range slices.Concat(ExposureChecks, GrantChecks) {
		if reg.Get(id) == nil {
			t.Errorf("risk context names check %q, which is not registered", id)
		}
	}
}

func TestTopResources(t *testing.T) {
	a := inventory.Ref{Kind: "Deployment", Namespace: "x", Name: "a"}
	b := inventory.Ref{Kind: "Deployment", Namespace: "x", Name: "b"}
	f := func(id string, ref inventory.Ref, score int) report.Finding {
		return report.Finding{Check: report.CheckRef{ID: id}, Status: check.Fail, Resource: ref, Risk: &report.Risk{Score: score}}
	}
	rep := &report.Report{Findings: []report.Finding{f("a1", a, 90), f("a2", a, 80), f("b1", b, 85), f("a3", a, 10)}}
	top := TopResources(rep, 5)
	if len(top) != 2 || top[0].Finding.Check.ID != "a1" || top[0].More != 2 || top[1].Finding.Check.ID != "b1" || top[1].More != 0 {
		t.Errorf("TopResources = %+v", top)
	}
	if len(TopResources(rep, 1)) != 1 {
		t.Error("TopResources ignores n")
	}
}

package frameworks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// scoreFixture is a report over the test framework of
// testdata/score-framework.yaml, with the checks that cite its controls.
func scoreFixture(t *testing.T) (*report.Report, *Framework, Mapping) {
	t.Helper()
	b, err := os.ReadFile("testdata/score-framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	cites := func(id string, controls ...string) check.Meta {
		return check.Meta{ID: id, Frameworks: map[string][]string{"TEST": controls}}
	}
	a, b2 := cites("a", "c-fail", "c-mixed"), cites("b", "c-pass", "c-mixed")
	c, d := cites("c", "c-not-checked"), cites("d", "c-not-applicable")
	e, f, g := cites("e", "c-idle"), cites("f", "c-no-scope"), cites("g", "c-excepted-only")
	api, web := deploy("shop", "api"), deploy("shop", "web")
	front, agent := deploy("web", "front"), deploy("kube-system", "agent")
	rep := &report.Report{
		Checks: []check.Meta{a, b2, c, d, f, g}, // e did not run
		Findings: []report.Finding{
			result(a, api, check.Fail, "privileged"), result(a, web, check.Pass, ""), result(a, front, check.Pass, ""),
			result(b2, api, check.Pass, ""), result(b2, web, check.Pass, ""), result(b2, agent, check.Excepted, "by design"),
			result(c, api, check.Pass, ""), result(c, web, check.NotChecked, "secrets could not be read"),
			result(d, api, check.NotApplicable, "Windows pod"), result(d, web, check.NotApplicable, "Windows pod"),
			result(g, agent, check.Excepted, "by design"),
		},
	}
	all := []check.Meta{a, b2, c, d, e, f, g}
	return rep, fw, Map(all)
}

func deploy(ns, name string) inventory.Ref {
	return inventory.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: ns, Name: name}
}

func result(m check.Meta, ref inventory.Ref, s check.Status, msg string) report.Finding {
	return report.Finding{Check: report.CheckRef{ID: m.ID, Frameworks: m.Frameworks}, Status: s, Resource: ref, Message: msg}
}

func TestScoreGolden(t *testing.T) {
	rep, fw, m := scoreFixture(t)
	got, err := json.MarshalIndent(Score(rep, fw, m), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, filepath.Join("testdata", "score.json"), string(got))
}

// TestScoreFormula states the documented formula on the fixture: the mean,
// over controls decided pass or fail that have passed or failed
// resources, of passed / (passed + failed); namespaces alike.
func TestScoreFormula(t *testing.T) {
	rep, fw, m := scoreFixture(t)
	res := Score(rep, fw, m)
	// c-fail 2/3, c-pass 2/2, c-mixed 2/3 (api fails a, web passes both,
	// agent's failure is excepted and not scored): (2/3+1+2/3)/3.
	if res.Score == nil || *res.Score != 77.8 {
		t.Errorf("score %v, want 77.8", scoreText(res.Score))
	}
	// shop: c-fail 1/2, c-pass 2/2, c-mixed 1/2; web: c-fail 1/1;
	// kube-system holds only excepted resources and has no score.
	want := map[string]float64{"shop": 66.7, "web": 100}
	if len(res.Namespaces) != len(want) || res.Namespaces["shop"] != want["shop"] || res.Namespaces["web"] != want["web"] {
		t.Errorf("namespace scores %v, want %v", res.Namespaces, want)
	}
	wantStatus := map[string]string{
		"c-fail": StatusFail, "c-pass": StatusPass, "c-mixed": StatusFail, "c-not-checked": StatusNotChecked,
		"c-not-applicable": StatusNotApplicable, "c-manual": StatusManual, "c-idle": StatusNotChecked,
		"c-no-scope": StatusNotChecked, "c-no-check": StatusNotChecked, "c-excepted-only": StatusPass,
	}
	for _, c := range res.Controls {
		if c.Status != wantStatus[c.ID] {
			t.Errorf("control %s: status %s, want %s (%s)", c.ID, c.Status, wantStatus[c.ID], c.Reason)
		}
	}
}

func scoreText(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestScoreWithNothingDecided(t *testing.T) {
	_, fw, m := scoreFixture(t)
	res := Score(&report.Report{}, fw, m)
	if res.Score != nil || res.Namespaces != nil {
		t.Errorf("score %v %v, want none when no control is decided", res.Score, res.Namespaces)
	}
	if res.Statuses[StatusManual] != 1 || res.Statuses[StatusNotChecked] != 9 {
		t.Errorf("statuses %v", res.Statuses)
	}
}

func TestApplyDropsWhatWasKeptForScoring(t *testing.T) {
	pass := report.Finding{Check: report.CheckRef{ID: "privileged-container", Frameworks: map[string][]string{check.CIS: {"5.2.2"}}},
		Status: check.Pass, Resource: deploy("shop", "web")}
	fail := pass
	fail.Status, fail.Resource = check.Fail, deploy("shop", "api")
	na := pass
	na.Status = check.NotApplicable
	for _, keep := range []bool{false, true} {
		rep := &report.Report{Findings: []report.Finding{pass, fail, na}, Summary: report.Summary{Passed: 1}}
		if err := Apply(rep, []string{"cis", "CIS-1.12", "pss"}, nil, keep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Frameworks) != 2 || rep.Frameworks[0].Name != check.CIS || rep.Frameworks[1].Name != check.PSS {
			t.Fatalf("frameworks %+v, want CIS-1.12 then PSS once each", rep.Frameworks)
		}
		if c := rep.Frameworks[0].Controls[controlIndex(t, rep.Frameworks[0], "5.2.2")]; c.Passed != 1 || c.Failed != 1 {
			t.Errorf("5.2.2: %+v, want 1 passed, 1 failed", c)
		}
		wantN, wantPassed := 1, 0
		if keep {
			wantN, wantPassed = 3, 1
		}
		if len(rep.Findings) != wantN || rep.Summary.Passed != wantPassed {
			t.Errorf("keepPassed=%v: %d findings, passed %d; want %d, %d", keep, len(rep.Findings), rep.Summary.Passed, wantN, wantPassed)
		}
	}
	if err := Apply(&report.Report{}, []string{"soc2"}, nil, false); err == nil {
		t.Error("Apply accepted an unknown framework")
	}
}

func controlIndex(t *testing.T, fr report.FrameworkResult, id string) int {
	t.Helper()
	for i, c := range fr.Controls {
		if c.ID == id {
			return i
		}
	}
	t.Fatalf("no control %s in %s", id, fr.Name)
	return -1
}

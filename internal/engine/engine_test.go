package engine

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

func meta(id string, sev check.Severity) check.Meta {
	return check.Meta{ID: id, Title: id, Severity: sev, Rationale: "r", Remediation: "Fix."}
}

type exceptAll struct{}

func (exceptAll) Except(f *report.Finding, _ *inventory.Object) *report.Exception {
	if f.Resource.Name == "b" {
		return &report.Exception{Reason: "accepted", Source: "test"}
	}
	return nil
}

func TestRun(t *testing.T) {
	a := &inventory.Object{Kind: "Pod", Name: "a", Location: inventory.Location{File: "f.yaml", Line: 1}}
	b := &inventory.Object{Kind: "Pod", Name: "b", Location: inventory.Location{File: "f.yaml", Line: 9}}
	inv := inventory.New([]*inventory.Object{a, b}, []inventory.LoadError{{File: "x.yaml", Line: 3, Message: "broken"}})
	failEach := &check.Check{Meta: meta("fails", check.High), Run: func(inv *inventory.Inventory, _ *check.Options, r func(check.Result)) {
		for _, o := range []*inventory.Object{b, a} { // reported out of order on purpose
			r(check.Result{Object: o, Path: "spec", Message: "bad"})
		}
	}}
	passes := &check.Check{Meta: meta("passes", check.Low), Run: func(inv *inventory.Inventory, _ *check.Options, r func(check.Result)) {
		r(check.Result{Object: a, Status: check.Pass})
	}}
	panics := &check.Check{Meta: meta("panics", check.Medium), Run: func(*inventory.Inventory, *check.Options, func(check.Result)) {
		panic("boom")
	}}
	optIn := &check.Check{Meta: meta("opt-in", check.Critical), Run: failEach.Run}
	optIn.OptIn = true
	reg, err := check.NewRegistry(failEach, passes, panics, optIn)
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(inv, Options{Registry: reg, Exceptions: exceptAll{}})
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Check.ID+":"+f.Resource.Name+":"+string(f.Status))
	}
	want := []string{"panics::not-checked", "fails:a:fail", "fails:b:excepted"}
	if len(got) != len(want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d = %s, want %s (all: %v)", i, got[i], want[i], got)
		}
	}
	s := rep.Summary
	if s.Failed[check.High] != 1 || s.Excepted != 1 || s.Errors != 1 || s.Objects != 2 || s.Checks != 3 {
		t.Errorf("summary %+v", s)
	}
	if l := rep.Findings[1].Location; l == nil || l.Line != 1 {
		t.Errorf("location not resolved: %v", l)
	}
	all := Run(inv, Options{Registry: reg, IncludePassed: true, Only: []string{"passes", "opt-in"}})
	if len(all.Findings) != 3 || all.Summary.Passed != 1 {
		t.Errorf("--all with --check: %+v", all.Findings)
	}
}

// TestSortKeepsCheckOrderOnTies checks that findings with the same object,
// line and check keep the order the check reported them in.
func TestSortKeepsCheckOrderOnTies(t *testing.T) {
	a := &inventory.Object{Kind: "Pod", Name: "a", Location: inventory.Location{File: "f.yaml", Line: 1}}
	inv := inventory.New([]*inventory.Object{a}, nil)
	msgs := []string{"third", "first", "second", "fourth"}
	same := &check.Check{Meta: meta("same", check.High), Run: func(_ *inventory.Inventory, _ *check.Options, r func(check.Result)) {
		for _, m := range msgs {
			r(check.Result{Object: a, Path: "spec.missing", Message: m})
		}
	}}
	reg, err := check.NewRegistry(same)
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(inv, Options{Registry: reg})
	if len(rep.Findings) != len(msgs) {
		t.Fatalf("got %d findings, want %d", len(rep.Findings), len(msgs))
	}
	for i, f := range rep.Findings {
		if f.Message != msgs[i] {
			t.Errorf("finding %d = %q, want %q", i, f.Message, msgs[i])
		}
	}
}

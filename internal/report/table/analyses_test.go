package table

import (
	"fmt"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// TestOpensWithTopRisks checks the order the issue asks for: the riskiest
// finding first, with why, before the findings by severity.
func TestOpensWithTopRisks(t *testing.T) {
	out := render(t, reporttest.FullWithBaseline(), Options{})
	if !strings.HasPrefix(out, "TOP RISKS (5)\n   92  privileged-container  Deployment/shop/api  (+1 more on it)\n") {
		t.Errorf("table does not open with the top risk:\n%s", out)
	}
	if !strings.Contains(out, "critical; privileged: can escape to the node; exposed through LoadBalancer service shop/api") {
		t.Errorf("top risk does not say why:\n%s", out)
	}
	if strings.Contains(render(t, reporttest.Sample(), Options{}), "TOP RISKS") {
		t.Error("a report without risk scores has a TOP RISKS section")
	}
}

func TestFailingControlsAreCapped(t *testing.T) {
	r := reporttest.FullWithBaseline()
	fw := &r.Frameworks[0]
	for i := range maxFailingControls + 3 {
		fw.Controls = append(fw.Controls, report.ControlResult{ID: fmt.Sprintf("9.%d", i), Title: "t", Status: "fail", Failed: 1})
	}
	out := render(t, r, Options{})
	if !strings.Contains(out, "... and 5 more failing controls") {
		t.Errorf("failing controls not capped:\n%s", out)
	}
}

func TestBaselineSaysWhatWasNotRechecked(t *testing.T) {
	b := &report.BaselineSummary{File: "old.json", New: 1, Existing: 2, Fixed: 3}
	if got, want := baselineText(b), "baseline old.json: 1 new, 2 existing, 3 fixed"; got != want {
		t.Errorf("baselineText = %q, want %q", got, want)
	}
	b.NotRechecked = 4
	if got, want := baselineText(b), "baseline old.json: 1 new, 2 existing, 3 fixed, 4 not re-checked"; got != want {
		t.Errorf("baselineText = %q, want %q", got, want)
	}
}

package table

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// fullReport is the sample with risk, baseline and framework results.
func fullReport() *report.Report {
	r := reporttest.Full()
	r.Summary.Baseline = &report.BaselineSummary{File: "previous.json", New: 2, Existing: 5, Fixed: 1}
	return r
}

func TestWriteGoldenFull(t *testing.T) {
	for _, width := range []int{0, 80} {
		name := "full"
		if width > 0 {
			name = fmt.Sprintf("full-width-%d", width)
		}
		t.Run(name, func(t *testing.T) {
			got := render(t, fullReport(), Options{Width: width})
			golden := filepath.Join("testdata", name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, got)
			}
		})
	}
}

// TestOpensWithTopRisks checks the order the issue asks for: the riskiest
// finding first, with why, before the findings by severity.
func TestOpensWithTopRisks(t *testing.T) {
	out := render(t, fullReport(), Options{})
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
	r := fullReport()
	fw := &r.Frameworks[0]
	for i := range maxFailingControls + 3 {
		fw.Controls = append(fw.Controls, report.ControlResult{ID: fmt.Sprintf("9.%d", i), Title: "t", Status: "fail", Failed: 1})
	}
	out := render(t, r, Options{})
	if !strings.Contains(out, "... and 5 more failing controls") {
		t.Errorf("failing controls not capped:\n%s", out)
	}
}

package junit

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// TestFrameworkSuites checks that each framework is a suite with its score
// as a property, failing controls as failures, and undecided controls
// skipped with their reason rather than passed.
func TestFrameworkSuites(t *testing.T) {
	doc := build(reporttest.Full())
	byName := map[string]*testSuite{}
	for _, s := range doc.Suites {
		byName[s.Name] = s
	}
	cis := byName["framework CIS-1.12: CIS Kubernetes Benchmark v1.12"]
	if cis == nil {
		t.Fatalf("no CIS suite in %d suites", len(doc.Suites))
	}
	if p := cis.Properties.Property; p[0] != (property{Name: "score", Value: "62.5"}) {
		t.Errorf("CIS properties %+v", p)
	}
	if cis.Tests != 4 || cis.Failures != 2 || cis.Skipped != 1 {
		t.Errorf("CIS suite: %d tests, %d failures, %d skipped; want 4, 2, 1", cis.Tests, cis.Failures, cis.Skipped)
	}
	nsa := byName["framework NSA: NSA-CISA Kubernetes Hardening Guide"]
	if nsa == nil || nsa.Properties.Property[0].Value != "none" || nsa.Skipped != 1 ||
		!strings.Contains(nsa.Cases[0].Skipped.Message, "not-checked: secrets could not be listed") {
		t.Errorf("NSA suite (no score) %+v", nsa)
	}
	if n := len(build(&report.Report{}).Suites); n != 0 {
		t.Errorf("an empty report has %d suites", n)
	}
}

package jsonreport

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// TestStreamCarriesTheWholeReport decodes the streamed JSON back into a
// report: every field of the contract (risk, baseline, fix, frameworks
// included) must survive, so the stream never drifts from report.Report.
func TestStreamCarriesTheWholeReport(t *testing.T) {
	in := reporttest.FullWithBaseline()
	// A result that overrides its check's severity must keep its own.
	in.Findings[2].Check.Severity = check.Low // privileged-container, as Findings[0]
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	var out report.Report
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	in.Checks = nil // not part of the contract
	in.Summary = summary(in.Summary)
	if !reflect.DeepEqual(in.Findings, out.Findings) {
		t.Errorf("findings differ after a round trip:\n got %+v\nwant %+v", out.Findings, in.Findings)
	}
	if !reflect.DeepEqual(in.Frameworks, out.Frameworks) || !reflect.DeepEqual(in.Summary, out.Summary) {
		t.Errorf("frameworks or summary differ after a round trip:\n got %+v %+v\nwant %+v %+v", out.Frameworks, out.Summary, in.Frameworks, in.Summary)
	}
}

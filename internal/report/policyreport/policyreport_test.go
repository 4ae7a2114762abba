package policyreport

import (
	"strings"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// scanTime stamps the golden results.
var scanTime = time.Date(2026, 11, 22, 10, 30, 0, 500, time.UTC)

func TestWriteGolden(t *testing.T) {
	reporttest.Golden(t, ".yaml", Write, []reporttest.Case[Options]{
		{Name: "sample", Report: reporttest.Sample()},
		{Name: "full", Report: reporttest.Full(), Options: Options{Time: scanTime}},
		{Name: "empty", Report: reporttest.Empty()},
	})
}

// TestReportsSplitByScope checks where each finding lands and that the
// summaries count the results, with statuses mapped truthfully: a
// not-checked finding is an error, never a pass.
func TestReportsSplitByScope(t *testing.T) {
	docs := Build(reporttest.Full(), Options{})
	type want struct {
		kind, ns string
		summary  Summary
	}
	wants := []want{
		{KindClusterPolicyReport, "", Summary{Fail: 2}},
		{KindPolicyReport, "kube-system", Summary{Skip: 1}},
		{KindPolicyReport, "shop", Summary{Fail: 2, Error: 1}},
		{KindPolicyReport, "web", Summary{Fail: 2, Pass: 1}},
	}
	if len(docs) != len(wants) {
		t.Fatalf("got %d reports, want %d", len(docs), len(wants))
	}
	for i, w := range wants {
		d := docs[i]
		if d.Kind != w.kind || d.Metadata.Namespace != w.ns || d.Summary != w.summary {
			t.Errorf("report %d = %s %q %+v, want %s %q %+v", i, d.Kind, d.Metadata.Namespace, d.Summary, w.kind, w.ns, w.summary)
		}
		for _, res := range d.Results {
			if res.Resources[0].Namespace != w.ns {
				t.Errorf("%s result for %v in the report of namespace %q", res.Policy, res.Resources[0], w.ns)
			}
		}
	}
}

func TestUnknownStatusIsAnError(t *testing.T) {
	f := report.Finding{Check: report.CheckRef{ID: "x", Severity: check.Low}, Status: "surprise"}
	res := result(&f, "", time.Time{})
	if res.Result != ResultError || res.Scored || res.Properties["status"] != "surprise" {
		t.Errorf("result = %+v, want an unscored error that keeps the status", res)
	}
}

func TestEmptyReportIsOneClusterReport(t *testing.T) {
	out := reporttest.RenderWith(t, Write, &report.Report{Tool: report.Tool{Name: "palisade"}}, Options{})
	if strings.Count(out, "kind: ") != 1 || !strings.Contains(out, "kind: ClusterPolicyReport") {
		t.Errorf("want one empty ClusterPolicyReport, got:\n%s", out)
	}
}

func TestWriteReportsWriterError(t *testing.T) { reporttest.CheckWriterError(t, Write) }

func BenchmarkWrite(b *testing.B) { reporttest.Benchmark(b, Write, Options{Time: scanTime}) }

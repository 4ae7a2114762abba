package policyreport

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// scanTime stamps the golden results.
var scanTime = time.Date(2026, 11, 22, 10, 30, 0, 500, time.UTC)

func TestWriteGolden(t *testing.T) {
	tests := []struct {
		name string
		rep  *report.Report
		opts Options
	}{
		{"sample", reporttest.Sample(), Options{}},
		{"full", reporttest.Full(), Options{Time: scanTime}},
		{"empty", &report.Report{Tool: report.Tool{Name: "palisade", Version: "0.1.0-test"}}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.rep, tt.opts)
			golden := filepath.Join("testdata", tt.name+".yaml")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if string(out) != string(want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, out)
			}
		})
	}
}

func render(t *testing.T, r *report.Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
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
	out := string(render(t, &report.Report{Tool: report.Tool{Name: "palisade"}}, Options{}))
	if strings.Count(out, "kind: ") != 1 || !strings.Contains(out, "kind: ClusterPolicyReport") {
		t.Errorf("want one empty ClusterPolicyReport, got:\n%s", out)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteReportsWriterError(t *testing.T) {
	if err := Write(failingWriter{}, reporttest.Sample(), Options{}); err == nil {
		t.Fatal("want an error from a failing writer")
	}
}

func BenchmarkWrite(b *testing.B) {
	r := reporttest.Large(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, r, Options{Time: scanTime}); err != nil {
			b.Fatal(err)
		}
	}
}

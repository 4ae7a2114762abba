package prometheus

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestWriteGolden(t *testing.T) {
	tests := []struct {
		name string
		rep  *report.Report
	}{
		{"sample", reporttest.Sample()},
		{"full", reporttest.Full()},
		{"empty", &report.Report{Tool: report.Tool{Name: "palisade", Version: "0.1.0-test"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.rep)
			golden := filepath.Join("testdata", tt.name+".prom")
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

func render(t *testing.T, r *report.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parse reads the exposition back with Prometheus's own parser.
func parse(t *testing.T, out []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("Prometheus cannot parse the output: %v\n%s", err, out)
	}
	return fams
}

// TestPrometheusReadsWhatWeWrite parses the output with expfmt and checks
// the values: the findings gauges add up to the summary, and the scores
// and scan facts are there.
func TestPrometheusReadsWhatWeWrite(t *testing.T) {
	r := reporttest.Full()
	fams := parse(t, render(t, r))
	failed := 0
	for _, n := range r.Summary.Failed {
		failed += n
	}
	if got := sum(fams["palisade_findings"]); got != float64(failed) {
		t.Errorf("palisade_findings adds up to %v, want %d", got, failed)
	}
	if got := sum(fams["palisade_findings_excepted"]); got != 1 {
		t.Errorf("palisade_findings_excepted adds up to %v, want 1", got)
	}
	want := map[string]float64{"CIS-1.12": 62.5, "PSS": 87.5}
	for _, m := range fams["palisade_framework_score"].GetMetric() {
		fw := m.GetLabel()[0].GetValue()
		if m.GetGauge().GetValue() != want[fw] {
			t.Errorf("palisade_framework_score{framework=%q} = %v, want %v", fw, m.GetGauge().GetValue(), want[fw])
		}
		delete(want, fw)
	}
	if len(want) > 0 {
		t.Errorf("no score for %v", want)
	}
	if got := sum(fams["palisade_scan_duration_seconds"]); got != 0.042 {
		t.Errorf("palisade_scan_duration_seconds = %v, want 0.042", got)
	}
	for name, mf := range fams {
		if mf.GetType() != dto.MetricType_GAUGE || mf.GetHelp() == "" {
			t.Errorf("%s: type %v, help %q; want a documented gauge", name, mf.GetType(), mf.GetHelp())
		}
	}
}

// TestLabelValuesAreEscaped feeds label values with quotes, backslashes and
// line breaks: the output must still parse and give them back unchanged.
func TestLabelValuesAreEscaped(t *testing.T) {
	nasty := "a\"b\\c\nd"
	r := &report.Report{
		Tool: report.Tool{Version: nasty},
		Findings: []report.Finding{{
			Check:    report.CheckRef{ID: "x", Severity: check.High},
			Status:   check.Fail,
			Resource: inventory.Ref{Kind: "Pod", Namespace: nasty, Name: "p"},
		}},
	}
	fams := parse(t, render(t, r))
	got := fams["palisade_findings"].GetMetric()[0].GetLabel()
	if len(got) != 3 || got[2].GetName() != "namespace" || got[2].GetValue() != nasty {
		t.Errorf("labels = %v, want namespace %q", got, nasty)
	}
	if v := fams["palisade_scan_info"].GetMetric()[0].GetLabel()[0].GetValue(); v != nasty {
		t.Errorf("version label = %q, want %q", v, nasty)
	}
}

func TestEmptyReportHasNoFindingFamilies(t *testing.T) {
	out := string(render(t, &report.Report{}))
	if strings.Contains(out, "palisade_findings") {
		t.Errorf("an empty report exports finding families without samples:\n%s", out)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteReportsWriterError(t *testing.T) {
	if err := Write(failingWriter{}, reporttest.Sample()); err == nil {
		t.Fatal("want an error from a failing writer")
	}
}

func sum(mf *dto.MetricFamily) float64 {
	total := 0.0
	for _, m := range mf.GetMetric() {
		total += m.GetGauge().GetValue()
	}
	return total
}

func BenchmarkWrite(b *testing.B) {
	r := reporttest.Large(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

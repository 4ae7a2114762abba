package prometheus

import (
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

func TestWriteGolden(t *testing.T) {
	reporttest.Golden(t, ".prom", reporttest.NoOptions(Write), []reporttest.Case[struct{}]{
		{Name: "sample", Report: reporttest.Sample()},
		{Name: "full", Report: reporttest.Full()},
		{Name: "empty", Report: reporttest.Empty()},
	})
}

// parse renders r and reads the exposition back with Prometheus's own
// parser.
func parse(t *testing.T, r *report.Report) map[string]*dto.MetricFamily {
	t.Helper()
	out := reporttest.Render(t, Write, r)
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(out))
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
	fams := parse(t, r)
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
	fams := parse(t, r)
	got := fams["palisade_findings"].GetMetric()[0].GetLabel()
	if len(got) != 3 || got[2].GetName() != "namespace" || got[2].GetValue() != nasty {
		t.Errorf("labels = %v, want namespace %q", got, nasty)
	}
	if v := fams["palisade_scan_info"].GetMetric()[0].GetLabel()[0].GetValue(); v != nasty {
		t.Errorf("version label = %q, want %q", v, nasty)
	}
}

func TestEmptyReportHasNoFindingFamilies(t *testing.T) {
	out := reporttest.Render(t, Write, &report.Report{})
	if strings.Contains(out, "palisade_findings") {
		t.Errorf("an empty report exports finding families without samples:\n%s", out)
	}
}

func TestWriteReportsWriterError(t *testing.T) {
	reporttest.CheckWriterError(t, reporttest.NoOptions(Write))
}

func sum(mf *dto.MetricFamily) float64 {
	total := 0.0
	for _, m := range mf.GetMetric() {
		total += m.GetGauge().GetValue()
	}
	return total
}

func BenchmarkWrite(b *testing.B) { reporttest.Benchmark(b, reporttest.NoOptions(Write), struct{}{}) }

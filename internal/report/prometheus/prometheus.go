// Package prometheus renders a report in the Prometheus text exposition
// format, for a node-exporter textfile collector or a Pushgateway: failing
// findings per severity, check and namespace, framework scores, and facts
// about the scan. Metric families are built as client_model protobufs and
// written by prometheus/common's expfmt, so names, escaping and layout are
// the format's own.
package prometheus

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/proto"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// Write renders r as Prometheus text exposition to w. Every sample is a
// gauge: each scan replaces the previous one. Findings of a cluster-scoped
// resource have an empty namespace label. r is not modified.
func Write(w io.Writer, r *report.Report) error {
	families := []*dto.MetricFamily{
		findings(r.Findings, check.Fail, "palisade_findings",
			"Failing findings by severity, check and namespace."),
		findings(r.Findings, check.Excepted, "palisade_findings_excepted",
			"Findings excepted by an annotation or the config file, by severity, check and namespace."),
		findings(r.Findings, check.NotChecked, "palisade_findings_not_checked",
			"Checks that could not decide (something was not readable), by severity, check and namespace."),
	}
	families = append(families, frameworks(r.Frameworks)...)
	families = append(families, scan(r)...)
	for _, mf := range families {
		if len(mf.Metric) == 0 {
			continue
		}
		if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
			return fmt.Errorf("writing Prometheus metric %s: %w", mf.GetName(), err)
		}
	}
	return nil
}

// series is one sample: its label values, in the family's label order.
type series struct {
	labels []string
	value  float64
}

// gauge builds a gauge family, its samples sorted by label values.
func gauge(name, help string, labelNames []string, samples []series) *dto.MetricFamily {
	slices.SortFunc(samples, func(a, b series) int { return slices.Compare(a.labels, b.labels) })
	mf := &dto.MetricFamily{Name: proto.String(name), Help: proto.String(help), Type: dto.MetricType_GAUGE.Enum()}
	for _, s := range samples {
		m := &dto.Metric{Gauge: &dto.Gauge{Value: proto.Float64(s.value)}}
		for i, n := range labelNames {
			m.Label = append(m.Label, &dto.LabelPair{Name: proto.String(n), Value: proto.String(s.labels[i])})
		}
		mf.Metric = append(mf.Metric, m)
	}
	return mf
}

// findings counts the findings of one status by severity, check and
// namespace.
func findings(fs []report.Finding, status check.Status, name, help string) *dto.MetricFamily {
	counts := map[[3]string]int{}
	for i := range fs {
		f := &fs[i]
		if f.Status == status {
			counts[[3]string{string(f.Check.Severity), f.Check.ID, f.Resource.Namespace}]++
		}
	}
	samples := make([]series, 0, len(counts))
	for k, n := range counts {
		samples = append(samples, series{labels: k[:], value: float64(n)})
	}
	return gauge(name, help, []string{"severity", "check", "namespace"}, samples)
}

// frameworks exports each framework's score, its namespaces' scores and its
// controls by status.
func frameworks(fws []report.FrameworkResult) []*dto.MetricFamily {
	var scores, nsScores, controls []series
	for _, fw := range fws {
		if fw.Score != nil { // no sample rather than a made-up 0 or 100
			scores = append(scores, series{[]string{fw.Name}, *fw.Score})
		}
		for ns, score := range fw.Namespaces {
			nsScores = append(nsScores, series{[]string{fw.Name, ns}, score})
		}
		for status, n := range controlStatuses(fw) {
			controls = append(controls, series{[]string{fw.Name, status}, float64(n)})
		}
	}
	return []*dto.MetricFamily{
		gauge("palisade_framework_score", "Compliance score of a framework in percent (formula in docs/report.md); absent when no control could be decided.",
			[]string{"framework"}, scores),
		gauge("palisade_framework_namespace_score", "Compliance score of a framework in one namespace, in percent.",
			[]string{"framework", "namespace"}, nsScores),
		gauge("palisade_framework_controls", "Controls of a framework by status (pass, fail, not-applicable, not-checked, manual).",
			[]string{"framework", "status"}, controls),
	}
}

// controlStatuses counts a framework's controls by status.
func controlStatuses(fw report.FrameworkResult) map[string]int {
	if fw.Statuses != nil {
		return fw.Statuses
	}
	byStatus := map[string]int{}
	for _, c := range fw.Controls {
		byStatus[c.Status]++
	}
	return byStatus
}

// scan exports facts about the scan itself.
func scan(r *report.Report) []*dto.MetricFamily {
	s := r.Summary
	one := func(name, help string, v float64) *dto.MetricFamily {
		return gauge(name, help, nil, []series{{value: v}})
	}
	return []*dto.MetricFamily{
		gauge("palisade_scan_info", "The scanner that wrote these metrics; always 1.",
			[]string{"version"}, []series{{[]string{r.Tool.Version}, 1}}),
		one("palisade_scan_duration_seconds", "Wall time of the scan.", float64(s.DurationMS)/1000),
		one("palisade_scan_objects", "Objects scanned.", float64(s.Objects)),
		one("palisade_scan_checks", "Checks run.", float64(s.Checks)),
		one("palisade_scan_errors", "Inputs that could not be read; their objects were not scanned.", float64(s.Errors)),
		gauge("palisade_scan_not_read", "Resources not read (forbidden, not found), by status.",
			[]string{"status"}, notRead(r.Coverage)),
	}
}

func notRead(cov []report.Coverage) []series {
	byStatus := map[string]int{}
	for _, c := range cov {
		byStatus[cmp.Or(strings.TrimSpace(c.Status), "unknown")]++
	}
	var out []series
	for status, n := range byStatus {
		out = append(out, series{[]string{status}, float64(n)})
	}
	return out
}

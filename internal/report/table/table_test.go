package table

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// render is the table of r with opts.
func render(t *testing.T, r *report.Report, opts Options) string {
	t.Helper()
	return reporttest.RenderWith(t, Write, r, opts)
}

func TestWriteGolden(t *testing.T) {
	noFailures := testReport()
	noFailures.Findings = noFailures.Findings[2:3] // the excepted one
	noFailures.Summary.Failed = map[check.Severity]int{}
	noFailures.Errors, noFailures.Coverage = nil, nil
	reporttest.Golden(t, ".txt", Write, []reporttest.Case[Options]{
		{Name: "report", Report: testReport()},
		{Name: "report-width-130", Report: testReport(), Options: Options{Width: 130}},
		{Name: "report-width-80", Report: testReport(), Options: Options{Width: 80}},
		{Name: "report-width-60", Report: testReport(), Options: Options{Width: 60}},
		{Name: "report-width-40", Report: testReport(), Options: Options{Width: 40}},
		{Name: "no-failures", Report: noFailures},
		{Name: "empty", Report: &report.Report{Summary: report.Summary{Objects: 1}}},
		{Name: "full", Report: reporttest.FullWithBaseline()},
		{Name: "full-width-80", Report: reporttest.FullWithBaseline(), Options: Options{Width: 80}},
	})
}

func TestColorOnlyWhenAsked(t *testing.T) {
	for _, color := range []bool{false, true} {
		out := render(t, testReport(), Options{Color: color, Width: 100})
		if got := strings.Contains(out, "\x1b["); got != color {
			t.Errorf("Color=%v: ANSI codes present = %v\n%s", color, got, out)
		}
	}
}

func TestWidthIsRespected(t *testing.T) {
	for _, width := range []int{40, 60, 80, 120, 160} {
		for _, line := range strings.Split(render(t, testReport(), Options{Width: width}), "\n") {
			if n := textWidth(line); n > width {
				t.Errorf("width %d: line of %d runes: %q", width, n, line)
			}
		}
	}
}

func TestSeverityOrder(t *testing.T) {
	out := render(t, testReport(), Options{})
	last := -1
	for _, heading := range []string{"CRITICAL (1)", "HIGH (1)", "MEDIUM (1)", "LOW (2)", "EXCEPTED (1)", "ERRORS (1)"} {
		i := strings.Index(out, heading)
		if i < 0 || i < last {
			t.Errorf("heading %q missing or out of order in:\n%s", heading, out)
		}
		last = i
	}
}

func TestNoFailures(t *testing.T) {
	out := render(t, &report.Report{Summary: report.Summary{Objects: 12}}, Options{})
	if out != "No failing checks in 12 objects.\n" {
		t.Errorf("got %q", out)
	}
}

func TestControlCharactersAreEscaped(t *testing.T) {
	r := testReport()
	r.Findings[0].Message = "evil\x1b[2Jvalue\nsecond line"
	out := render(t, r, Options{})
	if strings.Contains(out, "\x1b") || !strings.Contains(out, `evil\x1b[2Jvalue second line`) {
		t.Errorf("control characters not escaped:\n%s", out)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"", 10, []string{""}},
		{"short", 10, []string{"short"}},
		{"one two three", 7, []string{"one two", "three"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := wrap(tt.in, tt.width)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func TestPartialClusterReadIsSaid(t *testing.T) {
	r := testReport()
	r.Summary.Cluster = &report.ClusterSummary{Server: "https://k", Kinds: 20, KindsRead: 17, Lists: 40, ListsRead: 31, ReadPercent: 77}
	out := render(t, r, Options{})
	if !strings.Contains(out, "cluster read in part: 31 of 40 lists (77%), 17 of 20 kinds in full") {
		t.Errorf("a partial read must be said in the summary:\n%s", out)
	}
	r.Summary.Cluster = &report.ClusterSummary{Server: "https://k", Kinds: 20, KindsRead: 20, Lists: 40, ListsRead: 40, ReadPercent: 100}
	if out := render(t, r, Options{}); strings.Contains(out, "read in part") {
		t.Errorf("a full read needs no remark:\n%s", out)
	}
}

// Checks that cannot decide for the same reason on the same resource (the
// control plane is not visible) are one row naming them all.
func TestNotCheckedSameReasonMerged(t *testing.T) {
	r := &report.Report{Summary: report.Summary{Objects: 3, Failed: map[check.Severity]int{}}}
	for _, id := range []string{"apiserver-anonymous-auth", "apiserver-profiling", "etcd-client-cert-auth"} {
		r.Findings = append(r.Findings, report.Finding{Check: report.CheckRef{ID: id, Severity: check.High},
			Status: check.NotChecked, Message: "no kube-apiserver static pod in kube-system"})
	}
	r.Findings = append(r.Findings, report.Finding{Check: report.CheckRef{ID: "kubelet-read-only-port", Severity: check.High},
		Status: check.NotChecked, Message: "configz forbidden"})
	out := render(t, r, Options{})
	if !strings.Contains(out, "apiserver-anonymous-auth (+2)") ||
		!strings.Contains(out, "[checks: apiserver-anonymous-auth, apiserver-profiling, etcd-client-cert-auth]") ||
		!strings.Contains(out, "NOT CHECKED (2)") || !strings.Contains(out, "kubelet-read-only-port") {
		t.Errorf("not-checked rows of one reason are one row:\n%s", out)
	}
}

package markdown

import (
	"cmp"
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// writeRisks lists the highest-ranked failing findings and why, when risk
// was computed.
func writeRisks(b *strings.Builder, failing []*report.Finding) {
	var ranked []*report.Finding
	for _, f := range failing {
		if f.Risk != nil {
			ranked = append(ranked, f)
		}
	}
	if len(ranked) == 0 {
		return
	}
	slices.SortStableFunc(ranked, func(x, y *report.Finding) int { return cmp.Compare(y.Risk.Score, x.Risk.Score) })
	b.WriteString("### Top risks\n\n| risk | severity | check | resource | why |\n|---:|---|---|---|---|\n")
	for _, f := range ranked[:min(topRisks, len(ranked))] {
		why := make([]string, len(f.Risk.Factors))
		for i, factor := range f.Risk.Factors {
			why[i] = text(factor)
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s |\n", f.Risk.Score, f.Check.Severity, code(f.Check.ID),
			resource(f), strings.Join(why, "; "))
	}
	b.WriteString("\n")
}

// writeFrameworks shows each framework's score and its failing controls.
func writeFrameworks(b *strings.Builder, fws []report.FrameworkResult) {
	if len(fws) == 0 {
		return
	}
	b.WriteString("### Frameworks\n\n| framework | score | failing controls |\n|---|---:|---|\n")
	for _, fw := range fws {
		var failing []string
		for _, c := range fw.Controls {
			if c.Status == "fail" {
				failing = append(failing, code(c.ID))
			}
		}
		fmt.Fprintf(b, "| %s (%s) | %s | %s |\n", text(fw.Title), code(fw.Name), score(fw.Score),
			strings.Join(failing, ", "))
	}
	b.WriteString("\n")
}

// score shows a framework score, or "not scored" when no control could be
// decided.
func score(s *float64) string {
	if s == nil {
		return "not scored"
	}
	return fmt.Sprintf("%.1f%%", *s)
}

// writeFailing lists failing findings by severity, then check, at most limit
// of them (limit < 0: all), and counts the rest.
func writeFailing(b *strings.Builder, failing []*report.Finding, remedy map[string]string, limit int) {
	if len(failing) == 0 {
		return
	}
	b.WriteString("### Findings\n")
	shown := 0
	for _, sev := range check.Severities {
		bySev := filter(failing, func(f *report.Finding) bool { return f.Check.Severity == sev })
		if len(bySev) == 0 || shown == limit {
			continue
		}
		fmt.Fprintf(b, "\n#### %s (%d)\n", titleCase(string(sev)), len(bySev))
		for _, fs := range byCheck(bySev) {
			if shown == limit {
				break
			}
			n := len(fs)
			if limit >= 0 {
				fs = fs[:min(len(fs), limit-shown)]
			}
			fmt.Fprintf(b, "\n%s %s (%d)\n\n", code(fs[0].Check.ID), text(fs[0].Check.Title), n)
			for _, f := range fs {
				writeFinding(b, f)
			}
			shown += len(fs)
			if r := remedy[fs[0].Check.ID]; r != "" {
				fmt.Fprintf(b, "\nRemediation: %s\n", text(r))
			}
		}
	}
	writeRest(b, len(failing)-shown, "failing finding")
}

func writeFinding(b *strings.Builder, f *report.Finding) {
	fmt.Fprintf(b, "- %s", resource(f))
	if f.Path != "" {
		fmt.Fprintf(b, " · %s", code(f.Path))
	}
	if w := f.Location.String(); w != "" {
		fmt.Fprintf(b, " · %s", code(w))
	}
	fmt.Fprintf(b, " — %s", text(f.Message))
	if f.Baseline == "new" {
		b.WriteString(" · **new**")
	}
	b.WriteString("\n")
	if f.Fix != nil && (f.Fix.Snippet != "" || f.Fix.Description != "") {
		// The summary is inside an HTML block, where Markdown escapes do
		// not apply.
		summary := "Fix: " + html.EscapeString(oneLine(f.Fix.Description))
		if f.Fix.Risky {
			summary += " (can change behaviour)"
		}
		fmt.Fprintf(b, "  <details><summary>%s</summary>\n\n", summary)
		if f.Fix.Snippet != "" {
			codeBlock(b, "  ", "yaml", f.Fix.Snippet)
		}
		b.WriteString("  </details>\n")
	}
}

func writeNotChecked(b *strings.Builder, fs []*report.Finding, limit int) {
	if len(fs) == 0 {
		return
	}
	b.WriteString("\n### Not checked\n\nThese checks could not decide; they are not counted as passing.\n\n")
	shown := fs
	if limit >= 0 && len(fs) > limit {
		shown = fs[:limit]
	}
	for _, f := range shown {
		fmt.Fprintf(b, "- %s on %s — %s\n", code(f.Check.ID), resource(f), text(f.Message))
	}
	writeRest(b, len(fs)-len(shown), "not-checked finding")
}

func writeExcepted(b *strings.Builder, fs []*report.Finding, limit int) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n<details><summary>%s</summary>\n\n", plural(len(fs), "excepted finding"))
	shown := fs
	if limit >= 0 && len(fs) > limit {
		shown = fs[:limit]
	}
	for _, f := range shown {
		reason := ""
		if f.Exception != nil {
			reason = text(f.Exception.Reason)
		}
		fmt.Fprintf(b, "- %s on %s — %s\n", code(f.Check.ID), resource(f), reason)
	}
	writeRest(b, len(fs)-len(shown), "excepted finding")
	b.WriteString("\n</details>\n")
}

// writeProblems lists inputs that could not be read and resources not read.
func writeProblems(b *strings.Builder, r *report.Report) {
	if len(r.Errors) == 0 && len(r.Coverage) == 0 {
		return
	}
	b.WriteString("\n### Not read\n\n")
	for _, e := range r.Errors {
		if e.File == "" {
			fmt.Fprintf(b, "- %s\n", text(e.Message))
			continue
		}
		loc := e.File
		if e.Line > 0 {
			loc += fmt.Sprintf(":%d", e.Line)
		}
		fmt.Fprintf(b, "- %s — %s\n", code(loc), text(e.Message))
	}
	for _, c := range r.Coverage {
		fmt.Fprintf(b, "- %s (%s) — %s\n", code(c.Resource), text(c.Status), text(c.Message))
	}
}

func writeRest(b *strings.Builder, n int, noun string) {
	if n > 0 {
		fmt.Fprintf(b, "\n…and %d more %s (the JSON report has them all).\n", n, nouns(n, noun))
	}
}

// byCheck splits findings of one severity by check, ordered by check ID,
// keeping the report's order within a check.
func byCheck(fs []*report.Finding) [][]*report.Finding {
	idx := map[string]int{}
	var out [][]*report.Finding
	for _, f := range fs {
		i, ok := idx[f.Check.ID]
		if !ok {
			i = len(out)
			idx[f.Check.ID] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], f)
	}
	slices.SortFunc(out, func(x, y []*report.Finding) int { return cmp.Compare(x[0].Check.ID, y[0].Check.ID) })
	return out
}

func filter(fs []*report.Finding, keep func(*report.Finding) bool) []*report.Finding {
	var out []*report.Finding
	for _, f := range fs {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

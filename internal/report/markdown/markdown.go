// Package markdown renders a report as GitHub-flavoured Markdown for a
// pull-request comment: the summary, the top risks and framework scores when
// they were computed, and the failing findings grouped by severity then
// check, capped so a comment stays readable, with a count of the rest.
package markdown

import (
	"fmt"
	"io"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// DefaultMaxFindings is the cap when Options.MaxFindings is zero: enough to
// act on, well under GitHub's 65,536-character comment limit.
const DefaultMaxFindings = 50

// topRisks is how many findings the "Top risks" table lists.
const topRisks = 5

// Options tune the rendering.
type Options struct {
	// MaxFindings caps the failing findings listed (the rest are counted);
	// 0 means DefaultMaxFindings, negative means no cap.
	MaxFindings int
}

// Write renders r as Markdown to w. r is not modified.
func Write(w io.Writer, r *report.Report, opts Options) error {
	limit := opts.MaxFindings
	if limit == 0 {
		limit = DefaultMaxFindings
	}
	var b strings.Builder
	g := group(r.Findings)
	writeSummary(&b, r, g)
	writeRisks(&b, g.failing)
	writeFrameworks(&b, r.Frameworks)
	writeFailing(&b, g.failing, remediations(r), limit)
	writeNotChecked(&b, g.notChecked, limit)
	writeExcepted(&b, g.excepted, limit)
	writeProblems(&b, r)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing Markdown report: %w", err)
	}
	return nil
}

// groups are the findings a comment shows, by status.
type groups struct {
	failing, notChecked, excepted []*report.Finding
	newCount                      int
}

func group(fs []report.Finding) groups {
	var g groups
	for i := range fs {
		f := &fs[i]
		switch f.Status {
		case check.Fail:
			g.failing = append(g.failing, f)
			if f.Baseline == "new" {
				g.newCount++
			}
		case check.NotChecked:
			g.notChecked = append(g.notChecked, f)
		case check.Excepted:
			g.excepted = append(g.excepted, f)
		}
	}
	return g
}

func writeSummary(b *strings.Builder, r *report.Report, g groups) {
	fmt.Fprintf(b, "## Palisade: %s\n\n", plural(len(g.failing), "failing finding"))
	var counts []string
	for _, sev := range check.Severities {
		if n := r.Summary.Failed[sev]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	if len(counts) > 0 {
		b.WriteString("**" + strings.Join(counts, " · ") + "**")
	} else {
		b.WriteString("**no failing finding**")
	}
	extra := []struct {
		n    int
		what string
	}{{g.newCount, "new"}, {len(g.excepted), "excepted"}, {len(g.notChecked), "not checked"}}
	for _, e := range extra {
		if e.n > 0 {
			fmt.Fprintf(b, " · %d %s", e.n, e.what)
		}
	}
	b.WriteString("\n\n")
	s := r.Summary
	fmt.Fprintf(b, "%s · %s · %d ms", plural(s.Objects, "object"), plural(s.Checks, "check"), s.DurationMS)
	if s.Errors > 0 {
		fmt.Fprintf(b, " · **%s could not be read**", plural(s.Errors, "input"))
	}
	if len(r.Coverage) > 0 {
		fmt.Fprintf(b, " · **%s not read**", plural(len(r.Coverage), "resource"))
	}
	fmt.Fprintf(b, " · %s %s\n\n", text(r.Tool.Name), text(r.Tool.Version))
}

// plural counts a noun: "1 check", "2 checks".
func plural(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, nouns(n, noun))
}

func nouns(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// resource names a finding's object: "Deployment shop/api".
func resource(f *report.Finding) string {
	ref := f.Resource
	name := ref.Name
	if ref.Namespace != "" {
		name = ref.Namespace + "/" + name
	}
	if name == "" {
		return text(ref.Kind)
	}
	return text(ref.Kind) + " " + code(name)
}

// remediations maps check IDs to their remediation, from the check metadata
// or, failing that, from any finding of the check.
func remediations(r *report.Report) map[string]string {
	m := map[string]string{}
	for _, c := range r.Checks {
		m[c.ID] = c.Remediation
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if m[f.Check.ID] == "" {
			m[f.Check.ID] = f.Remediation
		}
	}
	return m
}

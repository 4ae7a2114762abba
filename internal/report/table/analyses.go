package table

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/risk"
)

// TopRisks is how many resources the TOP RISKS section shows, each with
// its riskiest finding.
const TopRisks = 5

// maxFailingControls caps the failing controls listed per framework.
const maxFailingControls = 10

// topRisks opens the table with the riskiest failing findings and why
// each ranks high.
func (p *printer) topRisks(r *report.Report) {
	top := risk.TopResources(r, TopRisks)
	if len(top) == 0 {
		return
	}
	p.line(p.paint("heading", fmt.Sprintf("TOP RISKS (%d)", len(top))))
	for _, t := range top {
		f := t.Finding
		head := fmt.Sprintf("%3d  %s  %s", f.Risk.Score, f.Check.ID, resourceName(f.Resource))
		if t.More > 0 {
			head += fmt.Sprintf("  (+%d more on it)", t.More)
		}
		p.wrapped(clean(head), "  ")
		why := append([]string{string(f.Check.Severity)}, f.Risk.Factors...)
		p.wrapped(clean(strings.Join(why, "; ")), "       ")
	}
	p.line("")
}

// frameworks lists each framework's score, its controls by status, its
// failing controls and its namespace scores.
func (p *printer) frameworks(r *report.Report) {
	if len(r.Frameworks) == 0 {
		return
	}
	if p.b.Len() > 0 {
		p.line("")
	}
	p.line(p.paint("heading", fmt.Sprintf("FRAMEWORKS (%d)", len(r.Frameworks))))
	for _, f := range r.Frameworks {
		p.wrapped(clean(fmt.Sprintf("%s  %s  %s (%s)", f.Name, scoreText(f.Score), f.Title, statusCounts(f.Statuses))), "  ")
		var failing []report.ControlResult
		for _, c := range f.Controls {
			if c.Status == "fail" {
				failing = append(failing, c)
			}
		}
		for i, c := range failing {
			if i == maxFailingControls {
				p.wrapped(fmt.Sprintf("... and %d more failing controls (-o json lists every control)", len(failing)-i), "    ")
				break
			}
			text := fmt.Sprintf("fail %s %s: %d of %d resources fail", c.ID, c.Title, c.Failed, c.Failed+c.Passed)
			p.wrapped(clean(text), "    ")
		}
		if ns := namespaceScores(f.Namespaces); ns != "" {
			p.wrapped(clean("namespaces: "+ns), "    ")
		}
	}
}

// scoreText is "62.5%", or says why there is no score.
func scoreText(s *float64) string {
	if s == nil {
		return "no score"
	}
	return strconv.FormatFloat(*s, 'f', -1, 64) + "%"
}

// statusCounts is "2 fail, 1 pass, 1 manual", leaving out zeros, in a
// fixed order.
func statusCounts(counts map[string]int) string {
	var parts []string
	for _, s := range []string{"fail", "pass", "not-checked", "manual", "not-applicable"} {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		return "no controls"
	}
	return strings.Join(parts, ", ")
}

// namespaceScores is "shop 50%, web 75%", lowest first, then by name.
func namespaceScores(ns map[string]float64) string {
	names := make([]string, 0, len(ns))
	for n := range ns {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if ns[names[i]] != ns[names[j]] {
			return ns[names[i]] < ns[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		v := ns[n]
		parts[i] = n + " " + scoreText(&v)
	}
	return strings.Join(parts, ", ")
}

// baselineText is the summary's comparison with --baseline, or "".
func baselineText(b *report.BaselineSummary) string {
	if b == nil {
		return ""
	}
	s := fmt.Sprintf("baseline %s: %d new, %d existing, %d fixed", b.File, b.New, b.Existing, b.Fixed)
	if b.NotRechecked > 0 {
		s += fmt.Sprintf(", %d not re-checked", b.NotRechecked)
	}
	return s
}

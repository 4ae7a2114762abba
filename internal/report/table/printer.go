package table

import (
	"fmt"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// printer accumulates the output so that it is written in one call.
type printer struct {
	opts Options
	b    strings.Builder
}

func (p *printer) line(s string) {
	p.b.WriteString(s)
	p.b.WriteByte('\n')
}

// paint wraps text in the colour for key when colour is on.
func (p *printer) paint(key, text string) string {
	code, ok := colors[key]
	if !p.opts.Color || !ok || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// wrapped prints text fitted to the width, continuation lines indented.
func (p *printer) wrapped(text, prefix string) {
	lines := []string{text}
	if p.opts.Width > 0 {
		lines = wrap(text, p.opts.Width-len(prefix)-2)
	}
	for i, l := range lines {
		if i > 0 {
			l = "  " + l
		}
		p.line(prefix + l)
	}
}

// problems lists the inputs that could not be read and the resources a
// cluster scan was not allowed to see.
func (p *printer) problems(r *report.Report) {
	if len(r.Errors) > 0 {
		if p.b.Len() > 0 {
			p.line("")
		}
		p.line(p.paint("error", fmt.Sprintf("ERRORS (%d)", len(r.Errors))))
		for _, e := range r.Errors {
			p.wrapped(clean(e.Error()), "  ")
		}
	}
	if len(r.Coverage) > 0 {
		if p.b.Len() > 0 {
			p.line("")
		}
		p.line(p.paint("heading", fmt.Sprintf("NOT READ (%d)", len(r.Coverage))))
		for _, c := range r.Coverage {
			text := c.Resource + " (" + c.Status + ")"
			if c.Message != "" {
				text += ": " + c.Message
			}
			p.wrapped(clean(text), "  ")
		}
	}
}

// summary is the last line: what was scanned and what was found.
func (p *printer) summary(r *report.Report, failures bool) {
	s := r.Summary
	var extra []string
	if s.Excepted > 0 {
		extra = append(extra, fmt.Sprintf("%d excepted", s.Excepted))
	}
	if n := len(r.Errors); n > 0 {
		extra = append(extra, plural(n, "input error", "input errors"))
	}
	if b := baselineText(s.Baseline); b != "" {
		extra = append(extra, b)
	}
	if s.Benchmark != "" {
		extra = append(extra, "benchmark "+s.Benchmark)
	}
	if c := s.Cluster; c != nil && c.ListsRead < c.Lists {
		extra = append(extra, fmt.Sprintf("cluster read in part: %d of %d lists (%d%%), %d of %d kinds in full",
			c.ListsRead, c.Lists, c.ReadPercent, c.KindsRead, c.Kinds))
	}
	if !failures {
		text := "No failing checks in " + plural(s.Objects, "object", "objects")
		if len(extra) > 0 {
			text += " (" + strings.Join(extra, ", ") + ")"
		}
		p.wrapped(text+".", "")
		return
	}
	counts := make([]string, 0, len(check.Severities))
	for _, sev := range check.Severities {
		counts = append(counts, fmt.Sprintf("%d %s", s.Failed[sev], sev))
	}
	text := plural(s.Objects, "object", "objects") + " scanned, failing: " + strings.Join(counts, ", ")
	if len(extra) > 0 {
		text += "; " + strings.Join(extra, ", ")
	}
	lines := []string{text + "."}
	if p.opts.Width > 0 {
		lines = wrap(text+".", p.opts.Width)
	}
	for _, l := range lines {
		p.line(p.paintCounts(l, s.Failed))
	}
}

// paintCounts colours each non-zero "N severity" of a summary line.
func (p *printer) paintCounts(line string, failed map[check.Severity]int) string {
	for _, sev := range check.Severities {
		if n := failed[sev]; n > 0 {
			c := fmt.Sprintf("%d %s", n, sev)
			line = strings.Replace(line, c, p.paint(string(sev), c), 1)
		}
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

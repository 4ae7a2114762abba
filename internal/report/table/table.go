// Package table renders a report for people at a terminal: failing
// findings grouped by severity, then what could not be read, then a
// one-line summary.
package table

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Options configure the table.
type Options struct {
	// Color adds ANSI colours. The CLI sets it only when writing to a
	// terminal and NO_COLOR is unset; the default is plain text.
	Color bool
	// Width is the line width to fit: messages wrap, and when the columns
	// leave too little room each row stacks its cells above its message.
	// Nothing is cut off. 0 means no limit (one line per finding).
	Width int
}

// ANSI SGR codes, by what they mark.
var colors = map[string]string{
	string(check.Critical): "1;31", // bold red
	string(check.High):     "31",   // red
	string(check.Medium):   "33",   // yellow
	string(check.Low):      "36",   // cyan
	string(check.Info):     "90",   // grey
	"excepted":             "2",    // dim
	"error":                "1;31",
	"heading":              "1",
}

// group is one block of rows under a heading.
type group struct {
	key   string // a severity, "excepted" or "not-checked"
	title string
	rows  []row
}

// Write renders r as a table. Pass and not-applicable findings are left
// out: the table is for what needs attention.
func Write(w io.Writer, r *report.Report, opts Options) error {
	p := &printer{opts: opts}
	p.topRisks(r)
	groups := groupFindings(r.Findings)
	l := newLayout(groups, opts.Width)
	for i, g := range groups {
		if i > 0 {
			p.line("")
		}
		p.line(p.paint(g.key, fmt.Sprintf("%s (%d)", g.title, len(g.rows))))
		for _, rw := range g.rows {
			for _, text := range l.render(rw) {
				if g.key == "excepted" {
					text = p.paint("excepted", text)
				}
				p.line(text)
			}
		}
	}
	p.frameworks(r)
	p.problems(r)
	if p.b.Len() > 0 {
		p.line("")
	}
	p.summary(r, hasFailures(groups))
	if _, err := io.WriteString(w, p.b.String()); err != nil {
		return fmt.Errorf("writing table report: %w", err)
	}
	return nil
}

// groupFindings orders groups by severity, most severe first, then
// excepted and not-checked findings; rows keep the report's order.
func groupFindings(findings []report.Finding) []group {
	byKey := map[string]*group{}
	for _, f := range findings {
		key, title := string(f.Check.Severity), strings.ToUpper(string(f.Check.Severity))
		switch f.Status {
		case check.Fail:
		case check.Excepted:
			key, title = "excepted", "EXCEPTED"
		case check.NotChecked:
			key, title = "not-checked", "NOT CHECKED"
		default:
			continue
		}
		if byKey[key] == nil {
			byKey[key] = &group{key: key, title: title}
		}
		byKey[key].rows = append(byKey[key].rows, findingRow(f))
	}
	var out []group
	for _, g := range byKey {
		if g.key == "not-checked" {
			g.rows = mergeSameReason(g.rows)
		}
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if ri, rj := groupRank(out[i].key), groupRank(out[j].key); ri != rj {
			return ri > rj
		}
		return out[i].key < out[j].key
	})
	return out
}

// mergeSameReason folds not-checked rows that differ only in the check
// into one, "first-check (+N)", listing the checks in the message: when
// the control plane cannot be seen, dozens of checks say the same thing
// about the same resource.
func mergeSameReason(rows []row) []row {
	type key struct{ resource, where, msg string }
	index := map[key]int{}
	var ids [][]string
	var out []row
	for _, r := range rows {
		k := key{r.cells[1], r.cells[2], r.msg}
		if i, ok := index[k]; ok {
			ids[i] = append(ids[i], r.cells[0])
			continue
		}
		index[k] = len(out)
		out = append(out, r)
		ids = append(ids, []string{r.cells[0]})
	}
	for i := range out {
		if n := len(ids[i]); n > 1 {
			out[i].cells[0] = fmt.Sprintf("%s (+%d)", ids[i][0], n-1)
			out[i].msg += " [checks: " + strings.Join(ids[i], ", ") + "]"
		}
	}
	return out
}

// groupRank puts severities first (critical highest), then findings of
// unknown severity, then excepted, then not-checked.
func groupRank(key string) int {
	switch key {
	case "excepted":
		return -2
	case "not-checked":
		return -3
	}
	return check.Severity(key).Rank()
}

func hasFailures(groups []group) bool {
	for _, g := range groups {
		if g.key != "excepted" && g.key != "not-checked" {
			return true
		}
	}
	return false
}

func findingRow(f report.Finding) row {
	msg := f.Message
	if f.Status == check.Excepted && f.Exception != nil && f.Exception.Reason != "" {
		msg += " [excepted: " + f.Exception.Reason + "]"
	}
	if f.Baseline == "new" {
		msg += " [new]"
	}
	return row{cells: [3]string{f.Check.ID, resourceName(f.Resource), where(f)}, msg: clean(msg)}
}

// where is "file:line", the file alone when lines are unknown, or the
// field path for objects that have no file or come from a cluster (their
// API path repeats the resource column; the field says more).
func where(f report.Finding) string {
	if f.Location == nil || f.Location.File == "" || isAPIPath(f.Location.File) && f.Path != "" {
		return clean(f.Path)
	}
	if f.Location.Line > 0 {
		return clean(f.Location.File + ":" + strconv.Itoa(f.Location.Line))
	}
	return clean(f.Location.File)
}

// resourceName is "Kind/namespace/name", leaving out what is empty
// (cluster-scoped objects, nameless config documents).
func resourceName(ref inventory.Ref) string {
	parts := []string{ref.Kind}
	for _, p := range []string{ref.Namespace, ref.Name} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return clean(strings.Join(parts, "/"))
}

func isAPIPath(s string) bool {
	return strings.HasPrefix(s, "/api/") || strings.HasPrefix(s, "/apis/")
}

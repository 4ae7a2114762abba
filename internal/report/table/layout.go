package table

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	indent    = "  "
	subIndent = "    " // message and overflow lines of a stacked row
	gap       = "  "
	minWidth  = 30 // the narrowest message column worth a table
)

// row is one finding: check, resource, location, then the message.
type row struct {
	cells [3]string
	msg   string
}

// layout holds the column widths shared by every group, so the table
// lines up from top to bottom. msg is 0 when messages are not wrapped.
// When the width cannot hold the columns and a readable message, the
// layout is stacked: the cells on one line, the message below, so that
// nothing (least of all a check ID) is cut.
type layout struct {
	cells   [3]int
	msg     int
	width   int
	stacked bool
}

// newLayout sizes the columns to their content and chooses between a
// table and a stacked layout for the width.
func newLayout(groups []group, width int) layout {
	l := layout{width: width}
	for _, g := range groups {
		for _, r := range g.rows {
			for i, c := range r.cells {
				l.cells[i] = max(l.cells[i], textWidth(c))
			}
		}
	}
	if width <= 0 {
		return l
	}
	l.msg = width - len(indent) - 3*len(gap) - l.cells[0] - l.cells[1] - l.cells[2]
	l.stacked = l.msg < minWidth
	return l
}

// render lays out one row as one or more lines, without trailing spaces.
func (l layout) render(r row) []string {
	if l.stacked {
		return l.renderStacked(r)
	}
	prefix := l.cellLine(r)
	msgs := []string{r.msg}
	if l.msg > 0 {
		msgs = wrap(r.msg, l.msg)
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		if i == 0 {
			out[i] = strings.TrimRight(prefix+m, " ")
		} else {
			out[i] = strings.Repeat(" ", textWidth(prefix)) + m
		}
	}
	return out
}

// cellLine is the indented, padded cells of r followed by a gap.
func (l layout) cellLine(r row) string {
	var b strings.Builder
	b.WriteString(indent)
	for i, c := range r.cells {
		b.WriteString(c + strings.Repeat(" ", l.cells[i]-textWidth(c)) + gap)
	}
	return b.String()
}

// renderStacked puts the cells above the message: aligned when every
// row's cells fit the width, otherwise on as few lines as fit.
func (l layout) renderStacked(r row) []string {
	var out []string
	if l.cells[0]+l.cells[1]+l.cells[2]+len(indent)+2*len(gap) <= l.width {
		out = append(out, strings.TrimRight(l.cellLine(r), " "))
	} else {
		out = l.fit(r.cells)
	}
	return append(out, l.block(subIndent, r.msg)...)
}

// fit puts all cells on one line if they fit, else the check ID alone
// with the resource and location under it, else one cell per line.
func (l layout) fit(cells [3]string) []string {
	if line := indent + strings.Join(cells[:], gap); textWidth(line) <= l.width {
		return []string{line}
	}
	out := l.block(indent, cells[0])
	if line := subIndent + cells[1] + gap + cells[2]; textWidth(line) <= l.width {
		return append(out, line)
	}
	out = append(out, l.block(subIndent, cells[1])...)
	return append(out, l.block(subIndent, cells[2])...)
}

// block wraps text to the width, every line behind prefix.
func (l layout) block(prefix, text string) []string {
	lines := wrap(text, l.width-len(prefix))
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return lines
}

// textWidth counts runes: a fair measure of terminal columns for the
// ASCII that Kubernetes names and paths are made of.
func textWidth(s string) int {
	return utf8.RuneCountInString(s)
}

// wrap breaks s into lines of at most width runes, at spaces where it can
// and inside words longer than a line.
func wrap(s string, width int) []string {
	width = max(width, 1)
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		if len(cur) > 0 && len(cur)+1+len(w) > width {
			lines = append(lines, string(cur))
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, w...)
		for len(cur) > width {
			lines = append(lines, string(cur[:width]))
			cur = cur[width:]
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// clean makes text from manifests safe to print: control characters
// (which could move the cursor or recolour the terminal) are shown as
// escapes, and line breaks become spaces so that rows stay rows.
func clean(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r):
			b.WriteString(strings.Trim(strconv.QuoteRune(r), "'"))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

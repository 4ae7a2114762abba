package yamledit

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// text is the source of one document and what is known about its layout:
// where lines start, which nodes sit in flow collections.
type text struct {
	src    []byte // the whole file
	start  int    // offset of the document's chunk in src
	end    int    // offset just after the chunk
	lines  []int  // offset of the start of each line of src
	inFlow map[*yamltree.Node]bool
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// off is the byte offset of a source node (lines and columns are 1-based,
// columns count characters).
func (t *text) off(n *yamltree.Node) int {
	ln := int(n.Line) - 1
	if ln < 0 || ln >= len(t.lines) {
		return t.end
	}
	p := t.lines[ln]
	for c := int32(1); c < n.Column && p < len(t.src) && t.src[p] != '\n'; c++ {
		_, size := utf8.DecodeRune(t.src[p:])
		p += size
	}
	return p
}

// lineOf is the 1-based line of an offset.
func (t *text) lineOf(off int) int {
	lo, hi := 0, len(t.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1
}

// lineStart is the offset of a 1-based line, or the end of the file past
// the last line.
func (t *text) lineStart(line int) int {
	if line-1 >= len(t.lines) {
		return len(t.src)
	}
	return t.lines[line-1]
}

// lineEnd is the offset of the line break (before any \r) of a line.
func (t *text) lineEnd(line int) int {
	s := t.lineStart(line)
	e := bytes.IndexByte(t.src[s:], '\n')
	if e < 0 {
		e = len(t.src) - s
	}
	e += s
	if e > s && t.src[e-1] == '\r' {
		e--
	}
	return e
}

// lastLine is the last line of the document's chunk.
func (t *text) lastLine() int {
	if t.end == 0 {
		return 1
	}
	return t.lineOf(t.end - 1)
}

// indent counts the leading spaces of a line, and reports whether the line
// holds nothing but blanks or a comment.
func (t *text) indent(line int) (n int, empty bool) {
	s, e := t.lineStart(line), t.lineEnd(line)
	for s+n < e && t.src[s+n] == ' ' {
		n++
	}
	return n, s+n == e || t.src[s+n] == '#'
}

// startsItem reports whether a line's content starts a block list item.
func (t *text) startsItem(line, indent int) bool {
	p := t.lineStart(line) + indent
	e := t.lineEnd(line)
	return p < e && t.src[p] == '-' && (p+1 == e || t.src[p+1] == ' ')
}

// extent says which lines after a block node's first line belong to it.
type extent uint8

const (
	// mappingLines: a block mapping whose keys are indented by ind; its
	// lines are indented at least as much.
	mappingLines extent = iota
	// entryLines: a mapping entry or block list at ind; its lines are
	// indented more, or are list items at ind (a list under a key may sit
	// at the key's own indentation).
	entryLines
	// itemLines: one list item whose dash is at ind; its lines are
	// indented more.
	itemLines
)

// blockEnd is the last content line of a block node that starts at line
// first at indentation ind. Trailing blank and comment lines do not count.
func (t *text) blockEnd(first, ind int, x extent) int {
	last := first
	for l := first + 1; l <= t.lastLine(); l++ {
		n, empty := t.indent(l)
		switch {
		case empty:
		case n > ind || (n == ind && (x == mappingLines || (x == entryLines && t.startsItem(l, n)))):
			last = l
		default:
			return last
		}
	}
	return last
}

// isFlow reports whether a source collection is written in flow style.
func (t *text) isFlow(n *yamltree.Node) bool {
	p := t.off(n)
	return p < len(t.src) && (t.src[p] == '{' || t.src[p] == '[')
}

// flowClose is the offset of the bracket closing the flow collection that
// opens at p, skipping quoted strings and comments.
func (t *text) flowClose(p int) (int, error) {
	depth := 0
	for i := p; i < t.end; i++ {
		switch c := t.src[i]; c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i, nil
			}
		case '"', '\'':
			e, err := t.quotedEnd(i)
			if err != nil {
				return 0, err
			}
			i = e - 1
		case '#':
			if i > 0 && (t.src[i-1] == ' ' || t.src[i-1] == '\t' || t.src[i-1] == '\n') {
				i = t.lineEnd(t.lineOf(i))
			}
		}
	}
	return 0, fmt.Errorf("line %d: unclosed flow collection", t.lineOf(p))
}

// quotedEnd is the offset just after the quoted scalar opening at p.
func (t *text) quotedEnd(p int) (int, error) {
	q := t.src[p]
	for i := p + 1; i < t.end; i++ {
		switch {
		case q == '"' && t.src[i] == '\\':
			i++
		case t.src[i] == q && q == '\'' && i+1 < t.end && t.src[i+1] == '\'':
			i++
		case t.src[i] == q:
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("line %d: unclosed quoted string", t.lineOf(p))
}

// scalarEnd is the offset just after a one-line scalar's text. Block
// scalars, anchors, tags and aliases are refused: their text is not a
// value that can be replaced alone.
func (t *text) scalarEnd(n *yamltree.Node) (int, error) {
	p := t.off(n)
	if p >= t.end {
		return p, nil
	}
	switch t.src[p] {
	case '"', '\'':
		e, err := t.quotedEnd(p)
		if err == nil && t.lineOf(e-1) != t.lineOf(p) {
			err = fmt.Errorf("line %d: a quoted value over several lines", t.lineOf(p))
		}
		return e, err
	case '|', '>', '&', '!', '*':
		return 0, fmt.Errorf("line %d: a block scalar, anchor, tag or alias", n.Line)
	}
	e := t.lineEnd(int(n.Line))
	for i := p; i < e; i++ {
		c := t.src[i]
		if (c == '#' && i > p && t.src[i-1] == ' ') || (t.inFlow[n] && (c == ',' || c == ']' || c == '}')) || (c == ':' && (i+1 == e || t.src[i+1] == ' ')) {
			e = i
			break
		}
	}
	for e > p && t.src[e-1] == ' ' {
		e--
	}
	return e, nil
}

// colonAfter is the offset just after the ':' that follows a key.
func (t *text) colonAfter(key *yamltree.Node) (int, error) {
	e, err := t.scalarEnd(key)
	if err != nil {
		return 0, err
	}
	for e < t.end && t.src[e] == ' ' {
		e++
	}
	if e >= t.end || t.src[e] != ':' {
		return 0, fmt.Errorf("line %d: no ':' after key %q", key.Line, key.Value)
	}
	return e + 1, nil
}

// firstOnLine reports whether only blanks, or a list dash when dash is
// allowed, precede offset p on its line.
func (t *text) firstOnLine(p int, dash bool) bool {
	for i := t.lineStart(t.lineOf(p)); i < p; i++ {
		if t.src[i] != ' ' && !(dash && t.src[i] == '-') {
			return false
		}
	}
	return true
}

package yamledit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// Edit replaces the bytes [Start, End) of a file by Text.
type Edit struct {
	Start, End int
	Text       string
	// depth orders insertions at one offset: deeper ones first, so that a
	// nested list item lands before the entry of its enclosing mapping.
	depth int
}

// editor turns recorded changes into text edits.
type editor struct {
	*text
	style
	out []Edit
}

func (e *editor) add(start, end int, s string, depth int) {
	e.out = append(e.out, Edit{Start: start, End: end, Text: s, depth: depth})
}

// edits computes the text edits of all the changes, sorted, and fails when
// a change cannot be written as a local edit or two edits overlap.
func (e *editor) edits(c *changes) ([]Edit, error) {
	steps := []func(*changes) error{e.scalars, e.inserts, e.appends, e.nulls, e.removes, e.replaces}
	for _, step := range steps {
		if err := step(c); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(e.out, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.depth, a.depth))
	})
	for i := 1; i < len(e.out); i++ {
		if e.out[i].Start < e.out[i-1].End {
			return nil, fmt.Errorf("line %d: two changes overlap", e.lineOf(e.out[i].Start))
		}
	}
	return e.out, nil
}

func (e *editor) scalars(c *changes) error {
	for _, n := range c.scalars {
		p := e.off(n)
		end, err := e.scalarEnd(n)
		if err != nil {
			return err
		}
		var quote byte
		if end > p && (e.src[p] == '"' || e.src[p] == '\'') && n.Tag == yamltree.StrTag {
			quote = e.src[p]
		}
		s := e.scalar(n, quote)
		if end == p && p > 0 && e.src[p-1] == ':' {
			s = " " + s // an empty null value: "key:" becomes "key: value"
		}
		e.add(p, end, s, 0)
	}
	return nil
}

func (e *editor) inserts(c *changes) error {
	for m, kv := range c.inserts {
		if e.isFlow(m) {
			parts := make([]string, 0, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				parts = append(parts, e.key(kv[i].Value)+": "+e.flow(kv[i+1]))
			}
			if err := e.flowAppend(m, len(m.Children) == len(kv), parts); err != nil {
				return err
			}
			continue
		}
		ind := int(m.Column) - 1
		e.insertLines(e.blockEnd(int(m.Line), ind, mappingLines), e.entries(kv, ind), ind)
	}
	return nil
}

func (e *editor) appends(c *changes) error {
	for s, items := range c.appends {
		if e.isFlow(s) {
			parts := make([]string, 0, len(items))
			for _, it := range items {
				parts = append(parts, e.flow(it))
			}
			if err := e.flowAppend(s, len(s.Children) == len(items), parts); err != nil {
				return err
			}
			continue
		}
		if len(c.removes[s]) > 0 {
			return fmt.Errorf("line %d: a list both added to and removed from", s.Line)
		}
		ind := int(s.Column) - 1
		e.insertLines(e.blockEnd(int(s.Line), ind, entryLines), e.items(items, ind), ind)
	}
	return nil
}

// insertLines inserts whole lines after line last.
func (e *editor) insertLines(last int, s string, depth int) {
	at := e.lineStart(last + 1)
	if last >= len(e.lines) || at > e.end {
		at = e.lineEnd(last)
		if at == len(e.src) {
			s = e.nl + strings.TrimSuffix(s, e.nl) // no line break at the end of the file
		}
	}
	e.add(at, at, s, depth)
}

// flowAppend adds entries or items at the end of a flow collection: on a
// new line when the collection's last entry stands alone on its line
// (pretty-printed JSON), else on the same line.
func (e *editor) flowAppend(n *yamltree.Node, wasEmpty bool, parts []string) error {
	closing, err := e.flowClose(e.off(n))
	if err != nil {
		return err
	}
	if wasEmpty {
		e.add(closing, closing, strings.Join(parts, ", "), 0)
		return nil
	}
	p := closing
	for p > 0 && strings.ContainsRune(" \t\r\n", rune(e.src[p-1])) {
		p--
	}
	prev := lastSource(n)
	if prevLine := int(prev.Line); prevLine != e.lineOf(e.off(n)) && e.firstOnLine(e.off(prev), false) {
		ind, _ := e.indent(prevLine)
		sep := "," + e.nl + strings.Repeat(" ", ind)
		e.add(p, p, sep+strings.Join(parts, sep), 0)
		return nil
	}
	e.add(p, p, ", "+strings.Join(parts, ", "), 0)
	return nil
}

// lastSource is the last item, or the key of the last entry, of a
// collection that came from the source text.
func lastSource(n *yamltree.Node) *yamltree.Node {
	for i := len(n.Children) - 1; i >= 0; i-- {
		if !isNew(n.Children[i]) {
			if n.Kind == yamltree.MappingNode && i%2 == 1 {
				return n.Children[i-1]
			}
			return n.Children[i]
		}
	}
	return n
}

func (e *editor) nulls(c *changes) error {
	for null, f := range c.nulls {
		p := e.off(null)
		end, err := e.scalarEnd(null)
		if err != nil {
			return err
		}
		if e.inFlow[null] {
			s := e.flow(f.value)
			if end == p {
				s = " " + s
			}
			e.add(p, end, s, 0)
			continue
		}
		if int(null.Line) != int(f.key.Line) {
			return fmt.Errorf("line %d: a null value on its own line", null.Line)
		}
		if end > p {
			e.add(p, end, "", 0)
		}
		ind := int(f.key.Column) - 1
		at := e.lineEnd(int(f.key.Line))
		if f.value.Kind == yamltree.SequenceNode {
			e.add(at, at, e.nl+strings.TrimSuffix(e.items(f.value.Children, ind+e.seqInset), e.nl), ind)
		} else {
			e.add(at, at, e.nl+strings.TrimSuffix(e.entries(f.value.Children, ind+e.step), e.nl), ind)
		}
	}
	return nil
}

func (e *editor) removes(c *changes) error {
	for parent, rs := range c.removes {
		var err error
		switch {
		case parent.Kind == yamltree.SequenceNode && e.isFlow(parent):
			err = e.removeFlowItems(parent)
		case parent.Kind == yamltree.SequenceNode:
			err = e.removeBlockItems(parent, rs)
		case e.isFlow(parent):
			err = fmt.Errorf("line %d: removing an entry of a flow mapping is not supported", parent.Line)
		case len(parent.Children) == 0:
			err = fmt.Errorf("line %d: removing the last entry would leave an empty mapping", parent.Line)
		default:
			for _, r := range rs {
				if err = e.removeEntry(r.key); err != nil {
					break
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// removeFlowItems rewrites a flow list with the items that are left, each
// as it was written.
func (e *editor) removeFlowItems(s *yamltree.Node) error {
	open := e.off(s)
	closing, err := e.flowClose(open)
	if err != nil {
		return err
	}
	kept := make([]string, 0, len(s.Children))
	for _, it := range s.Children {
		if isNew(it) || it.Kind != yamltree.ScalarNode {
			return fmt.Errorf("line %d: only lists of plain values can lose items", s.Line)
		}
		end, err := e.scalarEnd(it)
		if err != nil {
			return err
		}
		kept = append(kept, string(e.src[e.off(it):end]))
	}
	e.add(open, closing+1, "["+strings.Join(kept, ", ")+"]", 0)
	return nil
}

// removeBlockItems removes the lines of block list items; a list left
// empty becomes "key: []".
func (e *editor) removeBlockItems(s *yamltree.Node, rs []removal) error {
	ind := int(s.Column) - 1
	for _, r := range rs {
		dash := e.lineStart(int(r.node.Line)) + ind
		if dash >= len(e.src) || e.src[dash] != '-' || !e.firstOnLine(e.off(r.node), true) {
			return fmt.Errorf("line %d: list item not on a line of its own", r.node.Line)
		}
		last := e.blockEnd(int(r.node.Line), ind, itemLines)
		e.add(e.lineStart(int(r.node.Line)), e.lineStart(last+1), "", 0)
	}
	if len(s.Children) > 0 {
		return nil
	}
	if rs[0].parentKey == nil {
		return fmt.Errorf("line %d: emptied list has no key", s.Line)
	}
	colon, err := e.colonAfter(rs[0].parentKey)
	if err != nil {
		return err
	}
	e.add(colon, colon, " []", 0)
	return nil
}

// removeEntry removes the lines of a block mapping entry.
func (e *editor) removeEntry(key *yamltree.Node) error {
	if !e.firstOnLine(e.off(key), false) {
		return fmt.Errorf("line %d: %s is the first field of a list item", key.Line, key.Value)
	}
	last := e.blockEnd(int(key.Line), int(key.Column)-1, entryLines)
	e.add(e.lineStart(int(key.Line)), e.lineStart(last+1), "", 0)
	return nil
}

func (e *editor) replaces(c *changes) error {
	for _, r := range c.replaces {
		start := e.off(r.key)
		var end int
		switch {
		case e.inFlow[r.key]:
			var err error
			if end, err = e.valueEnd(r.value); err != nil {
				return err
			}
		default:
			end = e.lineEnd(e.blockEnd(int(r.key.Line), int(r.key.Column)-1, entryLines))
		}
		e.add(start, end, e.key(r.newKey)+": "+e.flow(r.newValue), 0)
	}
	return nil
}

// valueEnd is the offset after a value in a flow collection.
func (e *editor) valueEnd(v *yamltree.Node) (int, error) {
	if v.Kind == yamltree.ScalarNode {
		return e.scalarEnd(v)
	}
	c, err := e.flowClose(e.off(v))
	return c + 1, err
}

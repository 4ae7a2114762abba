package yamledit

import (
	"bytes"
	"fmt"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// Doc is one document of a file being edited. Groups of operations are
// tried one at a time (Try); a group is kept only when the document, with
// every group kept so far, still edits cleanly and parses to exactly the
// intended tree. So one change that cannot be made never spoils another.
type Doc struct {
	text
	style
	chunk yamltree.Chunk
	kept  []group
	edits []Edit
}

type group struct {
	prefix string
	ops    []Op
}

// Open prepares the document chunk (from yamltree.Split of src) of the
// file src for editing. The chunk's data must be a slice of src.
func Open(src []byte, chunk yamltree.Chunk) (*Doc, error) {
	start := cap(src) - cap(chunk.Data) // chunk.Data is src[start:...]
	if start < 0 || start > len(src) || start+len(chunk.Data) > len(src) {
		return nil, fmt.Errorf("document is not part of the file")
	}
	d := &Doc{chunk: chunk, text: text{src: src, start: start, end: start + len(chunk.Data), lines: lineStarts(src)}, style: style{nl: "\n"}}
	if bytes.Contains(src, []byte("\r\n")) {
		d.nl = "\r\n"
	}
	root, err := d.parse()
	if err != nil {
		return nil, err
	}
	d.json = d.isFlow(root) && root.Kind == yamltree.MappingNode
	d.step, d.seqInset = d.layout(root)
	return d, nil
}

func (d *Doc) parse() (*yamltree.Node, error) {
	doc, err := yamltree.ParseDocument(d.chunk)
	if err != nil {
		return nil, fmt.Errorf("parsing the document at line %d: %w", d.chunk.Line, err)
	}
	if doc.Root == nil {
		return nil, fmt.Errorf("the document at line %d is empty", d.chunk.Line)
	}
	return doc.Root, nil
}

// Try applies ops to the object at prefix (its path in the document, ""
// for the whole document, "items[2]" for an item of a List) on top of the
// groups kept so far. On error nothing changes.
func (d *Doc) Try(prefix string, ops []Op) error {
	groups := append(append([]group{}, d.kept...), group{prefix: prefix, ops: ops})
	edits, err := d.build(groups)
	if err != nil {
		return err
	}
	d.kept, d.edits = groups, edits
	return nil
}

// Edits are the text edits of every group kept, in file offsets, sorted.
func (d *Doc) Edits() []Edit { return d.edits }

// build applies the groups to a fresh tree, writes the text edits and
// checks that the edited text parses to the tree the operations meant.
func (d *Doc) build(groups []group) ([]Edit, error) {
	root, err := d.parse()
	if err != nil {
		return nil, err
	}
	d.inFlow = map[*yamltree.Node]bool{}
	d.markFlow(root, false)
	objs := make([]*yamltree.Node, len(groups))
	opss := make([][]Op, len(groups))
	for i, g := range groups {
		objs[i], opss[i] = root, g.ops
		if g.prefix != "" {
			loc, err := find(root, g.prefix)
			if err != nil {
				return nil, fmt.Errorf("object %s: %w", g.prefix, err)
			}
			objs[i] = loc.node()
		}
	}
	c := newChanges()
	if err := c.applyAll(objs, opss); err != nil {
		return nil, err
	}
	ed := &editor{text: &d.text, style: d.style}
	edits, err := ed.edits(c)
	if err != nil {
		return nil, err
	}
	if err := d.verify(edits, root); err != nil {
		return nil, err
	}
	return edits, nil
}

// verify parses the edited document and compares it with the intended tree.
func (d *Doc) verify(edits []Edit, want *yamltree.Node) error {
	local := make([]Edit, len(edits))
	for i, e := range edits {
		local[i] = Edit{Start: e.Start - d.start, End: e.End - d.start, Text: e.Text}
	}
	data := Apply(d.chunk.Data, local)
	got, err := yamltree.ParseDocument(yamltree.Chunk{Data: data, Line: d.chunk.Line})
	if err != nil {
		return fmt.Errorf("the edited document does not parse: %w", err)
	}
	if got.Root == nil || !equal(got.Root, want) {
		return fmt.Errorf("the edited document at line %d does not read back as intended", d.chunk.Line)
	}
	return nil
}

// Apply returns src with the sorted, non-overlapping edits made.
func Apply(src []byte, edits []Edit) []byte {
	var b bytes.Buffer
	b.Grow(len(src))
	at := 0
	for _, e := range edits {
		b.Write(src[at:e.Start])
		b.WriteString(e.Text)
		at = e.End
	}
	b.Write(src[at:])
	return b.Bytes()
}

// markFlow records which nodes sit inside a flow collection.
func (d *Doc) markFlow(n *yamltree.Node, inFlow bool) {
	d.inFlow[n] = inFlow
	childFlow := inFlow || (n.Kind != yamltree.ScalarNode && d.isFlow(n))
	for _, c := range n.Children {
		d.markFlow(c, childFlow)
	}
}

// layout infers the document's indentation: the step of nested mappings
// and the inset of block lists under their key (2 and 2 by default).
func (d *Doc) layout(root *yamltree.Node) (step, inset int) {
	step, inset = -1, -1
	var walk func(n *yamltree.Node)
	walk = func(n *yamltree.Node) {
		if n.Kind != yamltree.MappingNode || d.isFlow(n) {
			for _, c := range n.Children {
				walk(c)
			}
			return
		}
		for i := 0; i+1 < len(n.Children); i += 2 {
			k, v := n.Children[i], n.Children[i+1]
			switch {
			case v.Kind == yamltree.ScalarNode || d.isFlow(v) || v.Line == k.Line:
			case v.Kind == yamltree.MappingNode && step < 0:
				step = int(v.Column - k.Column)
			case v.Kind == yamltree.SequenceNode && inset < 0:
				inset = int(v.Column - k.Column)
			}
			walk(v)
		}
	}
	walk(root)
	if step <= 0 {
		step = 2
	}
	if inset < 0 {
		inset = 2
	}
	return step, inset
}

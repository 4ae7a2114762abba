package yamledit

import (
	"fmt"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// Nodes that come from the source text have a line; nodes an operation
// creates have none, and are rendered as new text.
func isNew(n *yamltree.Node) bool { return n.Line == 0 }

// changes are what the operations did to the tree, in terms the text
// editor acts on: every change is anchored at a node of the source text.
type changes struct {
	// scalars are source scalars whose value changed in place.
	scalars []*yamltree.Node
	// inserts are new entries (key, value, key, value ...) at the end of a
	// source mapping, in the order they were made.
	inserts map[*yamltree.Node][]*yamltree.Node
	// appends are new items at the end of a source sequence.
	appends map[*yamltree.Node][]*yamltree.Node
	// nulls are source null values replaced by a new collection.
	nulls map[*yamltree.Node]nullFill
	// removes are source entries or items taken out, by parent.
	removes map[*yamltree.Node][]removal
	// replaces are source mapping entries replaced in place.
	replaces []replacement
}

type nullFill struct {
	key   *yamltree.Node // the key whose value was null
	value *yamltree.Node // the new collection
}

type removal struct {
	key  *yamltree.Node // nil for a list item
	node *yamltree.Node // the value or item
	// parentKey is the key whose value is the parent (for an emptied list).
	parentKey *yamltree.Node
}

type replacement struct {
	key, value *yamltree.Node // source entry
	newKey     string
	newValue   *yamltree.Node
}

func newChanges() *changes {
	return &changes{
		inserts: map[*yamltree.Node][]*yamltree.Node{},
		appends: map[*yamltree.Node][]*yamltree.Node{},
		nulls:   map[*yamltree.Node]nullFill{},
		removes: map[*yamltree.Node][]removal{},
	}
}

// apply runs the operations on the object node obj (a node of the
// document tree, which it changes) and records the changes.
func (c *changes) apply(obj *yamltree.Node, ops []Op) error {
	return c.applyAll([]*yamltree.Node{obj}, [][]Op{ops})
}

// applyAll runs groups of operations, each on its object. Additions run
// first, then every removal target is found before any is removed, so
// list indices in paths always name source items, whatever the order.
func (c *changes) applyAll(objs []*yamltree.Node, groups [][]Op) error {
	for i, ops := range groups {
		for _, op := range ops {
			var err error
			switch op.Kind {
			case Set, Add:
				err = c.set(objs[i], op)
			case Remove, Replace:
			default:
				err = fmt.Errorf("unknown operation %d", op.Kind)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
		}
	}
	type target struct {
		op   Op
		loc  location
		item *yamltree.Node
	}
	var targets []target
	for i, ops := range groups {
		for _, op := range ops {
			if op.Kind != Remove && op.Kind != Replace {
				continue
			}
			loc, err := find(objs[i], op.Path)
			if err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
			targets = append(targets, target{op: op, loc: loc, item: loc.node()})
		}
	}
	for _, t := range targets {
		if err := c.take(t.op, t.loc, t.item); err != nil {
			return fmt.Errorf("%s: %w", t.op, err)
		}
	}
	return nil
}

// location is where a path ends: an entry of a mapping (key set) or an
// item of a sequence, and the key that holds the parent.
type location struct {
	parent, key, parentKey *yamltree.Node
	index                  int // value index in parent.Children
}

func (l location) node() *yamltree.Node { return l.parent.Children[l.index] }

// find resolves a path that must exist.
func find(obj *yamltree.Node, path string) (location, error) {
	segs, err := parsePath(path)
	if err != nil {
		return location{}, err
	}
	cur, at := obj, location{}
	for i, s := range segs {
		loc, ok := child(cur, s)
		if !ok {
			return location{}, fmt.Errorf("%s does not exist", joinSegs(segs[:i+1]))
		}
		loc.parentKey = at.key
		at, cur = loc, loc.node()
	}
	return at, nil
}

// child finds one step below n.
func child(n *yamltree.Node, s segment) (location, bool) {
	if s.index >= 0 {
		if n.Kind != yamltree.SequenceNode || s.index >= len(n.Children) {
			return location{}, false
		}
		return location{parent: n, index: s.index}, true
	}
	if n.Kind != yamltree.MappingNode {
		return location{}, false
	}
	for i := 0; i+1 < len(n.Children); i += 2 {
		if n.Children[i].Value == s.key {
			return location{parent: n, key: n.Children[i], index: i + 1}, true
		}
	}
	return location{}, false
}

func joinSegs(segs []segment) string {
	out := ""
	for i, s := range segs {
		if i > 0 && s.index < 0 {
			out += "."
		}
		out += s.String()
	}
	return out
}

// set runs a Set or an Add.
func (c *changes) set(obj *yamltree.Node, op Op) error {
	segs, err := parsePath(op.Path)
	if err != nil {
		return err
	}
	cur, at := obj, location{}
	for i, s := range segs {
		last := i == len(segs)-1
		if isNull(cur) && at.key != nil && s.index < 0 {
			cur = c.fillNull(at)
		}
		if loc, ok := child(cur, s); ok {
			if last {
				return c.setExisting(loc, op)
			}
			cur, at = loc.node(), loc
			continue
		}
		if s.index >= 0 || cur.Kind != yamltree.MappingNode {
			return fmt.Errorf("%s does not exist", joinSegs(segs[:i+1]))
		}
		v := newValue(op, segs[i+1:])
		c.insert(cur, s.key, v)
		return nil
	}
	return nil
}

// newValue builds the value for the missing part of a path: nested
// mappings down to the value (or a list holding it, for Add).
func newValue(op Op, rest []segment) *yamltree.Node {
	v := clone(op.Value)
	if op.Kind == Add {
		v = &yamltree.Node{Kind: yamltree.SequenceNode, Children: []*yamltree.Node{v}}
	}
	for i := len(rest) - 1; i >= 0; i-- {
		v = &yamltree.Node{Kind: yamltree.MappingNode, Children: []*yamltree.Node{Str(rest[i].key), v}}
	}
	return v
}

// setExisting sets the value at an existing location.
func (c *changes) setExisting(loc location, op Op) error {
	n := loc.node()
	if op.Kind == Add {
		if isNull(n) && loc.key != nil {
			seq := c.fillNull(loc)
			seq.Kind = yamltree.SequenceNode
			seq.Children = []*yamltree.Node{clone(op.Value)}
			return nil
		}
		if n.Kind != yamltree.SequenceNode {
			return fmt.Errorf("%s is not a list", op.Path)
		}
		for _, it := range n.Children {
			if equal(it, op.Value) {
				return nil
			}
		}
		it := clone(op.Value)
		n.Children = append(n.Children, it)
		if !isNew(n) {
			c.appends[n] = append(c.appends[n], it)
		}
		return nil
	}
	switch {
	case equal(n, op.Value):
		return nil
	case n.Kind == yamltree.ScalarNode && op.Value.Kind == yamltree.ScalarNode:
		n.Value, n.Tag = op.Value.Value, op.Value.Tag
		if !isNew(n) {
			c.scalars = append(c.scalars, n)
		}
		return nil
	}
	return fmt.Errorf("%s holds a %s, not a value that can be set", op.Path, describe(n))
}

// insert adds key: v at the end of mapping m.
func (c *changes) insert(m *yamltree.Node, key string, v *yamltree.Node) {
	k := Str(key)
	m.Children = append(m.Children, k, v)
	if !isNew(m) {
		c.inserts[m] = append(c.inserts[m], k, v)
	}
}

// fillNull replaces the null value at a mapping entry by a new, empty
// mapping (the caller may turn it into a list) and returns it.
func (c *changes) fillNull(at location) *yamltree.Node {
	null := at.node()
	m := &yamltree.Node{Kind: yamltree.MappingNode}
	at.parent.Children[at.index] = m
	if !isNew(null) {
		c.nulls[null] = nullFill{key: at.key, value: m}
	}
	return m
}

// take runs a Remove or a Replace on a resolved location.
func (c *changes) take(op Op, loc location, item *yamltree.Node) error {
	if isNew(item) {
		return fmt.Errorf("cannot remove what this change added")
	}
	idx := indexOf(loc.parent.Children, item)
	if idx < 0 {
		return fmt.Errorf("already removed")
	}
	if op.Kind == Replace {
		if loc.key == nil {
			return fmt.Errorf("not a mapping entry")
		}
		nv := clone(op.Value)
		c.replaces = append(c.replaces, replacement{key: loc.key, value: item, newKey: op.Key, newValue: nv})
		loc.parent.Children[idx-1] = Str(op.Key)
		loc.parent.Children[idx] = nv
		return nil
	}
	if loc.key != nil {
		loc.parent.Children = append(loc.parent.Children[:idx-1], loc.parent.Children[idx+1:]...)
	} else {
		loc.parent.Children = append(loc.parent.Children[:idx], loc.parent.Children[idx+1:]...)
	}
	c.removes[loc.parent] = append(c.removes[loc.parent], removal{key: loc.key, node: item, parentKey: loc.parentKey})
	return nil
}

func indexOf(s []*yamltree.Node, n *yamltree.Node) int {
	for i, c := range s {
		if c == n {
			return i
		}
	}
	return -1
}

func isNull(n *yamltree.Node) bool {
	return n.Kind == yamltree.ScalarNode && n.Tag == yamltree.NullTag
}

func clone(n *yamltree.Node) *yamltree.Node {
	cp := *n
	cp.Line, cp.Column = 0, 0
	cp.Children = nil
	if len(n.Children) > 0 {
		cp.Children = make([]*yamltree.Node, len(n.Children))
		for i, ch := range n.Children {
			cp.Children[i] = clone(ch)
		}
	}
	return &cp
}

// equal compares two trees by content, ignoring positions.
func equal(a, b *yamltree.Node) bool {
	if a.Kind != b.Kind || len(a.Children) != len(b.Children) {
		return false
	}
	if a.Kind == yamltree.ScalarNode && (a.Tag != b.Tag || a.Value != b.Value) {
		return false
	}
	for i := range a.Children {
		if !equal(a.Children[i], b.Children[i]) {
			return false
		}
	}
	return true
}

func describe(n *yamltree.Node) string {
	switch n.Kind {
	case yamltree.MappingNode:
		return "mapping"
	case yamltree.SequenceNode:
		return "list"
	}
	return "value"
}

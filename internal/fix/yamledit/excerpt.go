package yamledit

import (
	"strings"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// Preview renders what ops do to an object as a block YAML excerpt: the
// fields they set or the lists they change, with the path from the
// object's root, list items named by their name field (so a reader, or a
// strategic merge patch, can tell which container or volume is meant).
// obj is not changed; only the parts on the operations' paths are copied.
func Preview(obj *yamltree.Node, ops []Op) (string, error) {
	paths := make([]string, 0, len(ops))
	for _, op := range ops {
		if op.Kind == Remove {
			paths = append(paths, parentPath(op.Path))
		} else {
			paths = append(paths, op.Path)
		}
	}
	sk := skeleton(obj, paths)
	if err := newChanges().apply(sk, ops); err != nil {
		return "", err
	}
	shown := make([]string, 0, len(ops))
	for _, op := range ops {
		switch op.Kind {
		case Remove:
			shown = append(shown, parentPath(op.Path))
		case Replace:
			shown = append(shown, parentPath(op.Path)+"."+op.Key)
		default:
			shown = append(shown, op.Path)
		}
	}
	return style{nl: "\n", step: 2, seqInset: 2}.entries(skeleton(sk, shown).Children, 0), nil
}

// parentPath is the path of the mapping or list that holds path's field.
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		return path[:strings.LastIndexByte(path, '[')]
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// hole stands for a list item off every path: lists keep their length, so
// that indices in paths still name the same items. Holes are never
// changed and never rendered.
var hole = &yamltree.Node{Kind: yamltree.MappingNode}

// skeleton copies the parts of n on the given paths: the mappings and list
// items leading to each path, and the whole value at its end. List items
// keep their name field; items off the paths are holes.
func skeleton(n *yamltree.Node, paths []string) *yamltree.Node {
	out := &yamltree.Node{Kind: yamltree.MappingNode}
	for _, p := range paths {
		if segs, err := parsePath(p); err == nil {
			copyPath(n, out, segs)
		}
	}
	return out
}

func copyPath(src, out *yamltree.Node, segs []segment) {
	loc, ok := child(src, segs[0])
	if !ok {
		return
	}
	next := loc.node()
	if len(segs) == 1 || next.Kind == yamltree.ScalarNode {
		put(out, segs[0], src, clone(next))
		return
	}
	sub := get(out, segs[0])
	if sub == nil || sub == hole {
		sub = &yamltree.Node{Kind: next.Kind}
		if next.Kind == yamltree.MappingNode && segs[0].index >= 0 {
			if name := next.Get("name"); name != nil && segs[1].key != "name" {
				sub.Children = append(sub.Children, Str("name"), clone(name))
			}
		}
		put(out, segs[0], src, sub)
	}
	if sub.Kind == next.Kind {
		copyPath(next, sub, segs[1:])
	}
}

func get(out *yamltree.Node, s segment) *yamltree.Node {
	if s.index >= 0 {
		if s.index < len(out.Children) {
			return out.Children[s.index]
		}
		return nil
	}
	return out.Get(s.key)
}

// put sets a key or an item of out, a copy of src's collection.
func put(out *yamltree.Node, s segment, src, v *yamltree.Node) {
	if s.index >= 0 {
		for len(out.Children) < len(src.Children) {
			out.Children = append(out.Children, hole)
		}
		out.Children[s.index] = v
		return
	}
	for i := 0; i+1 < len(out.Children); i += 2 {
		if out.Children[i].Value == s.key {
			out.Children[i+1] = v
			return
		}
	}
	out.Children = append(out.Children, Str(s.key), v)
}

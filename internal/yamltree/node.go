// Package yamltree parses YAML streams into a compact tree that keeps the
// line and column of every node, so that findings can point at the exact
// field in the user's file.
package yamltree

import (
	"strconv"
	"strings"
)

// Kind is the kind of a node.
type Kind uint8

// Node kinds.
const (
	ScalarNode Kind = iota + 1
	MappingNode
	SequenceNode
)

// Tag is the resolved type of a scalar, following YAML 1.2 core schema
// resolution as yaml.v3 does.
type Tag uint8

// Scalar tags.
const (
	StrTag Tag = iota + 1
	IntTag
	FloatTag
	BoolTag
	NullTag
	BinaryTag
	TimestampTag
)

// Node is one node of a parsed document. Mapping nodes hold keys and values
// alternately in Children; sequence nodes hold their items.
type Node struct {
	Kind     Kind
	Tag      Tag
	Line     int32
	Column   int32
	Value    string
	Children []*Node
}

// Document is one document of a YAML stream.
type Document struct {
	// Root is nil for an empty document.
	Root *Node
	// Line is the 1-based line where the document starts.
	Line int
}

// Get returns the value of key in a mapping node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Children); i += 2 {
		if n.Children[i].Value == key {
			return n.Children[i+1]
		}
	}
	return nil
}

// GetKey returns the key node of key in a mapping node, or nil.
func (n *Node) GetKey(key string) *Node {
	if n == nil || n.Kind != MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Children); i += 2 {
		if n.Children[i].Value == key {
			return n.Children[i]
		}
	}
	return nil
}

// String returns the scalar value of key in a mapping node, or "".
func (n *Node) String(key string) string {
	v := n.Get(key)
	if v == nil || v.Kind != ScalarNode || v.Tag == NullTag {
		return ""
	}
	return v.Value
}

// Lookup resolves a field path such as
// "spec.template.spec.containers[0].securityContext.privileged" and returns
// the deepest node on that path that exists, and whether the whole path
// exists. For a mapping entry it returns the key node, which is where a
// reader's eye should land.
func (n *Node) Lookup(path string) (*Node, bool) {
	cur, at := n, n
	for _, seg := range splitPath(path) {
		if seg.index >= 0 {
			if cur == nil || cur.Kind != SequenceNode || seg.index >= len(cur.Children) {
				return at, false
			}
			cur = cur.Children[seg.index]
			at = cur
			continue
		}
		k := cur.GetKey(seg.key)
		if k == nil {
			return at, false
		}
		at, cur = k, cur.Get(seg.key)
	}
	return at, true
}

type segment struct {
	key   string
	index int
}

// splitPath splits "a.b[2].c" into segments; keys may contain '/' or '-'
// but not '.' or '['. A key in brackets and quotes (a["x.y"]) is supported.
func splitPath(path string) []segment {
	var segs []segment
	for len(path) > 0 {
		switch path[0] {
		case '.':
			path = path[1:]
		case '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return append(segs, segment{key: path, index: -1})
			}
			inner := path[1:end]
			path = path[end+1:]
			if i, err := strconv.Atoi(inner); err == nil {
				segs = append(segs, segment{index: i})
			} else {
				segs = append(segs, segment{key: strings.Trim(inner, `"'`), index: -1})
			}
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			segs = append(segs, segment{key: path[:end], index: -1})
			path = path[end:]
		}
	}
	return segs
}

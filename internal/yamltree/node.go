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
	for {
		seg, rest, ok := nextSegment(path)
		if !ok {
			return at, true
		}
		path = rest
		if seg.index >= 0 {
			if cur == nil || cur.Kind != SequenceNode || seg.index >= len(cur.Children) {
				return at, false
			}
			cur = cur.Children[seg.index]
			at = cur
			continue
		}
		i := cur.keyIndex(seg.key)
		if i < 0 {
			return at, false
		}
		at, cur = cur.Children[i], cur.Children[i+1]
	}
}

// keyIndex is the index in Children of the first key node of key in a
// mapping node, or -1.
func (n *Node) keyIndex(key string) int {
	if n == nil || n.Kind != MappingNode {
		return -1
	}
	for i := 0; i+1 < len(n.Children); i += 2 {
		if n.Children[i].Value == key {
			return i
		}
	}
	return -1
}

type segment struct {
	key   string
	index int
}

// nextSegment splits the first segment off a path such as "a.b[2].c";
// keys may contain '/' or '-' but not '.' or '['. A key in brackets and
// quotes (a["x.y"]) is supported. ok is false when no segment is left.
// Lookups walk paths segment by segment, without building a slice.
func nextSegment(path string) (seg segment, rest string, ok bool) {
	for len(path) > 0 && path[0] == '.' {
		path = path[1:]
	}
	if path == "" {
		return segment{}, "", false
	}
	if path[0] == '[' {
		end := strings.IndexByte(path, ']')
		if end < 0 {
			return segment{key: path, index: -1}, "", true
		}
		inner := path[1:end]
		if i, err := strconv.Atoi(inner); err == nil {
			return segment{index: i}, path[end+1:], true
		}
		return segment{key: strings.Trim(inner, `"'`), index: -1}, path[end+1:], true
	}
	end := strings.IndexAny(path, ".[")
	if end < 0 {
		end = len(path)
	}
	return segment{key: path[:end], index: -1}, path[end:], true
}

// Package yamledit changes YAML and JSON documents as minimal text edits
// at the positions of the repo's YAML tree (internal/yamltree), so that
// comments, key order and formatting of everything it does not change stay
// as the user wrote them. Every change is verified by parsing the edited
// text again: a document whose edit does not parse to the intended tree is
// left alone.
package yamledit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// OpKind is what an operation does.
type OpKind uint8

// Operations.
const (
	// Set sets the scalar (or empty mapping) at Path, creating the
	// mappings on the way that do not exist.
	Set OpKind = iota + 1
	// Add appends Value to the list at Path unless the list already holds
	// it, creating the list (and the mappings on the way) when missing.
	Add
	// Remove removes the mapping entry or list item at Path.
	Remove
	// Replace replaces the mapping entry at Path by Key: Value, in place.
	Replace
)

// Op is one change to an object, addressed by a field path relative to the
// object, such as "spec.template.spec.containers[0].securityContext.privileged".
type Op struct {
	Kind  OpKind
	Path  string
	Value *yamltree.Node
	// Key is the new key of a Replace.
	Key string
}

func (o Op) String() string {
	switch o.Kind {
	case Set:
		return "set " + o.Path + " = " + inline(o.Value)
	case Add:
		return "add " + inline(o.Value) + " to " + o.Path
	case Remove:
		return "remove " + o.Path
	case Replace:
		return "replace " + o.Path + " by " + o.Key + ": " + inline(o.Value)
	}
	return fmt.Sprintf("op %d %s", o.Kind, o.Path)
}

// Bool is a boolean value for an Op.
func Bool(b bool) *yamltree.Node {
	return &yamltree.Node{Kind: yamltree.ScalarNode, Tag: yamltree.BoolTag, Value: strconv.FormatBool(b)}
}

// Str is a string value for an Op.
func Str(s string) *yamltree.Node {
	return &yamltree.Node{Kind: yamltree.ScalarNode, Tag: yamltree.StrTag, Value: s}
}

// EmptyMap is an empty mapping value for an Op ("emptyDir: {}").
func EmptyMap() *yamltree.Node {
	return &yamltree.Node{Kind: yamltree.MappingNode}
}

// segment is one step of a field path: a key, or an index when index >= 0.
type segment struct {
	key   string
	index int
}

func (s segment) String() string {
	if s.index >= 0 {
		return "[" + strconv.Itoa(s.index) + "]"
	}
	return s.key
}

// parsePath splits "a.b[2].c" and `a["x.y/z"]` into segments, as the
// checks write field paths.
func parsePath(path string) ([]segment, error) {
	segs := make([]segment, 0, 1+strings.Count(path, ".")+strings.Count(path, "["))
	for rest := path; rest != ""; {
		switch rest[0] {
		case '.':
			rest = rest[1:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("field path %q: unclosed [", path)
			}
			inner := rest[1:end]
			rest = rest[end+1:]
			if i, err := strconv.Atoi(inner); err == nil && i >= 0 {
				segs = append(segs, segment{index: i})
			} else {
				segs = append(segs, segment{key: strings.Trim(inner, `"'`), index: -1})
			}
		default:
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			segs = append(segs, segment{key: rest[:end], index: -1})
			rest = rest[end:]
		}
	}
	if len(segs) == 0 {
		return nil, fmt.Errorf("empty field path")
	}
	return segs, nil
}

// inline renders a value on one line for messages.
func inline(n *yamltree.Node) string {
	if n == nil {
		return "<nil>"
	}
	return style{nl: "\n"}.flow(n)
}

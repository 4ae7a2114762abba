package yamltree

import (
	"encoding/json"
	"math"
	"strconv"
)

// AppendJSON appends the JSON form of the node, as Kubernetes' YAML-to-JSON
// conversion would produce it.
func (n *Node) AppendJSON(b []byte) []byte {
	switch n.Kind {
	case MappingNode:
		b = append(b, '{')
		for i := 0; i+1 < len(n.Children); i += 2 {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, n.Children[i].Value)
			b = append(b, ':')
			b = n.Children[i+1].AppendJSON(b)
		}
		return append(b, '}')
	case SequenceNode:
		b = append(b, '[')
		for i, c := range n.Children {
			if i > 0 {
				b = append(b, ',')
			}
			b = c.AppendJSON(b)
		}
		return append(b, ']')
	}
	switch n.Tag {
	case NullTag:
		return append(b, "null"...)
	case BoolTag:
		v, _ := n.Bool()
		return strconv.AppendBool(b, v)
	case IntTag:
		if i, ok := n.Int(); ok {
			return strconv.AppendInt(b, i, 10)
		}
	case FloatTag:
		if f, ok := n.Float(); ok && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return strconv.AppendFloat(b, f, 'g', -1, 64)
		}
	}
	return appendString(b, n.Value)
}

func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // marshalling a string cannot fail
	return append(b, q...)
}

// Interface returns the node as plain Go values (map[string]any, []any,
// string, int64, float64, bool, nil), like an unstructured object.
func (n *Node) Interface() any {
	switch n.Kind {
	case MappingNode:
		m := make(map[string]any, len(n.Children)/2)
		for i := 0; i+1 < len(n.Children); i += 2 {
			m[n.Children[i].Value] = n.Children[i+1].Interface()
		}
		return m
	case SequenceNode:
		s := make([]any, len(n.Children))
		for i, c := range n.Children {
			s[i] = c.Interface()
		}
		return s
	}
	switch n.Tag {
	case NullTag:
		return nil
	case BoolTag:
		v, _ := n.Bool()
		return v
	case IntTag:
		if i, ok := n.Int(); ok {
			return i
		}
	case FloatTag:
		if f, ok := n.Float(); ok {
			return f
		}
	}
	return n.Value
}

package yamledit

import (
	"encoding/json"
	"strings"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// style says how new text is written to match its surroundings.
type style struct {
	nl       string
	json     bool // quote keys and strings
	step     int  // indentation of nested mappings
	seqInset int  // indentation of a block list under its key
}

// plainSafe reports strings that read back as the same string without
// quotes: a letter, then letters, digits and _ . / -.
func plainSafe(s string) bool {
	for i, r := range s {
		letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || !((r >= '0' && r <= '9') || r == '_' || r == '.' || r == '/' || r == '-')) {
			return false
		}
	}
	return s != ""
}

// notPlain are words YAML (1.1 or 1.2) reads as something else.
var notPlain = map[string]bool{"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "y": true, "n": true, "null": true}

// scalar renders a scalar value. quote, when not zero, is the quote the
// value it replaces was written with.
func (s style) scalar(n *yamltree.Node, quote byte) string {
	switch n.Tag {
	case yamltree.BoolTag, yamltree.IntTag, yamltree.FloatTag:
		return n.Value
	case yamltree.NullTag:
		return "null"
	}
	switch {
	case quote == '\'' && !s.json:
		return "'" + strings.ReplaceAll(n.Value, "'", "''") + "'"
	case quote == 0 && !s.json && plainSafe(n.Value) && !notPlain[strings.ToLower(n.Value)]:
		return n.Value
	}
	q, _ := json.Marshal(n.Value) // marshalling a string cannot fail
	return string(q)
}

// key renders a mapping key.
func (s style) key(k string) string { return s.scalar(Str(k), 0) }

// flow renders a value on one line: {a: 1, b: [x]}.
func (s style) flow(n *yamltree.Node) string {
	switch n.Kind {
	case yamltree.MappingNode:
		parts := make([]string, 0, len(n.Children)/2)
		for i := 0; i+1 < len(n.Children); i += 2 {
			parts = append(parts, s.key(n.Children[i].Value)+": "+s.flow(n.Children[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case yamltree.SequenceNode:
		parts := make([]string, 0, len(n.Children))
		for _, c := range n.Children {
			parts = append(parts, s.flow(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return s.scalar(n, 0)
}

// entries renders mapping entries (key, value, ...) in block style, each
// line indented by ind spaces.
func (s style) entries(kv []*yamltree.Node, ind int) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString(strings.Repeat(" ", ind))
		b.WriteString(s.key(kv[i].Value) + ":")
		b.WriteString(s.value(kv[i+1], ind))
	}
	return b.String()
}

// value renders the value of a block mapping entry whose key is indented
// by ind: on the key's line when it is a scalar or empty, else below it.
func (s style) value(v *yamltree.Node, ind int) string {
	switch {
	case v.Kind == yamltree.ScalarNode || len(v.Children) == 0:
		return " " + s.flow(v) + s.nl
	case v.Kind == yamltree.MappingNode:
		return s.nl + s.entries(v.Children, ind+s.step)
	}
	return s.nl + s.items(v.Children, ind+s.seqInset)
}

// items renders block list items with their dashes indented by ind.
func (s style) items(items []*yamltree.Node, ind int) string {
	var b strings.Builder
	for _, it := range items {
		if it == hole {
			continue
		}
		b.WriteString(strings.Repeat(" ", ind) + "- ")
		if it.Kind == yamltree.MappingNode && len(it.Children) > 0 {
			rest := s.entries(it.Children, ind+2)
			b.WriteString(rest[ind+2:]) // the first key goes after the dash
			continue
		}
		b.WriteString(s.flow(it) + s.nl)
	}
	return b.String()
}

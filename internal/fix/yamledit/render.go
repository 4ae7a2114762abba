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
	var b strings.Builder
	s.writeScalar(&b, n.Tag, n.Value, quote)
	return b.String()
}

func (s style) writeScalar(b *strings.Builder, tag yamltree.Tag, v string, quote byte) {
	switch tag {
	case yamltree.BoolTag, yamltree.IntTag, yamltree.FloatTag:
		b.WriteString(v)
		return
	case yamltree.NullTag:
		b.WriteString("null")
		return
	}
	switch {
	case quote == '\'' && !s.json:
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(v, "'", "''"))
		b.WriteByte('\'')
	case quote == 0 && !s.json && plainSafe(v) && !notPlainWord(v):
		b.WriteString(v)
	default:
		q, _ := json.Marshal(v) // marshalling a string cannot fail
		b.Write(q)
	}
}

// notPlainWord reports the words of notPlain, in any case.
func notPlainWord(v string) bool {
	return len(v) <= 5 && notPlain[strings.ToLower(v)]
}

// key renders a mapping key.
func (s style) key(k string) string {
	var b strings.Builder
	s.writeScalar(&b, yamltree.StrTag, k, 0)
	return b.String()
}

// flow renders a value on one line: {a: 1, b: [x]}.
func (s style) flow(n *yamltree.Node) string {
	var b strings.Builder
	s.writeFlow(&b, n)
	return b.String()
}

func (s style) writeFlow(b *strings.Builder, n *yamltree.Node) {
	switch n.Kind {
	case yamltree.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Children); i += 2 {
			if i > 0 {
				b.WriteString(", ")
			}
			s.writeScalar(b, yamltree.StrTag, n.Children[i].Value, 0)
			b.WriteString(": ")
			s.writeFlow(b, n.Children[i+1])
		}
		b.WriteByte('}')
	case yamltree.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Children {
			if i > 0 {
				b.WriteString(", ")
			}
			s.writeFlow(b, c)
		}
		b.WriteByte(']')
	default:
		s.writeScalar(b, n.Tag, n.Value, 0)
	}
}

// entries renders mapping entries (key, value, ...) in block style, each
// line indented by ind spaces.
func (s style) entries(kv []*yamltree.Node, ind int) string {
	var b strings.Builder
	s.writeEntries(&b, kv, ind, false)
	return b.String()
}

// writeEntries writes mapping entries; with dashed, the first line's
// indentation is left out (it follows a list item's dash).
func (s style) writeEntries(b *strings.Builder, kv []*yamltree.Node, ind int, dashed bool) {
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 || !dashed {
			indent(b, ind)
		}
		s.writeScalar(b, yamltree.StrTag, kv[i].Value, 0)
		b.WriteByte(':')
		s.writeValue(b, kv[i+1], ind)
	}
}

// writeValue writes the value of a block mapping entry whose key is
// indented by ind: on the key's line when it is a scalar or empty, else
// below it.
func (s style) writeValue(b *strings.Builder, v *yamltree.Node, ind int) {
	switch {
	case v.Kind == yamltree.ScalarNode || len(v.Children) == 0:
		b.WriteByte(' ')
		s.writeFlow(b, v)
		b.WriteString(s.nl)
	case v.Kind == yamltree.MappingNode:
		b.WriteString(s.nl)
		s.writeEntries(b, v.Children, ind+s.step, false)
	default:
		b.WriteString(s.nl)
		s.writeItems(b, v.Children, ind+s.seqInset)
	}
}

// items renders block list items with their dashes indented by ind.
func (s style) items(items []*yamltree.Node, ind int) string {
	var b strings.Builder
	s.writeItems(&b, items, ind)
	return b.String()
}

func (s style) writeItems(b *strings.Builder, items []*yamltree.Node, ind int) {
	for _, it := range items {
		if it == hole {
			continue
		}
		indent(b, ind)
		b.WriteString("- ")
		if it.Kind == yamltree.MappingNode && len(it.Children) > 0 {
			s.writeEntries(b, it.Children, ind+2, true) // the first key goes after the dash
			continue
		}
		s.writeFlow(b, it)
		b.WriteString(s.nl)
	}
}

func indent(b *strings.Builder, n int) {
	const spaces = "                                "
	for ; n > len(spaces); n -= len(spaces) {
		b.WriteString(spaces)
	}
	b.WriteString(spaces[:n])
}

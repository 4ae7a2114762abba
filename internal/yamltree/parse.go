package yamltree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// SyntaxError is a YAML error with the 1-based line it was found on.
type SyntaxError struct {
	Line    int
	Message string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Message) }

// Chunk is the raw text of one document of a stream and the line it starts on.
// Parsed values may alias Data, so Data must not be modified once parsed.
type Chunk struct {
	Data []byte
	Line int
}

// Split cuts a YAML stream into documents at "---" and "..." markers at the
// start of a line, without parsing, so that each document can be parsed on
// its own (in parallel, and with one broken document not hiding the rest).
func Split(data []byte) []Chunk {
	var chunks []Chunk
	start, startLine, line := 0, 1, 1
	for pos := 0; pos < len(data); {
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end >= 0 {
			next = pos + end + 1
		}
		l := data[pos:next]
		if isMarker(l, "---") || isMarker(l, "...") {
			chunks = append(chunks, Chunk{Data: data[start:pos], Line: startLine})
			if isMarker(l, "---") {
				// Content may follow the marker on the same line ("--- {a: 1}").
				start, startLine = pos+3, line
			} else {
				start, startLine = next, line+1
			}
		}
		pos = next
		line++
	}
	chunks = append(chunks, Chunk{Data: data[start:], Line: startLine})
	out := chunks[:0]
	for i, c := range chunks {
		// Keep the first chunk only if it has content (a stream often opens with ---).
		if i == 0 && len(chunks) > 1 && isBlank(c.Data) {
			continue
		}
		out = append(out, c)
	}
	return out
}

func isMarker(line []byte, m string) bool {
	if !bytes.HasPrefix(line, []byte(m)) {
		return false
	}
	rest := line[len(m):]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r'
}

var commentLine = regexp.MustCompile(`^\s*(#.*)?$`)

func isBlank(b []byte) bool {
	for _, l := range bytes.Split(b, []byte("\n")) {
		if !commentLine.Match(l) {
			return false
		}
	}
	return true
}

// ParseDocument parses one document chunk into a tree whose lines are
// counted from the start of the whole stream. An empty document has a nil
// Root. It tries the fast parser first and falls back to yaml.v3 for
// constructs the fast parser does not handle.
func ParseDocument(c Chunk) (Document, error) {
	if root, ok, err := parseFast(c.Data, c.Line); ok {
		return Document{Root: root, Line: c.Line}, err
	}
	return parseSlow(c)
}

// parseFast is replaced by a hand-written parser for the common subset of
// YAML; ok=false means "not handled, use the full parser".
var parseFast = func(data []byte, firstLine int) (*Node, bool, error) { return nil, false, nil }

// parseSlow parses a document with yaml.v3 and converts the result.
func parseSlow(c Chunk) (Document, error) {
	dec := yaml.NewDecoder(bytes.NewReader(c.Data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		return Document{Line: c.Line}, nil
	}
	if err != nil {
		return Document{Line: c.Line}, syntaxError(err, c.Line)
	}
	if len(doc.Content) == 0 {
		return Document{Line: c.Line}, nil
	}
	conv := converter{offset: int32(c.Line - 1)}
	root, err := conv.convert(doc.Content[0], 0)
	if err != nil {
		return Document{Line: c.Line}, err
	}
	return Document{Root: root, Line: c.Line}, nil
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxError(err error, firstLine int) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1]) // the regexp guarantees digits
		if isParserError(m[2]) {
			n++ // yaml.v3 prints 0-based lines for parser (not scanner) errors
		}
		return &SyntaxError{Line: n + firstLine - 1, Message: m[2]}
	}
	return &SyntaxError{Line: firstLine, Message: trimYAMLPrefix(msg)}
}

// parserErrors are the problems yaml.v3's parser (as opposed to its
// scanner) reports; it numbers their lines from 0.
var parserErrors = []string{"did not find expected", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"}

func isParserError(msg string) bool {
	for _, p := range parserErrors {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func trimYAMLPrefix(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

const maxDepth = 200

type converter struct {
	offset int32
	nodes  int
}

// maxAliasNodes bounds alias expansion ("billion laughs").
const maxAliasNodes = 1 << 20

func (c *converter) convert(n *yaml.Node, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, &SyntaxError{Line: n.Line + int(c.offset), Message: "document nested too deeply"}
	}
	c.nodes++
	if c.nodes > maxAliasNodes {
		return nil, &SyntaxError{Line: n.Line + int(c.offset), Message: "document expands to too many nodes (alias bomb?)"}
	}
	out := &Node{Line: int32(n.Line) + c.offset, Column: int32(n.Column)}
	switch n.Kind {
	case yaml.AliasNode:
		a, err := c.convert(n.Alias, depth+1)
		if err != nil {
			return nil, err
		}
		cp := *a
		cp.Line, cp.Column = out.Line, out.Column
		return &cp, nil
	case yaml.ScalarNode:
		out.Kind, out.Value, out.Tag = ScalarNode, n.Value, scalarTag(n)
	case yaml.SequenceNode:
		out.Kind = SequenceNode
		out.Children = make([]*Node, 0, len(n.Content))
		for _, ch := range n.Content {
			cn, err := c.convert(ch, depth+1)
			if err != nil {
				return nil, err
			}
			out.Children = append(out.Children, cn)
		}
	case yaml.MappingNode:
		out.Kind = MappingNode
		if err := c.mapping(out, n, depth); err != nil {
			return nil, err
		}
	default:
		return nil, &SyntaxError{Line: int(out.Line), Message: "unexpected YAML node"}
	}
	return out, nil
}

// mapping converts a mapping, applying "<<" merge keys (YAML 1.1, as
// Kubernetes' own YAML reader does): explicit keys win over merged ones.
func (c *converter) mapping(out *Node, n *yaml.Node, depth int) error {
	var merged []*Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0 && k.ShortTag() == "!!merge") {
			m, err := c.convert(v, depth+1)
			if err != nil {
				return err
			}
			if m.Kind == SequenceNode {
				merged = append(merged, m.Children...)
			} else {
				merged = append(merged, m)
			}
			continue
		}
		kn, err := c.convert(k, depth+1)
		if err != nil {
			return err
		}
		vn, err := c.convert(v, depth+1)
		if err != nil {
			return err
		}
		out.Children = append(out.Children, kn, vn)
	}
	for _, m := range merged {
		if m.Kind != MappingNode {
			continue
		}
		for i := 0; i+1 < len(m.Children); i += 2 {
			if out.GetKey(m.Children[i].Value) == nil {
				out.Children = append(out.Children, m.Children[i], m.Children[i+1])
			}
		}
	}
	return nil
}

func scalarTag(n *yaml.Node) Tag {
	if n.Style == 0 && isYAML11Bool(n.Value) {
		return BoolTag
	}
	return shortTagOf(n.ShortTag())
}

// isYAML11Bool reports the plain scalars that YAML 1.1 (and so Kubernetes'
// own YAML reader) takes as booleans beyond true and false.
func isYAML11Bool(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF":
		return true
	}
	return false
}

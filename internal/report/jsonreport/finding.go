package jsonreport

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// The findings are the bulk of a report (tens of thousands on a large
// scan), so they are encoded by hand rather than through encoding/json's
// reflection and indentation passes. The output is byte for byte what
// encoding/json produces for report.Finding with SetEscapeHTML(false) and
// a "    " prefix and "  " indent; equivalence_test.go holds the proof
// over generated findings. A field added to report.Finding or the types it
// holds must be added here too (TestStreamCarriesTheWholeReport fails
// until it is).

// Indentation of the fields of a finding and of the objects it holds.
const (
	findingField = "\n      "
	nestedField  = "\n        "
	nestedItem   = "\n          "
)

// appendFinding appends the JSON object of f, whose check block is already
// encoded, at the depth of an element of the findings array.
func appendFinding(b []byte, f *report.Finding, checkBlock []byte) []byte {
	b = append(b, "{"+findingField+`"check": `...)
	b = append(b, checkBlock...)
	b = append(b, ","+findingField+`"status": `...)
	b = appendString(b, string(f.Status))
	b = append(b, ","+findingField+`"resource": `...)
	b = appendRef(b, &f.Resource)
	if f.Path != "" {
		b = append(b, ","+findingField+`"path": `...)
		b = appendString(b, f.Path)
	}
	if f.Location != nil {
		b = append(b, ","+findingField+`"location": `...)
		b = appendLocation(b, f.Location)
	}
	b = append(b, ","+findingField+`"message": `...)
	b = appendString(b, f.Message)
	if f.Remediation != "" {
		b = append(b, ","+findingField+`"remediation": `...)
		b = appendString(b, f.Remediation)
	}
	if f.Exception != nil {
		b = append(b, ","+findingField+`"exception": `...)
		b = appendException(b, f.Exception)
	}
	if f.Risk != nil {
		b = append(b, ","+findingField+`"risk": `...)
		b = appendRisk(b, f.Risk)
	}
	if f.Baseline != "" {
		b = append(b, ","+findingField+`"baseline": `...)
		b = appendString(b, f.Baseline)
	}
	if f.Fix != nil {
		b = append(b, ","+findingField+`"fix": `...)
		b = appendFix(b, f.Fix)
	}
	return append(b, "\n    }"...)
}

// object writes the members of a nested object one at a time: encoding/json
// writes an object with no members as {}.
type object struct {
	b     []byte
	empty bool
}

func open(b []byte) object { return object{b: append(b, '{'), empty: true} }

// key starts a member.
func (o *object) key(name string) {
	if !o.empty {
		o.b = append(o.b, ',')
	}
	o.empty = false
	o.b = append(o.b, nestedField...)
	o.b = appendString(o.b, name)
	o.b = append(o.b, ": "...)
}

func (o *object) str(name, v string) {
	o.key(name)
	o.b = appendString(o.b, v)
}

func (o *object) int(name string, v int) {
	o.key(name)
	o.b = strconv.AppendInt(o.b, int64(v), 10)
}

func (o *object) close() []byte {
	if o.empty {
		return append(o.b, '}')
	}
	return append(o.b, "\n      }"...)
}

func appendRef(b []byte, r *inventory.Ref) []byte {
	o := open(b)
	o.str("apiVersion", r.APIVersion)
	o.str("kind", r.Kind)
	o.str("namespace", r.Namespace)
	o.str("name", r.Name)
	return o.close()
}

func appendLocation(b []byte, l *inventory.Location) []byte {
	o := open(b)
	if l.File != "" {
		o.str("file", l.File)
	}
	if l.Line != 0 {
		o.int("line", l.Line)
	}
	if l.Column != 0 {
		o.int("column", l.Column)
	}
	return o.close()
}

func appendException(b []byte, e *report.Exception) []byte {
	o := open(b)
	o.str("reason", e.Reason)
	o.str("source", e.Source)
	if e.Expires != "" {
		o.str("expires", e.Expires)
	}
	return o.close()
}

func appendRisk(b []byte, r *report.Risk) []byte {
	o := open(b)
	o.int("score", r.Score)
	if len(r.Factors) > 0 {
		o.key("factors")
		o.b = append(o.b, '[')
		for i, f := range r.Factors {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			o.b = append(o.b, nestedItem...)
			o.b = appendString(o.b, f)
		}
		o.b = append(o.b, nestedField+"]"...)
	}
	return o.close()
}

func appendFix(b []byte, f *report.Fix) []byte {
	o := open(b)
	o.str("description", f.Description)
	if f.Snippet != "" {
		o.str("snippet", f.Snippet)
	}
	if f.Risky {
		o.key("risky")
		o.b = append(o.b, "true"...)
	}
	return o.close()
}

// appendString appends s as a JSON string exactly as encoding/json does
// without HTML escaping: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by \ufffd, and U+2028 and U+2029
// escaped. Most strings need no escape: they are copied whole and checked
// eight bytes at a time.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	at := len(b)
	b = append(b, s...)
	i := firstSpecial(b[at:])
	if i < 0 {
		return append(b, '"')
	}
	return appendEscaped(b[:at+i], s, i)
}

// firstSpecial returns the index of the first byte of p that a JSON
// string may not hold as is or that starts a multi-byte sequence, or -1.
func firstSpecial(p []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(p); i += 8 {
		x := binary.LittleEndian.Uint64(p[i:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		control := (x - ones*0x20) & ^x
		quote := (q - ones) & ^q
		backslash := (bs - ones) & ^bs
		if (x|control|quote|backslash)&highs != 0 {
			break // the byte is found below
		}
	}
	for ; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// appendEscaped appends the rest of s from index i, whose first i bytes
// are already in b, escaping as encoding/json does, and the closing quote.
func appendEscaped(b []byte, s string, i int) []byte {
	start := i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscape(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hex = "0123456789abcdef"

// appendEscape appends the escape of an ASCII byte that JSON strings may
// not hold as is.
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}

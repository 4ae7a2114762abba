package yamltree

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

// Character-level checks of the fast parser: what yaml.v3 would read
// differently (or reject) is left to it.

// validText reports whether data holds only characters yaml.v3 reads the
// same way we do: no control characters, no Unicode line breaks or byte
// order marks, carriage returns only in CRLF line breaks, and valid UTF-8.
// It also reports whether data is pure ASCII and whether it has CRLF line
// breaks. Eight ASCII bytes are checked at a time.
func validText(data []byte) (ascii, crlf, ok bool) {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	ascii = true
	for i := 0; i < len(data); {
		if i+8 <= len(data) {
			w := binary.LittleEndian.Uint64(data[i:])
			// For ASCII bytes, b+0x60 has its high bit set iff b >= 0x20,
			// and b+1 iff b == 0x7f.
			if w&high == 0 && (w+0x60*ones)&high == high && (w+ones)&high == 0 {
				i += 8
				continue
			}
		}
		c := data[i]
		if c < utf8.RuneSelf {
			if c == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				crlf = true
			} else if (c < ' ' && c != '\n' && c != '\t') || c == 0x7f {
				return false, false, false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRune(data[i:])
		if (r == utf8.RuneError && size == 1) || !allowedRune(r) {
			return false, false, false
		}
		i += size
	}
	return ascii, crlf, true
}

// dropCR returns data with the carriage returns of its CRLF line breaks
// removed. yaml.v3 reads CRLF as one line break and never keeps the CR in a
// value; since a CR only ends a line, no column moves either.
func dropCR(data []byte) string {
	var b strings.Builder
	b.Grow(len(data))
	for {
		i := bytes.IndexByte(data, '\r')
		if i < 0 {
			b.Write(data)
			return b.String()
		}
		b.Write(data[:i])
		data = data[i+1:]
	}
}

// atMarker reports whether the cursor, at the start of a line, is on a
// document marker ("---", "...") or a directive, which end or start
// documents; those are left to yaml.v3.
func (p *fastParser) atMarker() bool {
	if p.pos != p.lineStart {
		return false
	}
	switch c := p.cur(); c {
	case '%':
		return true
	case '-', '.':
		return p.at(p.pos+1) == c && p.at(p.pos+2) == c && isBlankz(p.at(p.pos+3))
	}
	return false
}

// allowedRune reports the non-ASCII characters yaml.v3 accepts and does not
// treat as line breaks or byte order marks.
func allowedRune(r rune) bool {
	switch {
	case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

func isBlankz(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == 0 }

package yamltree

import "unicode/utf8"

// Single-line scalars of the fast parser: plain, single- and double-quoted.

// plainStop marks the bytes at which a block-context plain scalar scan must
// look closer; flowStop adds the flow indicators.
var plainStop, flowStop [256]bool

func init() {
	for _, c := range " \t\n:" {
		plainStop[c], flowStop[c] = true, true
	}
	for _, c := range ",[]{}?" {
		flowStop[c] = true
	}
}

// parseScalar parses a quoted or plain scalar at the cursor and leaves the
// cursor just after it. Multi-line scalars make it give up.
func (p *fastParser) parseScalar(flow bool) *Node {
	switch p.cur() {
	case '"', '\'':
		return p.parseQuoted()
	}
	if !canStartPlain(p.cur(), p.at(p.pos+1), flow) {
		p.bail()
	}
	start := p.pos
	n := p.newNode(ScalarNode, 0, start)
	end := p.scanPlain(flow)
	v := p.src[start:end]
	if v == "<<" {
		p.bail() // a merge key, or close enough to one to leave alone
	}
	n.Value, n.Tag = v, p.plainTag(v)
	return n
}

// canStartPlain follows yaml.v3's rule for the first character of a plain
// scalar, rejecting '?' and ':' starts in flow context, where they are indicators.
func canStartPlain(c, next byte, flow bool) bool {
	switch c {
	case '-':
		return !isBlankz(next)
	case '?', ':':
		return !flow && !isBlankz(next)
	case 0, ' ', '\t', '\n', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// scanPlain scans a single-line plain scalar from the cursor and returns its
// end; the cursor is left there, before any trailing spaces.
func (p *fastParser) scanPlain(flow bool) int {
	stop := &plainStop
	if flow {
		stop = &flowStop
	}
	src, i := p.src, p.pos
	for {
		for i < len(src) && !stop[src[i]] {
			i++
		}
		if i >= len(src) {
			break
		}
		switch src[i] {
		case ':':
			if isBlankz(p.at(i + 1)) {
				p.pos = i
				return i
			}
			if flow {
				p.bail() // "a:b" in flow context: leave it to yaml.v3
			}
			i++
			continue
		case ' ':
			j := i + 1
			for j < len(src) && src[j] == ' ' {
				j++
			}
			if p.plainEndsAt(j, flow) {
				p.pos = i
				return i
			}
			i = j
			continue
		case '\t', '?':
			p.bail()
		}
		break // '\n' or a flow indicator
	}
	p.pos = i
	return i
}

// plainEndsAt reports whether the character at j, after spaces inside a plain
// scalar, ends the scalar.
func (p *fastParser) plainEndsAt(j int, flow bool) bool {
	switch c := p.at(j); c {
	case 0, '\n', '#':
		return true
	case ':':
		return isBlankz(p.at(j + 1))
	case '\t':
		p.bail()
	case ',', '[', ']', '{', '}':
		return flow
	}
	return false
}

// parseQuoted parses a single-line quoted scalar at the cursor.
func (p *fastParser) parseQuoted() *Node {
	n := p.newNode(ScalarNode, StrTag, p.pos)
	q := p.src[p.pos]
	start := p.pos + 1
	i := start
	for i < len(p.src) && p.src[i] != q && p.src[i] != '\n' && (q == '\'' || p.src[i] != '\\') {
		i++
	}
	if i >= len(p.src) || p.src[i] == '\n' {
		p.bail()
	}
	if p.src[i] == q && (q == '"' || p.at(i+1) != '\'') {
		n.Value = p.src[start:i]
		p.pos = i + 1
		return n
	}
	p.buildQuoted(n, start, q)
	return n
}

// buildQuoted assembles a quoted scalar with escapes into buf.
func (p *fastParser) buildQuoted(n *Node, i int, q byte) {
	b := len(p.buf)
	for {
		c := p.at(i)
		switch {
		case c == 0 || c == '\n':
			p.bail()
		case c == '\'' && q == '\'' && p.at(i+1) == '\'':
			p.buf = append(p.buf, '\'')
			i += 2
		case c == q:
			p.built = append(p.built, builtValue{node: n, start: int32(b), end: int32(len(p.buf))})
			p.pos = i + 1
			return
		case c == '\\' && q == '"':
			i = p.escape(i)
		default:
			p.buf = append(p.buf, c)
			i++
		}
	}
}

// simpleEscapes maps the single-character escapes of double-quoted scalars.
var simpleEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
	'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '\'': "'", '\\': "\\",
	'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}

// escape decodes the escape sequence at src[i] ('\\') into buf and returns
// the offset after it.
func (p *fastParser) escape(i int) int {
	e := p.at(i + 1)
	if s, ok := simpleEscapes[e]; ok {
		p.buf = append(p.buf, s...)
		return i + 2
	}
	width := 0
	switch e {
	case 'x':
		width = 2
	case 'u':
		width = 4
	case 'U':
		width = 8
	}
	if width == 0 || i+2+width > len(p.src) {
		p.bail() // an unknown escape or an escaped line break
	}
	var r int64 // eight hex digits overflow a rune
	for k := i + 2; k < i+2+width; k++ {
		d := hexValue(p.src[k])
		if d < 0 {
			p.bail()
		}
		r = r<<4 | int64(d)
	}
	if (r >= 0xD800 && r <= 0xDFFF) || r > 0x10FFFF {
		p.bail()
	}
	p.buf = utf8.AppendRune(p.buf, rune(r))
	return i + 2 + width
}

func hexValue(h byte) int {
	switch {
	case h >= '0' && h <= '9':
		return int(h - '0')
	case h >= 'a' && h <= 'f':
		return int(h-'a') + 10
	case h >= 'A' && h <= 'F':
		return int(h-'A') + 10
	}
	return -1
}

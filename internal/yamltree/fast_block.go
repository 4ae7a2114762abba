package yamltree

import "slices"

// Block structure of the fast parser. Every parse function starts at the
// first character of its node and returns with the cursor on the next
// content character (or at the end of input), so that the caller can decide
// from that character's column whether its collection goes on.
//
// ind is the indentation of the enclosing block collection (-1 at the top),
// which is what yaml.v3 uses to end plain scalars and to indent block
// scalars. compact allows a collection to start on the current line, as the
// document root, a sequence entry or a value on its own line may.

func (p *fastParser) parseBlock(ind int, compact bool) *Node {
	p.enter()
	defer func() { p.depth-- }()
	start, col := p.pos, p.pos-p.lineStart
	switch c := p.cur(); {
	case c == '-' && isBlankz(p.at(p.pos+1)):
		if !compact {
			p.bail()
		}
		return p.parseSeq(col)
	case c == '[' || c == '{':
		n := p.parseFlow()
		p.nextContent()
		return n
	case c == '|' || c == '>':
		return p.parseBlockScalar(ind)
	}
	built := len(p.built)
	n := p.parseScalar(false)
	if p.atValueIndicator(start) {
		if !compact || len(p.built) != built {
			p.bail()
		}
		return p.parseMapping(col, n)
	}
	p.nextContent()
	return n
}

// atValueIndicator reports whether a ':' that makes the scalar that began at
// keyStart a mapping key follows, and moves the cursor onto it.
func (p *fastParser) atValueIndicator(keyStart int) bool {
	i := p.pos
	for i < len(p.src) && p.src[i] == ' ' {
		i++
	}
	if p.at(i) != ':' || !isBlankz(p.at(i+1)) {
		return false
	}
	if i-keyStart > maxSimpleKey {
		p.bail()
	}
	p.pos = i
	return true
}

// atSeqEntry reports whether the cursor is on a block sequence entry "- ".
func (p *fastParser) atSeqEntry() bool {
	return p.cur() == '-' && isBlankz(p.at(p.pos+1))
}

// parseMapping parses a block mapping at column m whose first key has been
// parsed; the cursor is on that key's ':'.
func (p *fastParser) parseMapping(m int, key *Node) *Node {
	n := p.newNodeAt(MappingNode, 0, key.Line, key.Column)
	base := len(p.stack)
	for {
		p.stack = append(p.stack, key)
		p.stack = append(p.stack, p.parseMapValue(m))
		c := p.col()
		if c < m {
			break
		}
		if c > m || p.atSeqEntry() {
			p.bail()
		}
		start, built := p.pos, len(p.built)
		key = p.parseScalar(false)
		if !p.atValueIndicator(start) || len(p.built) != built {
			p.bail()
		}
	}
	p.checkDuplicates(base)
	p.closeColl(n, base)
	return n
}

// parseMapValue parses the value after the ':' under the cursor of a key in
// a block mapping at column m.
func (p *fastParser) parseMapValue(m int) *Node {
	p.pos++
	line, column := p.line, p.column(p.pos)
	p.skipSpaces()
	if c := p.cur(); c != 0 && c != '\n' && c != '#' {
		return p.parseBlock(m, false)
	}
	p.finishLine()
	switch c := p.skipToContent(); {
	case c > m:
		return p.parseBlock(m, true)
	case c == m && p.atSeqEntry():
		return p.parseSeq(m) // a sequence at the same indentation as its key
	}
	return p.newNodeAt(ScalarNode, NullTag, line, column)
}

// parseSeq parses a block sequence whose entries start at column s.
func (p *fastParser) parseSeq(s int) *Node {
	n := p.newNode(SequenceNode, 0, p.pos)
	base := len(p.stack)
	for {
		p.pos++
		line, column := p.line, p.column(p.pos)
		p.skipSpaces()
		var item *Node
		if c := p.cur(); c != 0 && c != '\n' && c != '#' {
			item = p.parseBlock(s, true)
		} else if p.finishLine(); p.skipToContent() > s {
			item = p.parseBlock(s, true)
		} else {
			item = p.newNodeAt(ScalarNode, NullTag, line, column)
		}
		p.stack = append(p.stack, item)
		c := p.col()
		if c > s {
			p.bail()
		}
		if c < s || !p.atSeqEntry() {
			break
		}
	}
	p.closeColl(n, base)
	return n
}

// checkDuplicates gives up on mappings with repeated keys; yaml.v3 keeps
// them all, but decoding them is ambiguous, so leave them to the full parser.
func (p *fastParser) checkDuplicates(base int) {
	kv := p.stack[base:]
	if len(kv) <= 2 {
		return
	}
	if len(kv) <= 32 {
		for i := 2; i < len(kv); i += 2 {
			v := kv[i].Value
			for j := 0; j < i; j += 2 {
				if kv[j].Value == v {
					p.bail()
				}
			}
		}
		return
	}
	keys := p.keys[:0]
	for i := 0; i < len(kv); i += 2 {
		keys = append(keys, kv[i].Value)
	}
	slices.Sort(keys)
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			p.bail()
		}
	}
	p.keys = keys
}

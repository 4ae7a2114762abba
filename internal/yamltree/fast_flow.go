package yamltree

// Flow collections of the fast parser: [a, b] and {a: 1}, nested, possibly
// over several lines, with plain and single-line quoted scalars. Keys must
// be scalars on the same line as their ':'; "[a: b]" pairs, '?' keys and
// tabs are left to yaml.v3.

// parseFlow parses the flow collection whose '[' or '{' is under the cursor
// and leaves the cursor after its closing bracket.
func (p *fastParser) parseFlow() *Node {
	p.enter()
	defer func() { p.depth-- }()
	if p.cur() == '[' {
		return p.flowSeq()
	}
	return p.flowMap()
}

func (p *fastParser) flowNode() *Node {
	switch p.cur() {
	case '[', '{':
		return p.parseFlow()
	}
	return p.parseScalar(true)
}

func (p *fastParser) flowSeq() *Node {
	n := p.newNode(SequenceNode, 0, p.pos)
	base := len(p.stack)
	p.pos++
	p.flowSpace()
	for p.cur() != ']' {
		p.stack = append(p.stack, p.flowNode())
		p.flowNext(']')
	}
	p.pos++
	p.closeColl(n, base)
	return n
}

// flowNext moves past the ',' after an entry, or checks that the entry is
// the last one before end.
func (p *fastParser) flowNext(end byte) {
	p.flowSpace()
	switch p.cur() {
	case ',':
		p.pos++
		p.flowSpace()
	case end:
	default:
		p.bail()
	}
}

func (p *fastParser) flowMap() *Node {
	n := p.newNode(MappingNode, 0, p.pos)
	base := len(p.stack)
	p.pos++
	p.flowSpace()
	for p.cur() != '}' {
		start, built := p.pos, len(p.built)
		if c := p.cur(); c == '[' || c == '{' {
			p.bail() // a collection as a key
		}
		key := p.parseScalar(true)
		if len(p.built) != built {
			p.bail() // keep keys plain substrings for the duplicate check
		}
		p.stack = append(p.stack, key, p.flowValue(start))
		p.flowNext('}')
	}
	p.pos++
	p.checkDuplicates(base)
	p.closeColl(n, base)
	return n
}

// flowValue parses what follows a flow mapping key that began at keyStart:
// ": value", ":" alone, or nothing; the missing values are nulls placed
// where yaml.v3 places them, on the next token.
func (p *fastParser) flowValue(keyStart int) *Node {
	p.skipSpaces()
	if p.cur() == ':' {
		if p.pos-keyStart > maxSimpleKey {
			p.bail()
		}
		p.pos++
		p.flowSpace()
		if c := p.cur(); c != ',' && c != '}' {
			return p.flowNode()
		}
		return p.newNode(ScalarNode, NullTag, p.pos)
	}
	p.flowSpace()
	if c := p.cur(); c != ',' && c != '}' {
		p.bail() // e.g. a ':' on the next line
	}
	return p.newNode(ScalarNode, NullTag, p.pos)
}

// flowSpace skips spaces, line breaks and comments inside a flow collection.
func (p *fastParser) flowSpace() {
	for {
		switch p.cur() {
		case ' ':
			p.pos++
		case '\n':
			p.newline()
			if p.atMarker() {
				p.bail()
			}
		case '#':
			if c := p.src[p.pos-1]; c != ' ' && c != '\n' {
				p.bail() // yaml.v3 reads "[a,#b]" as a comment; we stay out of it
			}
			p.skipComment()
		default:
			return
		}
	}
}

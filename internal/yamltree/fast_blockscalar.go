package yamltree

// Literal and folded block scalars, a port of yaml.v3's scanner
// (yaml_parser_scan_block_scalar) restricted to '\n' line breaks.

// parseBlockScalar parses a block scalar whose indicator is under the
// cursor, inside a block collection with indentation ind.
func (p *fastParser) parseBlockScalar(ind int) *Node {
	n := p.newNode(ScalarNode, StrTag, p.pos)
	literal := p.cur() == '|'
	p.pos++
	chomp, increment := p.blockHeader()
	indent := 0
	if increment > 0 {
		indent = increment
		if ind >= 0 {
			indent = ind + increment
		}
	}
	b := len(p.buf)
	leadingBreak, trailing := p.blockContent(literal, indent, ind)
	if chomp != -1 && leadingBreak {
		p.buf = append(p.buf, '\n')
	}
	if chomp == 1 {
		p.buf = appendBreaks(p.buf, trailing)
	}
	p.built = append(p.built, builtValue{node: n, start: int32(b), end: int32(len(p.buf))})
	p.skipToContent()
	return n
}

// blockContent appends the content lines of a block scalar to buf, folding
// them unless literal, and returns whether the last line ended in a line
// break and how many empty lines followed it, for chomping.
func (p *fastParser) blockContent(literal bool, indent, ind int) (leadingBreak bool, trailing int) {
	trailing = p.blockBreaks(&indent, ind)
	leadingBlank := false
	for p.pos < len(p.src) && p.pos-p.lineStart == indent {
		trailingBlank := p.src[p.pos] == ' ' || p.src[p.pos] == '\t'
		if !literal && !leadingBlank && !trailingBlank && leadingBreak {
			if trailing == 0 {
				p.buf = append(p.buf, ' ')
			}
		} else if leadingBreak {
			p.buf = append(p.buf, '\n')
		}
		p.buf = appendBreaks(p.buf, trailing)
		leadingBlank = trailingBlank
		start := p.pos
		p.skipComment() // to the end of the line
		p.buf = append(p.buf, p.src[start:p.pos]...)
		leadingBreak = p.pos < len(p.src)
		if leadingBreak {
			p.newline()
		}
		trailing = p.blockBreaks(&indent, ind)
	}
	return leadingBreak, trailing
}

func appendBreaks(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, '\n')
	}
	return b
}

// blockHeader parses the chomping and indentation indicators and the rest
// of the header line, and moves to the next line.
func (p *fastParser) blockHeader() (chomp, increment int) {
	for k := 0; k < 2; k++ {
		switch c := p.cur(); {
		case (c == '+' || c == '-') && chomp == 0:
			chomp = 1
			if c == '-' {
				chomp = -1
			}
		case c >= '1' && c <= '9' && increment == 0:
			increment = int(c - '0')
		default:
			k = 2
			continue
		}
		p.pos++
	}
	p.skipSpaces()
	switch p.cur() {
	case '#':
		p.skipComment()
	case 0, '\n':
	default:
		p.bail() // includes an indentation indicator of 0
	}
	if p.pos < len(p.src) {
		p.newline()
	}
	return chomp, increment
}

// blockBreaks skips indentation and empty lines before block scalar content,
// returns how many line breaks it skipped, and settles the indentation if
// it is not known yet.
func (p *fastParser) blockBreaks(indent *int, ind int) int {
	breaks, maxIndent := 0, 0
	for {
		for (*indent == 0 || p.pos-p.lineStart < *indent) && p.cur() == ' ' {
			p.pos++
		}
		col := p.pos - p.lineStart
		maxIndent = max(maxIndent, col)
		if (*indent == 0 || col < *indent) && p.cur() == '\t' {
			p.bail()
		}
		if p.cur() != '\n' {
			break
		}
		breaks++
		p.newline()
	}
	if *indent == 0 {
		*indent = max(maxIndent, ind+1, 1)
	}
	return breaks
}

package yamltree

import (
	"sync"
	"unicode/utf8"
	"unsafe"

	yaml "go.yaml.in/yaml/v3"
)

// The fast parser handles the block-style subset of YAML that Kubernetes
// manifests use and produces exactly the tree that parseSlow would. Whenever
// it meets anything outside that subset, or anything it is not certain about
// (including every syntax error), it gives up and ParseDocument falls back to
// yaml.v3, so that results and error messages stay yaml.v3's.

func init() { parseFast = fastParse }

const (
	// fastMaxDepth bounds nesting well below parseSlow's maxDepth.
	fastMaxDepth = 100
	// fastMaxNodes stays below parseSlow's node limit, which it reports as an error.
	fastMaxNodes = maxAliasNodes - 16
	// maxSimpleKey is how far (in bytes, which bounds characters) a key may
	// reach before its ':'; yaml.v3 rejects longer implicit keys.
	maxSimpleKey = 1024
	// firstSlabMax and slabMax bound the node slabs; each slab after the
	// first is twice as large as the one before, up to slabMax.
	firstSlabMax, slabMax = 512, 8192
)

// bailout is panicked inside the parser when the input leaves the supported
// subset; fastParse recovers it and reports ok=false.
type bailout struct{}

// builtValue is a scalar value assembled in buf (escapes, block scalars);
// all of them become substrings of one string when the document is done.
type builtValue struct {
	node       *Node
	start, end int32
}

type fastParser struct {
	src       string
	pos       int
	lineStart int
	line      int32
	ascii     bool
	depth     int

	// nodes and kids are slabs handed out to the tree: Nodes and Children
	// slices are cut from them, and a larger slab starts when one is full.
	nodes             []Node
	kids              []*Node
	nodeSlab, kidSlab int // sizes of the next slabs
	nodeCount         int

	// Scratch space, reused across documents.
	stack   []*Node // children of the collections being parsed
	buf     []byte
	built   []builtValue
	keys    []string // for duplicate-key checks
	tagNode yaml.Node
}

// emptyChildren is the Children of an empty sequence: empty but not nil, as
// parseSlow makes it.
var emptyChildren = []*Node{}

var fastParsers = sync.Pool{New: func() any { return new(fastParser) }}

// fastParse is the fast implementation of parseFast. It never returns an error:
// anything doubtful is left to yaml.v3.
func fastParse(data []byte, firstLine int) (*Node, bool, error) {
	ascii, crlf, ok := validText(data)
	if !ok {
		return nil, false, nil
	}
	var src string
	if crlf {
		src = dropCR(data)
	} else {
		// Values alias the chunk's bytes instead of copying every
		// document (see Chunk: its data is never modified).
		src = unsafe.String(unsafe.SliceData(data), len(data))
	}
	p := fastParsers.Get().(*fastParser)
	defer p.release()
	root, ok := p.parse(src, firstLine, ascii)
	return root, ok, nil
}

func (p *fastParser) parse(src string, firstLine int, ascii bool) (root *Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, bail := r.(bailout); !bail {
				panic(r)
			}
			root, ok = nil, false
		}
	}()
	p.src, p.pos, p.lineStart, p.line, p.ascii, p.depth = src, 0, 0, int32(firstLine), ascii, 0
	// Kubernetes manifests have about one node per 12 bytes; a document with
	// long block scalars has far fewer, hence the cap on the first slab.
	p.nodeSlab = min(len(src)/12+16, firstSlabMax)
	p.kidSlab, p.nodeCount = p.nodeSlab, 0
	if p.skipToContent() < 0 {
		return nil, true
	}
	root = p.parseBlock(-1, true)
	if p.pos < len(p.src) {
		p.bail()
	}
	if len(p.built) > 0 {
		s := string(p.buf)
		for _, b := range p.built {
			b.node.Value = s[b.start:b.end]
		}
	}
	return root, true
}

func (p *fastParser) release() {
	clear(p.stack[:cap(p.stack)])
	clear(p.built)
	clear(p.keys)
	p.nodes, p.kids, p.stack = nil, nil, p.stack[:0]
	p.buf, p.built, p.keys = p.buf[:0], p.built[:0], p.keys[:0]
	p.src, p.tagNode = "", yaml.Node{}
	if cap(p.stack) > 1<<12 || cap(p.buf) > 1<<20 || cap(p.built) > 1<<12 {
		*p = fastParser{} // do not keep buffers of a huge document alive
	}
	fastParsers.Put(p)
}

func (p *fastParser) bail() { panic(bailout{}) }

// cur returns the byte at the cursor, or 0 at the end of input.
func (p *fastParser) cur() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *fastParser) at(i int) byte {
	if i < len(p.src) {
		return p.src[i]
	}
	return 0
}

func (p *fastParser) newline() {
	p.pos++
	p.line++
	p.lineStart = p.pos
}

// column is the 1-based column of byte offset pos on the current line,
// counted in characters as yaml.v3 does.
func (p *fastParser) column(pos int) int32 {
	if p.ascii {
		return int32(pos - p.lineStart + 1)
	}
	return int32(utf8.RuneCountInString(p.src[p.lineStart:pos]) + 1)
}

// col is the column (0-based) of the cursor, or -1 at the end of input.
func (p *fastParser) col() int {
	if p.pos >= len(p.src) {
		return -1
	}
	return p.pos - p.lineStart
}

func (p *fastParser) newNode(kind Kind, tag Tag, pos int) *Node {
	return p.newNodeAt(kind, tag, p.line, p.column(pos))
}

func (p *fastParser) newNodeAt(kind Kind, tag Tag, line, column int32) *Node {
	p.nodeCount++
	if p.nodeCount > fastMaxNodes {
		p.bail()
	}
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]Node, 0, p.nodeSlab)
		p.nodeSlab = min(2*p.nodeSlab, slabMax)
	}
	// Fill the zeroed slot field by field: no pointer writes, so no write
	// barriers while the garbage collector runs.
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	n.Kind, n.Tag, n.Line, n.Column = kind, tag, line, column
	return n
}

// closeColl moves the children pushed since base to the collection n, in an
// exactly sized slice.
func (p *fastParser) closeColl(n *Node, base int) {
	count := len(p.stack) - base
	switch {
	case count == 0 && n.Kind == SequenceNode:
		n.Children = emptyChildren
	case count > 0:
		if cap(p.kids)-len(p.kids) < count {
			p.kids = make([]*Node, 0, max(p.kidSlab, count))
			p.kidSlab = min(2*p.kidSlab, slabMax)
		}
		start := len(p.kids)
		p.kids = append(p.kids, p.stack[base:]...)
		n.Children = p.kids[start:len(p.kids):len(p.kids)]
	}
	p.stack = p.stack[:base]
}

func (p *fastParser) enter() {
	p.depth++
	if p.depth > fastMaxDepth {
		p.bail()
	}
}

func (p *fastParser) skipSpaces() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *fastParser) skipComment() {
	for p.pos < len(p.src) && p.src[p.pos] != '\n' {
		p.pos++
	}
}

// skipToContent moves past spaces, blank lines and comments to the next
// content character and returns its column, or -1 at the end of input. It
// is called at the start of a line or after a line's indentation.
func (p *fastParser) skipToContent() int {
	for {
		p.skipSpaces()
		switch p.cur() {
		case 0:
			return -1
		case '\n':
			p.newline()
		case '#':
			p.skipComment()
		case '\t':
			p.bail()
		default:
			if p.atMarker() {
				p.bail()
			}
			return p.pos - p.lineStart
		}
	}
}

// finishLine checks that only spaces and a comment follow a token on its
// line and moves to the start of the next line.
func (p *fastParser) finishLine() {
	p.skipSpaces()
	switch p.cur() {
	case 0:
	case '\n':
		p.newline()
	case '#':
		if p.src[p.pos-1] != ' ' {
			p.bail() // yaml.v3 takes `"a"#b` as a comment; we stay out of it
		}
		p.skipComment()
		if p.pos < len(p.src) {
			p.newline()
		}
	default:
		p.bail()
	}
}

// nextContent finishes the current line and moves to the next content.
func (p *fastParser) nextContent() {
	p.finishLine()
	p.skipToContent()
}

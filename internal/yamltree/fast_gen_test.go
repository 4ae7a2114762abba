package yamltree

import (
	"math/rand"
	"strings"
	"testing"
)

// docGen writes random block-style YAML close to the edges of what the fast
// parser supports: varying indentation, compact forms, comments and blank
// lines anywhere, tricky scalars, flow collections, block scalars, and now
// and then a small corruption. It drives the differential tests harder than
// byte-level fuzzing alone.
type docGen struct {
	r *rand.Rand
	b strings.Builder
}

var genScalars = []string{
	"a", "hello world", "web-1", "1", "-1", "0", "017", "09", "0x1F", "1_000", "1.5", ".5", "1e3", ".inf",
	"yes", "No", "on", "y", "true", "FALSE", "~", "null", "2001-12-14", "2001-12-14 21:59:43.10",
	"100m", "1Gi", "10.0.0.1", "a:b", "a#b", ":8080", "?x", "-x", "--v=2", "http://x/y?z=1#f",
	"'q'", "''", "'it''s'", `"d"`, `"a\nb"`, `"\u00e9\x41"`, `"\t\""`, `"\/"`, "é", "名前", "a  b", "<<",
	"&a b", "*a", "!!str x", "!t x", "{a: 1}", "[a, b]", "[]", "{}", "{a, b: }", "[a, [b, c], {d: e}]",
	"{\"k\":[1,null]}", "[a,\n b]", "x # c", "x#c", "'a' # c", "a:", "- a", "a: b", "@x", "`x", "%x", ",x",
}

var genKeys = []string{"a", "b", "name", "image", "1", "true", "null", "'q'", `"d"`, "a b", "é", "k:x", "-k", "?k", "<<", "a", "x", "y"}

func (g *docGen) pick(s []string) string { return s[g.r.Intn(len(s))] }
func (g *docGen) chance(n int) bool      { return g.r.Intn(n) == 0 }

func (g *docGen) pad(n int) string { return strings.Repeat(" ", max(n, 0)) }

// noise writes blank and comment lines at random indentations.
func (g *docGen) noise() {
	for g.chance(4) {
		switch g.r.Intn(4) {
		case 0:
			g.b.WriteString("\n")
		case 1:
			g.b.WriteString(g.pad(g.r.Intn(6)) + "\n")
		default:
			g.b.WriteString(g.pad(g.r.Intn(6)) + "# note: x\n")
		}
	}
}

func (g *docGen) lineEnd() {
	if g.chance(5) {
		g.b.WriteString(" # c")
	}
	if g.chance(40) {
		g.b.WriteString(g.pick([]string{"\t", " ", "  x", ":", "\r"}))
	}
	g.b.WriteString("\n")
	g.noise()
}

// value writes a value after "key:" or "- ", on the same line or below.
func (g *docGen) value(ind, depth int, seqItem bool) {
	switch k := g.r.Intn(10); {
	case depth > 4 || k < 3:
		g.b.WriteString(" " + g.pick(genScalars))
		g.lineEnd()
	case k == 3:
		g.b.WriteString(" ")
		g.flow(0)
		g.lineEnd()
	case k == 4:
		g.blockScalar(ind)
	case k == 5 && seqItem:
		g.b.WriteString(" ")
		g.mapping(ind+2, depth+1, true)
	case k == 6 && seqItem:
		g.b.WriteString(" ")
		g.sequence(ind+2, depth+1, true)
	case k == 7:
		g.lineEnd() // null, or a nested node on the next line
		if g.chance(2) {
			g.sequence(ind+g.r.Intn(3), depth+1, false)
		}
	default:
		g.lineEnd()
		g.mapping(ind+1+g.r.Intn(3), depth+1, false)
	}
}

func (g *docGen) mapping(ind, depth int, inline bool) {
	for i, n := 0, 1+g.r.Intn(4); i < n; i++ {
		if i > 0 || !inline {
			g.b.WriteString(g.pad(ind + g.jitter()))
		}
		g.b.WriteString(g.pick(genKeys) + ":")
		g.value(ind, depth, false)
	}
}

func (g *docGen) sequence(ind, depth int, inline bool) {
	for i, n := 0, 1+g.r.Intn(3); i < n; i++ {
		if i > 0 || !inline {
			g.b.WriteString(g.pad(ind + g.jitter()))
		}
		g.b.WriteString("-")
		g.value(ind, depth, true)
	}
}

// jitter rarely misindents a line by one column.
func (g *docGen) jitter() int {
	if g.chance(50) {
		return g.r.Intn(3) - 1
	}
	return 0
}

// flow writes a flow collection with random spacing, line breaks and comments.
func (g *docGen) flow(depth int) {
	open, end := "[", "]"
	if g.chance(2) {
		open, end = "{", "}"
	}
	g.b.WriteString(open)
	for i, n := 0, g.r.Intn(4); i < n; i++ {
		if i > 0 {
			g.b.WriteString(g.pick([]string{",", ", ", " ,", ",\n", ", # c\n  ", ",\n\n "}))
		}
		if open == "{" {
			g.b.WriteString(g.pick(genKeys) + g.pick([]string{": ", ":", ":\n ", " : ", ""}))
		}
		if depth < 3 && g.chance(3) {
			g.flow(depth + 1)
		} else if !g.chance(8) {
			g.b.WriteString(g.pick([]string{"a", "b c", "1", "'q'", `"d\"e"`, "-1", "x#y", "é", "null", ""}))
		}
	}
	g.b.WriteString(g.pick([]string{"", ",", " ", "\n"}) + end)
}

func (g *docGen) blockScalar(ind int) {
	g.b.WriteString(" " + g.pick([]string{"|", ">", "|-", ">-", "|+", ">+", "|2", "|1-", ">+2", "|0"}))
	g.lineEnd()
	in := ind + 1 + g.r.Intn(3)
	for i, n := 0, g.r.Intn(5); i < n; i++ {
		switch g.r.Intn(8) {
		case 0:
			g.b.WriteString("\n")
		case 1:
			g.b.WriteString(g.pad(g.r.Intn(in+3)) + "\n")
		case 2:
			g.b.WriteString(g.pad(in+1+g.r.Intn(2)) + "more indented\n")
		case 3:
			g.b.WriteString(g.pad(in) + "# not a comment\t\n")
		default:
			g.b.WriteString(g.pad(in) + "line  text é\n")
		}
	}
}

func (g *docGen) document() string {
	g.b.Reset()
	g.noise()
	switch g.r.Intn(6) {
	case 0:
		g.sequence(g.r.Intn(2), 0, false)
	case 1:
		g.b.WriteString(g.pick(genScalars))
		g.lineEnd()
	default:
		g.mapping(g.r.Intn(2), 0, false)
	}
	return g.b.String()
}

func TestFastRandomDocuments(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	g := &docGen{r: rand.New(rand.NewSource(1))}
	handled := 0
	for i := 0; i < n; i++ {
		src := g.document()
		if i%4 == 3 {
			src = strings.ReplaceAll(src, "\n", "\r\n")
		}
		ok, problem := compareFastSlow(src, 1+i%3)
		if problem != "" {
			t.Fatalf("document %d: %s\ninput: %q", i, problem, src)
		}
		if ok {
			handled++
		}
	}
	if handled < n/10 {
		t.Fatalf("fast parser handled only %d of %d generated documents", handled, n)
	}
	t.Logf("fast parser handled %d of %d generated documents", handled, n)
}

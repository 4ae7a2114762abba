package yamltree

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// diffTrees returns the path of the first difference between two trees and
// what differs there, or "" if they are identical (including nil versus
// empty Children, which parseSlow distinguishes).
func diffTrees(path string, a, b *Node) string {
	switch {
	case a == nil && b == nil:
		return ""
	case a == nil || b == nil:
		return fmt.Sprintf("%s: node %v vs %v", path, a, b)
	case a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value:
		return fmt.Sprintf("%s: kind/tag/value %d/%d/%q vs %d/%d/%q", path, a.Kind, a.Tag, a.Value, b.Kind, b.Tag, b.Value)
	case a.Line != b.Line || a.Column != b.Column:
		return fmt.Sprintf("%s: position %d:%d vs %d:%d", path, a.Line, a.Column, b.Line, b.Column)
	case len(a.Children) != len(b.Children) || (a.Children == nil) != (b.Children == nil):
		return fmt.Sprintf("%s: %d children (nil %v) vs %d (nil %v)", path, len(a.Children), a.Children == nil, len(b.Children), b.Children == nil)
	}
	for i := range a.Children {
		p := fmt.Sprintf("%s[%d]", path, i)
		if a.Kind == MappingNode {
			p = path + "." + a.Children[i-i%2].Value
			if i%2 == 0 {
				p += "(key)"
			}
		}
		if d := diffTrees(p, a.Children[i], b.Children[i]); d != "" {
			return d
		}
	}
	return ""
}

// compareFastSlow parses src both ways; it reports whether the fast parser
// handled it and, if so, any difference from yaml.v3's result.
func compareFastSlow(src string, firstLine int) (handled bool, problem string) {
	fast, ok, err := fastParse([]byte(src), firstLine)
	if !ok {
		return false, ""
	}
	if err != nil {
		return true, fmt.Sprintf("fast parser returned error %v", err)
	}
	slow, serr := parseSlow(Chunk{Data: []byte(src), Line: firstLine})
	if serr != nil {
		return true, fmt.Sprintf("fast parser accepted what yaml.v3 rejects: %v", serr)
	}
	return true, diffTrees("$", fast, slow.Root)
}

var fastCases = []struct{ name, src string }{
	{"empty", ""},
	{"only comments", "# a\n\n   # b\n"},
	{"simple mapping", "apiVersion: v1\nkind: Pod\n"},
	{"nested mapping", "metadata:\n  name: x\n  labels:\n    app: web\nspec: {}\n"},
	{"no final newline", "a: 1\nb: 2"},
	{"root scalar", "hello world"},
	{"root scalar comment", "hello # there\n"},
	{"root indented", "   a: 1\n   b: 2\n"},
	{"after marker", " {a: 1}\n"},
	{"sequence", "- a\n- b\n-  c\n"},
	{"indentless sequence", "a:\n- x\n- y\nb: 1\n"},
	{"indented sequence", "a:\n  - x\n  - y\nb: 1\n"},
	{"compact mapping", "- name: a\n  image: b\n-   name: c\n    ports:\n    - containerPort: 80\n"},
	{"compact sequences", "- - a\n  - b\n- - - c\n"},
	{"nested indentless", "- a:\n  - x\n  b: y\n"},
	{"empty values", "a:\nb: # c\nc:\n  d:\ne:"},
	{"empty entries", "-\n- # c\n-\n  a\n- "},
	{"empty after dash at eof", "- a\n-"},
	{"comments everywhere", "# head\na: 1 # line\n# between\n  # indented\nb:\n  # before\n  - x # after\n# end\n"},
	{"ints", "a: 0\nb: 42\nc: -7\nd: 123456789012345678\ne: 1234567890123456789012\nf: +1\ng: 017\nh: 09\ni: 0x1F\nj: 0o17\nk: 1_000\nl: 0b101\nm: -0b1\n"},
	{"floats", "a: 1.5\nb: .5\nc: 1e3\nd: .inf\ne: -.Inf\nf: .NaN\ng: +.INF\nh: 1.\ni: 6.02e+23\n"},
	{"bools", "a: true\nb: False\nc: yes\nd: No\ne: on\nf: OFF\ng: y\nh: N\ni: TRUE\nj: yES\n"},
	{"nulls", "a: null\nb: ~\nc: Null\nd: NULL\ne: nULL\n"},
	{"timestamps", "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10\nd: 2001-12-1x\n"},
	{"strings", "a: 100m\nb: 1Gi\nc: 10.0.0.1\nd: -c\ne: --flag=x\nf: http://a:b@c/d#e\ng: a:b\nh: a#b\ni: :8080\nj: ?x\nk: -x\nl: a b  c\nm: 'x' \nn: <x\no: 1.2.3\np: 0xZZ\nq: ab-cd\n"},
	{"keys resolve", "1: a\ntrue: b\nnull: c\n~: d\n1.5: e\n\"q\": f\n'r': g\nyes: h\n"},
	{"key spacing", "a   : 1\n\"b\"  : 2\n"},
	{"single quoted", "a: 'it''s'\nb: ''\nc: 'a \"b\" \\n'\nd: '  spaced  '\n"},
	{"double quoted", "a: \"x\\ny\\t\\\"z\\\\\"\nb: \"\\x41\\u00e9\\U0001F600\"\nc: \"\"\nd: \"\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\\'\"\ne: \"tab\there\"\n"},
	{"quoted keys", "\"a b\": 1\n'c:d': 2\n"},
	{"literal", "a: |\n  line1\n  line2\nb: 1\n"},
	{"literal strip keep", "a: |-\n  x\n\nb: |+\n  y\n\n\nc: 1\n"},
	{"literal blank lines", "a: |\n\n  x\n\n  y\n\n\nb: 1\n"},
	{"literal more indented", "a: |\n  x\n    y\n  z\n"},
	{"literal leading spaces line", "a: |\n \n  \n  x\n   \n  y\n"},
	{"literal indicator", "a: |2\n    x\n   y\nb: |1-\n  z\n"},
	{"literal at eof", "a: |\n  x"},
	{"literal empty", "a: |\nb: >\n\nc: |+\n\n"},
	{"literal in sequence", "- |\n  x\n  y\n- >-\n  a\n  b\n"},
	{"literal comment lines", "a: |\n  x\n  # not a comment\n# a comment\nb: 1\n"},
	{"literal header comment", "a: | # c\n  x\nb: |#c\n  y\n"},
	{"literal tabs in content", "a: |\n  x\ty\n  \tz\n"},
	{"literal unicode", "a: |\n  héllo\n  wörld\n"},
	{"root literal", "|\n x\n y\n"},
	{"folded", "a: >\n  one\n  two\n\n  three\n    indented\n  four\nb: 1\n"},
	{"folded keep", "a: >+\n  one\n  two\n\n\n"},
	{"flow", "a: []\nb: {}\nc: [x, 'y', \"z\"]\nd: {k: v, n: 1}\ne: [[1, 2], {a: [b]}]\nf: [ ]\ng: { }\n"},
	{"flow trailing comma", "a: [x, y,]\nb: {k: v,}\n"},
	{"flow multi-line", "a: [x,\n  y, # c\n  z\n]\nb: {k: v,\n  l: w}\n"},
	{"flow empty values", "a: {x, y: , z: }\nb: {k\n}\n"},
	{"flow json", "a: {\"k\":1, \"l\":[true,null]}\n"},
	{"flow plain spaces", "a: [x y, z]\n"},
	{"flow at column zero", "a: [b,\nc]\n"},
	{"root flow", "[1, 2]\n"},
	{"unicode", "名前: 値\nb: é é\n\"ü\": x\nc: [é, ü]\n"},
	{"unicode null column", "é: \n"},
	{"many keys", manyKeys(60)},
	{"deployment", testDeployment(3)},
	{"crlf", strings.ReplaceAll(testConfigMap(1)+"e: |+\n  x  \n\n\nf: >\n a\n b\n\n c\ng: [x,\n y] # c\nh:\n", "\n", "\r\n")},
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "key%03d: v%d\n", i, i)
	}
	return b.String()
}

func TestFastMatchesSlow(t *testing.T) {
	for _, tc := range fastCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, line := range []int{1, 7} {
				handled, problem := compareFastSlow(tc.src, line)
				if !handled {
					t.Fatalf("fast parser gave up on %q", tc.src)
				}
				if problem != "" {
					t.Fatalf("line %d: %s\ninput: %q", line, problem, tc.src)
				}
			}
		})
	}
}

var bailCases = []struct{ name, src string }{
	{"anchor", "a: &x 1\nb: *x\n"},
	{"alias", "a: *x\n"},
	{"tag", "a: !!str 1\n"},
	{"local tag", "a: !foo x\n"},
	{"complex key", "? a\n: b\n"},
	{"merge key", "base: {a: 1}\nx:\n  <<: {b: 2}\n"},
	{"directive", "%YAML 1.2\n---\na: 1\n"},
	{"document marker", "a: 1\n---\nb: 2\n"},
	{"document end", "a: 1\n...\n"},
	{"marker in flow", "a: [b,\n---\n]\n"},
	{"marker after block scalar", "a: |\n  x\n...\n"},
	{"directive in flow", "a: [b,\n%x]\n"},
	{"multi-line plain", "a: b\n  c\n"},
	{"multi-line plain in sequence", "- a\n  b\n"},
	{"multi-line root", "a\nb\n"},
	{"multi-line double quoted", "a: \"x\n  y\"\n"},
	{"multi-line single quoted", "a: 'x\n  y'\n"},
	{"escaped line break", "a: \"x\\\n  y\"\n"},
	{"tab indentation", "a:\n\tb: 1\n"},
	{"tab separator", "a:\tb\n"},
	{"tab in plain", "a: b\tc\n"},
	{"duplicate keys", "a: 1\nb: 2\na: 3\n"},
	{"duplicate flow keys", "a: {x: 1, x: 2}\n"},
	{"lone carriage return", "a: 1\rb: 2\n"},
	{"carriage return at end", "a: 1\r"},
	{"bom", "\ufeffa: 1\n"},
	{"control character", "a: \x01\n"},
	{"invalid utf8", "a: \xff\n"},
	{"nel", "a: x\u0085y\n"},
	{"unknown escape", "a: \"\\/\"\n"},
	{"bad hex escape", "a: \"\\xZZ\"\n"},
	{"surrogate escape", "a: \"\\ud800\"\n"},
	{"escape beyond unicode", "a: \"\\U00110000\"\n"},
	{"escape overflowing a rune", "0: \"\\U80000000\"\n"},
	{"flow pair", "a: [b: c]\n"},
	{"flow colon", "a: {b:c}\n"},
	{"flow question", "a: [?b]\n"},
	{"flow key on next line", "a: {b\n: c}\n"},
	{"flow collection key", "[a]: b\n"},
	{"nested value on same line", "a: b: c\n"},
	{"sequence on key line", "a: - b\n"},
	{"unclosed flow", "a: [b\n"},
	{"unclosed quote", "a: 'b\n"},
	{"stray bracket", "]\n"},
	{"bad dedent", "a:\n    b: 1\n  c: 2\n"},
	{"sequence then key", "- a\nb: 1\n"},
	{"key after indented sequence", "a:\n  - b\n  c: 1\n"},
	{"missing colon", "a: 1\nb\n"},
	{"comment without space", "a: 'b'#c\n"},
	{"long key", strings.Repeat("k", 1100) + ": v\n"},
	{"deep nesting", strings.Repeat("[", 150) + strings.Repeat("]", 150)},
	{"too indented blank line before literal", "a: |\n     \n  x\n"},
	{"flow plain ending in colon", "a: {z:}\n"},
	{"zero indentation indicator", "a: |0\n  x\n"},
	{"block scalar tab indentation", "a: |\n\tx\n"},
	{"escaped single quote key", "'it''s': 1\n"},
}

func TestFastBailsOut(t *testing.T) {
	for _, tc := range bailCases {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok, _ := fastParse([]byte(tc.src), 1); ok {
				t.Fatalf("fast parser accepted %q; it should leave it to yaml.v3", tc.src)
			}
		})
	}
}

// TestParseDocumentKeepsSlowErrors checks that syntax errors still carry
// yaml.v3's message and the stream line.
func TestParseDocumentKeepsSlowErrors(t *testing.T) {
	_, err := ParseDocument(Chunk{Data: []byte("a: 1\nb: [x\n"), Line: 10})
	se, ok := err.(*SyntaxError)
	if !ok || se.Line < 10 || !strings.Contains(se.Message, "did not find expected") {
		t.Fatalf("got %v", err)
	}
}

func TestFastManifestStream(t *testing.T) {
	for _, c := range Split(genManifests(40)) {
		handled, problem := compareFastSlow(string(c.Data), c.Line)
		if !handled {
			t.Fatalf("fast parser gave up on document at line %d:\n%s", c.Line, c.Data)
		}
		if problem != "" {
			t.Fatalf("document at line %d: %s", c.Line, problem)
		}
	}
}

func FuzzFastMatchesSlow(f *testing.F) {
	for _, tc := range fastCases {
		f.Add([]byte(tc.src))
	}
	for _, tc := range bailCases {
		f.Add([]byte(tc.src))
	}
	for _, c := range Split(genManifests(8)) {
		f.Add(c.Data)
	}
	g := &docGen{r: rand.New(rand.NewSource(1))}
	for i := 0; i < 60; i++ {
		f.Add([]byte(g.document()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		chunks := append([]Chunk{{Data: data, Line: 1}}, Split(data)...)
		for _, c := range chunks {
			if _, problem := compareFastSlow(string(c.Data), c.Line); problem != "" {
				t.Fatalf("%s\ninput: %q", problem, c.Data)
			}
		}
	})
}

func FuzzParseDocument(f *testing.F) {
	for _, tc := range fastCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range Split(data) {
			_, _ = ParseDocument(c) // must not panic; errors are fine
		}
	})
}

package yamltree

import (
	"errors"
	"testing"
)

// TestSyntaxErrorLines pins the line reported for broken documents, counted
// from the start of the stream, for scanner and parser errors alike.
func TestSyntaxErrorLines(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		line int
	}{
		{"unclosed flow mapping", "a: 1\nb: {x: 1\n", 2},
		{"unclosed flow sequence", "a: 1\nb: [1, 2\n", 2},
		{"bad indentation", "a: 1\n  b: 2\n", 2},
		{"unterminated quote", "a: 1\nb: \"unterminated\n", 2},
		{"tab indentation", "a: 1\nb:\n\t- x\n", 3},
		{"sequence in mapping", "a: 1\n- b\n", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, first := range []int{1, 10} {
				_, err := ParseDocument(Chunk{Data: []byte(c.doc), Line: first})
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("want a SyntaxError, got %v", err)
				}
				if want := c.line + first - 1; se.Line != want {
					t.Errorf("first line %d: error at line %d, want %d (%s)", first, se.Line, want, se.Message)
				}
			}
		})
	}
}

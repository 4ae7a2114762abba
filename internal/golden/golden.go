// Package golden compares test output with golden files (the expected
// output, kept under testdata) and rewrites them when the tests run with
// -update. It owns the test binary's one -update flag: a package that uses
// it must not define its own.
package golden

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Check fails t when got differs from the golden file, showing the first
// line that differs; with -update it writes got to the file instead.
func Check(t testing.TB, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatalf("updating golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
		return
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update to accept, then review the diff):\n%s", file, difference(string(want), got))
	}
}

// difference describes where got first departs from want: the line number
// and both lines, quoted so that white space and line ends show. It is
// empty when they are equal.
func difference(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	return fmt.Sprintf("line %d:\nwant %s\n got %s\n(want %d lines, got %d)",
		i+1, line(w, i), line(g, i), lines(want), lines(got))
}

// line quotes lines[i], or says the text has ended.
func line(lines []string, i int) string {
	if i >= len(lines) || (i == len(lines)-1 && lines[i] == "") {
		return "(end of text)"
	}
	return fmt.Sprintf("%q", lines[i])
}

// lines counts the lines of s, a last line without a newline included.
func lines(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}

package markdown

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

func TestWriteGolden(t *testing.T) {
	reporttest.Golden(t, ".md", Write, []reporttest.Case[Options]{
		{Name: "sample", Report: reporttest.Sample()},
		{Name: "full", Report: reporttest.Full()},
		{Name: "capped", Report: reporttest.Full(), Options: Options{MaxFindings: 2}},
		{Name: "empty", Report: reporttest.Empty()},
	})
}

func TestCapCountsTheRest(t *testing.T) {
	out := reporttest.RenderWith(t, Write, reporttest.Full(), Options{MaxFindings: 2})
	if got := strings.Count(out, "\n- "); got != 2+1+1+2 { // 2 failing, 1 not checked, 1 excepted, 1 error + 1 coverage
		t.Errorf("listed %d items, want 6:\n%s", got, out)
	}
	if !strings.Contains(out, "…and 4 more failing findings") {
		t.Errorf("no count of the 4 findings past the cap:\n%s", out)
	}
}

func TestEscaping(t *testing.T) {
	tests := []struct{ in, text, code string }{
		{"plain", "plain", "`plain`"},
		{"a|b", `a\|b`, "`a|b`"},
		{"<script>", `\<script\>`, "`<script>`"},
		{"*x* _y_", `\*x\* \_y\_`, "`*x* _y_`"},
		{"a `b` c", "a \\`b\\` c", "``a `b` c``"},
		{"`x`", "\\`x\\`", "`` `x` ``"},
		{"two\nlines", "two lines", "`two lines`"},
	}
	for _, tt := range tests {
		if got := text(tt.in); got != tt.text {
			t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := code(tt.in); got != tt.code {
			t.Errorf("code(%q) = %q, want %q", tt.in, got, tt.code)
		}
	}
}

func TestSnippetCannotCloseItsFence(t *testing.T) {
	var b strings.Builder
	codeBlock(&b, "", "yaml", "a: |\n  ```\n  b\n")
	if !strings.HasPrefix(b.String(), "````yaml\n") || !strings.HasSuffix(b.String(), "\n````\n") {
		t.Errorf("fence not longer than the snippet's backticks:\n%s", b.String())
	}
}

func TestWriteReportsWriterError(t *testing.T) { reporttest.CheckWriterError(t, Write) }

func BenchmarkWrite(b *testing.B) { reporttest.Benchmark(b, Write, Options{}) }

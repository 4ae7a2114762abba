package markdown

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestWriteGolden(t *testing.T) {
	tests := []struct {
		name string
		rep  *report.Report
		opts Options
	}{
		{"sample", reporttest.Sample(), Options{}},
		{"full", reporttest.Full(), Options{}},
		{"capped", reporttest.Full(), Options{MaxFindings: 2}},
		{"empty", &report.Report{Tool: report.Tool{Name: "palisade", Version: "0.1.0-test"}}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.rep, tt.opts); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.name+".md")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, got)
			}
		})
	}
}

func TestCapCountsTheRest(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, reporttest.Full(), Options{MaxFindings: 2}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
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

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteReportsWriterError(t *testing.T) {
	if err := Write(failingWriter{}, reporttest.Sample(), Options{}); err == nil {
		t.Fatal("want an error from a failing writer")
	}
}

func BenchmarkWrite(b *testing.B) {
	r := reporttest.Large(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, r, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

package html

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

var update = flag.Bool("update", false, "rewrite golden files")

var goldenReports = []struct {
	name string
	rep  func() *report.Report
}{
	{"sample", reporttest.Sample},
	{"full", reporttest.Full},
	{"empty", func() *report.Report {
		return &report.Report{Tool: report.Tool{Name: "palisade", Version: "0.1.0-test"}}
	}},
}

func TestWriteGolden(t *testing.T) {
	for _, tt := range goldenReports {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.rep())
			golden := filepath.Join("testdata", tt.name+".html")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if string(out) != string(want) {
				t.Errorf("output differs from %s (run with -update to accept; open it in a browser to review)", golden)
			}
		})
	}
}

func render(t testing.TB, r *report.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// external matches anything a browser would fetch: src/href/url() pointing
// outside the page, @import, or a protocol-relative address.
var external = regexp.MustCompile(`(?i)(src|href|action)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?\s*(https?:|//)|@import|https?://`)

// TestSelfContained makes sure the page loads nothing: no URL at all.
func TestSelfContained(t *testing.T) {
	out := render(t, reporttest.Full())
	if m := external.Find(out); m != nil {
		t.Errorf("the page refers to something outside itself: %q", m)
	}
	for _, tag := range []string{"<link", "<img", "<iframe", "<object", "<embed"} {
		if bytes.Contains(out, []byte(tag)) {
			t.Errorf("the page has a %s element", tag)
		}
	}
}

// TestEscaping checks that text from the scanned manifests cannot inject
// markup: the message with a <script> tag comes out escaped, and the only
// script element is the page's own.
func TestEscaping(t *testing.T) {
	out := string(render(t, reporttest.Full()))
	if strings.Contains(out, `<script>alert(`) {
		t.Error("a message's <script> reached the page unescaped")
	}
	if !strings.Contains(out, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`) {
		t.Error("the message with <script> is not shown escaped")
	}
	if n := strings.Count(out, "<script>"); n != 1 {
		t.Errorf("%d script elements, want the page's own only", n)
	}
	if !strings.Contains(out, `report-&lt;nightly&gt;`) {
		t.Error("a resource name with <> is not escaped")
	}
}

func TestEveryFindingHasARow(t *testing.T) {
	r := reporttest.Full()
	out := string(render(t, r))
	if got := strings.Count(out, `<tbody class="finding"`); got != len(r.Findings) {
		t.Errorf("%d rows, want %d", got, len(r.Findings))
	}
	for _, want := range []string{"not scored", "62.5%", "chart-severity", "chart-namespaces", "chart-frameworks",
		"secrets could not be listed: forbidden", "can change behaviour", "privileged: false"} {
		if !strings.Contains(out, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
}

func TestChartScales(t *testing.T) {
	bars := []bar{{Label: "a"}, {Label: "a-very-long-namespace-name"}, {Label: "zero"}}
	c := newChart("c", "t", bars, []int{10, 1, 0}, 10)
	if c.Bars[0].W != barArea || c.Bars[1].W != barArea/10 || c.Bars[2].W != 0 {
		t.Errorf("widths %d %d %d, want %d %d 0", c.Bars[0].W, c.Bars[1].W, c.Bars[2].W, barArea, barArea/10)
	}
	if got := c.Bars[1].Label; got != "a-very-long-names…" || c.Bars[1].FullLabel != "a-very-long-namespace-name" {
		t.Errorf("long label = %q (full %q)", got, c.Bars[1].FullLabel)
	}
	tiny := newChart("c", "t", []bar{{Label: "x"}, {Label: "y"}}, []int{1000, 1}, 1000)
	if tiny.Bars[1].W < 2 {
		t.Errorf("a non-zero value has an invisible bar (%d)", tiny.Bars[1].W)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteReportsWriterError(t *testing.T) {
	if err := Write(failingWriter{}, reporttest.Sample()); err == nil {
		t.Fatal("want an error from a failing writer")
	}
}

func BenchmarkWrite(b *testing.B) {
	r := reporttest.Large(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

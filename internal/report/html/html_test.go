package html

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// TestWriteGolden compares each page with its golden file (open one in a
// browser to review a change).
func TestWriteGolden(t *testing.T) {
	reporttest.Golden(t, ".html", reporttest.NoOptions(Write), []reporttest.Case[struct{}]{
		{Name: "sample", Report: reporttest.Sample()},
		{Name: "full", Report: reporttest.Full()},
		{Name: "empty", Report: reporttest.Empty()},
	})
}

// external matches anything a browser would fetch: src/href/url() pointing
// outside the page, @import, or a protocol-relative address.
var external = regexp.MustCompile(`(?i)(src|href|action)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?\s*(https?:|//)|@import|https?://`)

// TestSelfContained makes sure the page loads nothing: no URL at all.
func TestSelfContained(t *testing.T) {
	out := []byte(reporttest.Render(t, Write, reporttest.Full()))
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
	out := reporttest.Render(t, Write, reporttest.Full())
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
	out := reporttest.Render(t, Write, r)
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

func TestWriteReportsWriterError(t *testing.T) {
	reporttest.CheckWriterError(t, reporttest.NoOptions(Write))
}

func BenchmarkWrite(b *testing.B) { reporttest.Benchmark(b, reporttest.NoOptions(Write), struct{}{}) }

package html

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/palisade-dev/palisade/internal/check"
)

// chart is a horizontal bar chart drawn as inline SVG: the geometry is
// computed here, the template only writes the elements.
type chart struct {
	ID, Title string
	// Desc is the accessible description of the whole chart.
	Desc          string
	Width, Height int
	Bars          []bar
	// Empty, when set, replaces the chart with this sentence.
	Empty string
}

// bar is one labelled bar.
type bar struct {
	Label, FullLabel, Value, Class string
	Y, W, TextY                    int
}

// Geometry of every chart, in SVG user units.
const (
	labelWidth = 140
	barArea    = 220
	valueWidth = 70
	rowHeight  = 26
	barHeight  = 18
	maxLabel   = 18 // runes; longer labels are cut, the full one is the tooltip
	maxBars    = 8
)

func charts(p *page) []chart {
	return []chart{severityChart(p.Summary), namespaceChart(p.Rows), frameworkChart(p.Frameworks)}
}

func severityChart(s summary) chart {
	var values []int
	var bars []bar
	for _, sc := range s.BySeverity {
		values = append(values, sc.Count)
		bars = append(bars, bar{Label: sc.Severity, Value: strconv.Itoa(sc.Count), Class: "sev-" + sc.Severity})
	}
	c := newChart("chart-severity", "Failing findings by severity", bars, values, slices.Max(values))
	if s.Failing == 0 {
		c.Empty = "No failing finding."
	}
	return c
}

// namespaceChart counts failing findings per namespace, the largest first;
// past maxBars the rest are one "other" bar.
func namespaceChart(rows []*row) chart {
	counts := map[string]int{}
	for _, rw := range rows {
		if rw.Status == string(check.Fail) {
			counts[rw.Namespace]++
		}
	}
	names := sortedKeys(counts)
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(counts[b], counts[a]) })
	var bars []bar
	var values []int
	for i, ns := range names {
		if i == maxBars-1 && len(names) > maxBars {
			rest := 0
			for _, other := range names[i:] {
				rest += counts[other]
			}
			bars = append(bars, bar{Label: fmt.Sprintf("%d others", len(names)-i), Value: strconv.Itoa(rest), Class: "ns"})
			values = append(values, rest)
			break
		}
		bars = append(bars, bar{Label: ns, Value: strconv.Itoa(counts[ns]), Class: "ns"})
		values = append(values, counts[ns])
	}
	c := newChart("chart-namespaces", "Failing findings by namespace", bars, values, slices.Max(append(values, 0)))
	if len(bars) == 0 {
		c.Empty = "No failing finding."
	}
	return c
}

// frameworkChart shows each framework's score out of 100; a framework that
// could not be scored gets no bar and says so.
func frameworkChart(fws []framework) chart {
	var bars []bar
	var values []int
	for _, fw := range fws {
		v, class := 0, "score-none"
		if fw.Score != nil {
			v, class = int(*fw.Score+0.5), scoreClass(*fw.Score)
		}
		bars = append(bars, bar{Label: fw.Name, FullLabel: fw.Title, Value: fw.ScoreText, Class: class})
		values = append(values, v)
	}
	c := newChart("chart-frameworks", "Compliance score by framework", bars, values, 100)
	if len(bars) == 0 {
		c.Empty = "No framework was scored; ask for one with --framework."
	}
	return c
}

func scoreClass(score float64) string {
	switch {
	case score >= 80:
		return "score-good"
	case score >= 50:
		return "score-fair"
	}
	return "score-poor"
}

// newChart lays bars out top to bottom, scaled so that max fills the bar
// area; labels are cut to maxLabel runes.
func newChart(id, title string, bars []bar, values []int, max int) chart {
	c := chart{ID: id, Title: title, Width: labelWidth + barArea + valueWidth, Height: len(bars)*rowHeight + 4}
	desc := title + ":"
	for i := range bars {
		b := &bars[i]
		b.Y = i*rowHeight + (rowHeight-barHeight)/2
		b.TextY = i*rowHeight + rowHeight/2 + 5
		if max > 0 {
			b.W = values[i] * barArea / max
		}
		if values[i] > 0 && b.W < 2 {
			b.W = 2 // a non-zero value stays visible
		}
		if b.FullLabel == "" {
			b.FullLabel = b.Label
		}
		if utf8.RuneCountInString(b.Label) > maxLabel {
			b.Label = string([]rune(b.Label)[:maxLabel-1]) + "…"
		}
		desc += fmt.Sprintf(" %s %s;", b.FullLabel, b.Value)
	}
	c.Bars, c.Desc = bars, desc
	return c
}

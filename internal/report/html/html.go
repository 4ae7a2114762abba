// Package html renders a report as one self-contained HTML page: the
// summary, top risks, charts as inline SVG, framework scores and a findings
// table that filters and sorts in the browser, each finding with its
// evidence, remediation and fix. The CSS and script are inlined and nothing
// is fetched, so the file works offline and can be attached to a ticket.
// html/template escapes every value from the report.
package html

import (
	"bufio"
	_ "embed" // the page's template, style and script
	"fmt"
	"html/template"
	"io"

	"github.com/palisade-dev/palisade/internal/report"
)

var (
	//go:embed report.html.tmpl
	pageTemplate string
	//go:embed style.css
	style string
	//go:embed script.js
	script string
)

// tmpl is parsed once; a broken template fails every test at start-up.
var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	// css and js are this package's own embedded files, trusted as such.
	"css":       func() template.CSS { return template.CSS(style) },
	"js":        func() template.JS { return template.JS(script) },
	"labelEnd":  func() int { return labelWidth - 8 },
	"barStart":  func() int { return labelWidth },
	"barHeight": func() int { return barHeight },
	"add":       func(a ...int) int { return sum(a) },
}).Parse(pageTemplate))

// Write renders r as an HTML page to w. r is not modified.
func Write(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := tmpl.Execute(bw, newPage(r)); err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	return nil
}

func sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

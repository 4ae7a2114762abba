package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/html"
	"github.com/palisade-dev/palisade/internal/report/jsonreport"
	"github.com/palisade-dev/palisade/internal/report/junit"
	"github.com/palisade-dev/palisade/internal/report/markdown"
	"github.com/palisade-dev/palisade/internal/report/policyreport"
	"github.com/palisade-dev/palisade/internal/report/prometheus"
	"github.com/palisade-dev/palisade/internal/report/sarif"
	"github.com/palisade-dev/palisade/internal/report/table"
)

// output is one report to write: a format and a file ("" for stdout).
type output struct{ format, path string }

var formats = []string{"table", "json", "sarif", "junit", "html", "markdown", "prometheus", "policyreport"}

func parseOutputs(stdout string, files []string) ([]output, error) {
	outs := []output{{format: stdout}}
	for _, f := range files {
		format, path, ok := strings.Cut(f, "=")
		if !ok || path == "" {
			return nil, fmt.Errorf("--output-file takes FORMAT=PATH, not %q", f)
		}
		outs = append(outs, output{format: format, path: path})
	}
	for _, o := range outs {
		if !isFormat(o.format) {
			return nil, fmt.Errorf("unknown output format %q (one of %s)", o.format, strings.Join(formats, ", "))
		}
	}
	return outs, nil
}

func isFormat(f string) bool {
	for _, known := range formats {
		if f == known {
			return true
		}
	}
	return false
}

func writeOutputs(stdout io.Writer, outs []output, rep *report.Report, color bool) error {
	for _, o := range outs {
		if o.path == "" {
			if err := render(stdout, o.format, rep, color); err != nil {
				return fmt.Errorf("writing %s report: %w", o.format, err)
			}
			continue
		}
		if err := writeFile(o, rep); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(o output, rep *report.Report) error {
	f, err := os.Create(o.path)
	if err != nil {
		return fmt.Errorf("writing %s report: %w", o.format, err)
	}
	if err := render(f, o.format, rep, false); err != nil {
		f.Close()
		return fmt.Errorf("writing %s report to %s: %w", o.format, o.path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s report to %s: %w", o.format, o.path, err)
	}
	return nil
}

func render(w io.Writer, format string, rep *report.Report, color bool) error {
	switch format {
	case "json":
		return jsonreport.Write(w, rep)
	case "sarif":
		return sarif.Write(w, rep, sarif.Options{})
	case "junit":
		return junit.Write(w, rep)
	case "html":
		return html.Write(w, rep)
	case "markdown":
		return markdown.Write(w, rep, markdown.Options{})
	case "prometheus":
		return prometheus.Write(w, rep)
	case "policyreport":
		return policyreport.Write(w, rep, policyreport.Options{Time: time.Now()})
	default:
		return table.Write(w, rep, table.Options{Color: color})
	}
}

// Package jsonreport renders a report as the stable JSON contract that CI
// users and tests depend on (see docs/architecture.md).
package jsonreport

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// Write renders r as indented JSON (two spaces, trailing newline). Lists
// are always arrays, never null, and summary.failed always holds every
// severity, so consumers never need to guard against missing keys. r is
// not modified.
func Write(w io.Writer, r *report.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote images and YAML ("<none>", "a && b"); keep them legible.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(normalized(r)); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// normalized returns a shallow copy of r that honours the contract's
// invariants without touching the caller's report.
func normalized(r *report.Report) *report.Report {
	out := *r
	out.Findings = nonNil(r.Findings)
	out.Errors = nonNil(r.Errors)
	out.Coverage = nonNil(r.Coverage)
	failed := make(map[check.Severity]int, len(check.Severities))
	for _, s := range check.Severities {
		failed[s] = 0
	}
	for s, n := range r.Summary.Failed {
		failed[s] = n
	}
	out.Summary.Failed = failed
	return &out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Package jsonreport renders a report as the stable JSON contract that CI
// users and tests depend on (see docs/report.md).
package jsonreport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Write renders r as indented JSON (two spaces, trailing newline). Lists
// are always arrays, never null, and summary.failed always holds every
// severity, so consumers never need to guard against missing keys. r is
// not modified.
//
// Findings are streamed one at a time, and each check's block (the same
// on every finding of that check) is encoded once: a report of tens of
// thousands of findings is never held twice in memory.
func Write(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := &stream{w: bw, checks: map[string][]byte{}}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false) // messages quote images and YAML ("<none>", "a && b")
	s.raw("{\n  \"tool\": ")
	s.value(r.Tool, "  ")
	s.raw(",\n  \"findings\": ")
	s.findings(r.Findings)
	s.raw(",\n  \"errors\": ")
	s.value(nonNil(r.Errors), "  ")
	s.raw(",\n  \"coverage\": ")
	s.value(nonNil(r.Coverage), "  ")
	s.raw(",\n  \"summary\": ")
	s.value(summary(r.Summary), "  ")
	if len(r.Frameworks) > 0 {
		s.raw(",\n  \"frameworks\": ")
		s.value(r.Frameworks, "  ")
	}
	s.raw("\n}\n")
	if s.err == nil {
		s.err = bw.Flush()
	}
	if s.err != nil {
		return fmt.Errorf("writing JSON report: %w", s.err)
	}
	return nil
}

// stream writes JSON pieces and keeps the first error.
type stream struct {
	w      *bufio.Writer
	buf    bytes.Buffer
	enc    *json.Encoder
	checks map[string][]byte
	err    error
}

func (s *stream) raw(text string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(text)
	}
}

// encode renders v indented for a value that starts at the given depth
// prefix, without the encoder's trailing newline.
func (s *stream) encode(v any, prefix string) []byte {
	s.buf.Reset()
	s.enc.SetIndent(prefix, "  ")
	if err := s.enc.Encode(v); err != nil && s.err == nil {
		s.err = err
	}
	return bytes.TrimSuffix(s.buf.Bytes(), []byte("\n"))
}

func (s *stream) value(v any, prefix string) {
	b := s.encode(v, prefix)
	if s.err == nil {
		_, s.err = s.w.Write(b)
	}
}

// finding is report.Finding without its check block, which is written
// from the per-check cache.
type finding struct {
	Status      check.Status        `json:"status"`
	Resource    inventory.Ref       `json:"resource"`
	Path        string              `json:"path,omitempty"`
	Location    *inventory.Location `json:"location,omitempty"`
	Message     string              `json:"message"`
	Remediation string              `json:"remediation,omitempty"`
	Exception   *report.Exception   `json:"exception,omitempty"`
	Risk        *report.Risk        `json:"risk,omitempty"`
	Baseline    string              `json:"baseline,omitempty"`
	Fix         *report.Fix         `json:"fix,omitempty"`
}

func (s *stream) findings(fs []report.Finding) {
	if len(fs) == 0 {
		s.raw("[]")
		return
	}
	s.raw("[")
	for i := range fs {
		if i > 0 {
			s.raw(",")
		}
		s.raw("\n    {\n      \"check\": ")
		s.raw(string(s.checkBlock(fs[i].Check)))
		f := &fs[i]
		rest := s.encode(finding{f.Status, f.Resource, f.Path, f.Location, f.Message, f.Remediation, f.Exception,
			f.Risk, f.Baseline, f.Fix}, "    ")
		// rest is "{\n      \"status\": ...\n    }": keep all but its opening brace.
		s.raw(",")
		if s.err == nil {
			_, s.err = s.w.Write(rest[1:])
		}
	}
	s.raw("\n  ]")
}

// checkBlock is the encoded check block, cached by ID and severity: a
// result may override its check's severity.
func (s *stream) checkBlock(c report.CheckRef) []byte {
	key := c.ID + "\x00" + string(c.Severity)
	if b, ok := s.checks[key]; ok {
		return b
	}
	b := bytes.Clone(s.encode(c, "      "))
	s.checks[key] = b
	return b
}

// summary returns the summary with every severity present in failed.
func summary(in report.Summary) report.Summary {
	failed := make(map[check.Severity]int, len(check.Severities))
	for _, sev := range check.Severities {
		failed[sev] = 0
	}
	for sev, n := range in.Failed {
		failed[sev] = n
	}
	in.Failed = failed
	return in
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Package jsonreport renders a report as the stable JSON contract that CI
// users and tests depend on (see docs/report.md).
package jsonreport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/palisade-dev/palisade/internal/check"
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
	s := &stream{w: bw, checks: map[checkKey]cachedCheck{}}
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
	checks map[checkKey]cachedCheck
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
	s.bytes(s.encode(v, prefix))
}

// findings writes the findings array: each finding is encoded by hand
// (finding.go) into a reused buffer and handed to the writer, so the
// report is never held twice in memory.
func (s *stream) findings(fs []report.Finding) {
	if len(fs) == 0 {
		s.raw("[]")
		return
	}
	b := make([]byte, 0, 64<<10)
	b = append(b, '[')
	for i := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    "...)
		b = appendFinding(b, &fs[i], s.checkBlock(fs[i].Check))
		if len(b) >= 32<<10 {
			s.bytes(b)
			b = b[:0]
		}
	}
	b = append(b, "\n  ]"...)
	s.bytes(b)
}

func (s *stream) bytes(b []byte) {
	if s.err == nil {
		_, s.err = s.w.Write(b)
	}
}

// checkBlock is the encoded check block, cached by ID and severity (a
// result may override its check's severity). A block is reused only for
// an equal CheckRef, so the output never depends on the cache.
func (s *stream) checkBlock(c report.CheckRef) []byte {
	key := checkKey{c.ID, c.Severity}
	if e, ok := s.checks[key]; ok && e.ref.Title == c.Title &&
		maps.EqualFunc(e.ref.Frameworks, c.Frameworks, slices.Equal) {
		return e.block
	}
	b := bytes.Clone(s.encode(c, "      "))
	s.checks[key] = cachedCheck{ref: c, block: b}
	return b
}

// checkKey identifies a check block: a check's ID and the severity of the
// finding.
type checkKey struct {
	id       string
	severity check.Severity
}

// cachedCheck is an encoded check block and the CheckRef it encodes.
type cachedCheck struct {
	ref   report.CheckRef
	block []byte
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

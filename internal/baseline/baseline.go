// Package baseline compares a report with a previous one (--baseline), so
// a team can adopt Palisade on an old code base: findings are marked new
// or existing by a fingerprint that survives line moves, and --fail-on
// counts the new ones only.
package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// Marks of Finding.Baseline.
const (
	New      = "new"
	Existing = "existing"
)

// Baseline is the findings of a previous report, by fingerprint.
type Baseline struct {
	// File is where the baseline was read from, for the report.
	File    string
	entries map[string]*entry
}

// Load reads a previous JSON report of Palisade (palisade scan -o json).
func Load(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read parses a previous JSON report from r; name is its file for errors
// and for the report.
func Read(r io.Reader, name string) (*Baseline, error) {
	var doc struct {
		Findings *[]report.Finding `json:"findings"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("reading baseline %s: not a Palisade JSON report: %w", name, err)
	}
	if doc.Findings == nil {
		return nil, fmt.Errorf("reading baseline %s: not a Palisade JSON report (no findings array; write one with palisade scan -o json)", name)
	}
	b := &Baseline{File: name, entries: map[string]*entry{}}
	for i := range *doc.Findings {
		f := &(*doc.Findings)[i]
		if !counted(f.Status) {
			continue
		}
		fp := Fingerprint(f)
		if b.entries[fp] == nil {
			b.entries[fp] = entryOf(f)
		}
		b.entries[fp].n++
	}
	return b, nil
}

// Len is the number of findings in the baseline.
func (b *Baseline) Len() int {
	n := 0
	for _, e := range b.entries {
		n += e.n
	}
	return n
}

// counted tells the statuses a baseline remembers: problems, whether or
// not an exception covered them then.
func counted(s check.Status) bool { return s == check.Fail || s == check.Excepted }

// Mark marks every failing or excepted finding of rep new or existing, as
// many times existing as the baseline holds its fingerprint, and counts
// them in rep.Summary.Baseline (failing findings only, plus the baseline's
// findings that are gone: fixed when rep looked at them again, else not
// re-checked). A nil baseline leaves rep as it is.
func Mark(rep *report.Report, b *Baseline) {
	if b == nil {
		return
	}
	left := make(map[string]int, len(b.entries))
	for fp, e := range b.entries {
		left[fp] = e.n
	}
	sum := &report.BaselineSummary{File: b.File}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if !counted(f.Status) {
			continue
		}
		fp := Fingerprint(f)
		f.Baseline = New
		if left[fp] > 0 {
			left[fp]--
			f.Baseline = Existing
		}
		switch {
		case f.Status != check.Fail:
		case f.Baseline == New:
			sum.New++
		default:
			sum.Existing++
		}
	}
	again := newRechecked(rep)
	for fp, n := range left {
		switch {
		case n == 0:
		case again.covers(b.entries[fp]):
			sum.Fixed += n
		default:
			sum.NotRechecked += n
		}
	}
	rep.Summary.Baseline = sum
}

// Fingerprint identifies a finding independently of line numbers, so it
// survives edits above it and files being moved: check, resource and field
// path. A nameless document (a KubeletConfiguration file) is told apart by
// its file. SARIF's partial fingerprints use the same value.
func Fingerprint(f *report.Finding) string {
	parts := []string{f.Check.ID, f.Resource.Kind, f.Resource.Namespace, f.Resource.Name, f.Path}
	if f.Resource.Name == "" && f.Location != nil {
		parts = append(parts, strings.ReplaceAll(f.Location.File, `\`, "/"))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:])
}

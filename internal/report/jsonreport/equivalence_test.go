package jsonreport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// The findings are encoded by hand (finding.go). These tests prove that
// Write's output is byte for byte what encoding/json makes of the whole
// report, indented by two spaces without HTML escaping, which is the
// contract of docs/report.md.

// referenceWrite is the report as encoding/json renders it.
func referenceWrite(t testing.TB, r *report.Report) []byte {
	t.Helper()
	c := *r
	c.Findings, c.Errors, c.Coverage = nonNil(c.Findings), nonNil(c.Errors), nonNil(c.Coverage)
	c.Summary = summary(c.Summary)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func assertSameAsReference(t *testing.T, r *report.Report) {
	t.Helper()
	var got bytes.Buffer
	if err := Write(&got, r); err != nil {
		t.Fatal(err)
	}
	want := referenceWrite(t, r)
	if !bytes.Equal(got.Bytes(), want) {
		i := 0
		for i < min(got.Len(), len(want)) && got.Bytes()[i] == want[i] {
			i++
		}
		t.Fatalf("output differs from encoding/json at byte %d:\n got %q\nwant %q",
			i, excerpt(got.Bytes(), i), excerpt(want, i))
	}
}

func excerpt(b []byte, i int) []byte {
	return b[max(0, i-80):min(len(b), i+80)]
}

// awkward are strings that JSON encoders get wrong: HTML characters,
// every kind of control character, quotes and backslashes, invalid and
// truncated UTF-8, the JavaScript line separators, and multi-byte text.
var awkward = []string{
	"", "api", "spec.template.spec.containers[0].securityContext.privileged",
	`<script>alert("x")</script> & a && b`, "\x00\x01\x07\x1b\x1f", "\b\f\n\r\t", "\x7f",
	`back\slash "quoted" 'single'`, "\xff\xfe bad", "trunc \xe2\x80", "\u2028line\u2029para",
	"naïve café ☃ 日本語 🚀", "\xed\xa0\x80 surrogate", "tab\there\nnewline", "\u0085\u00a0\ufeff\ufffd",
	"image: shop/api@sha256:<digest>  # \"<&>\"\n",
}

func pick(rng *rand.Rand) string {
	if rng.IntN(4) == 0 {
		return awkward[rng.IntN(3)] // often plain text
	}
	s := awkward[rng.IntN(len(awkward))]
	if rng.IntN(3) == 0 {
		s += awkward[rng.IntN(len(awkward))]
	}
	return s
}

// generatedFinding sets each optional field of a finding from the bits
// of combo, and every string from the awkward ones.
func generatedFinding(rng *rand.Rand, combo int) report.Finding {
	bit := func(n int) bool { return combo&(1<<n) != 0 }
	f := report.Finding{
		Check:  report.CheckRef{ID: pick(rng), Title: pick(rng), Severity: check.Severity(pick(rng))},
		Status: check.Status(pick(rng)), Message: pick(rng),
		Resource: inventory.Ref{APIVersion: pick(rng), Kind: pick(rng), Namespace: pick(rng), Name: pick(rng)},
	}
	if bit(0) {
		f.Check.Frameworks = map[string][]string{check.CIS: {pick(rng)}, pick(rng): {pick(rng), pick(rng)}}
	}
	if bit(1) {
		f.Path = pick(rng)
	}
	if bit(2) {
		f.Location = &inventory.Location{File: pick(rng), Line: rng.IntN(3) * rng.IntN(1000), Column: rng.IntN(3) - 1}
	}
	if bit(3) {
		f.Remediation = pick(rng)
	}
	if bit(4) {
		f.Exception = &report.Exception{Reason: pick(rng), Source: pick(rng), Expires: pick(rng)}
	}
	if bit(5) {
		f.Risk = &report.Risk{Score: rng.IntN(201) - 100}
		for range rng.IntN(4) {
			f.Risk.Factors = append(f.Risk.Factors, pick(rng))
		}
		if f.Risk.Factors == nil && rng.IntN(2) == 0 {
			f.Risk.Factors = []string{}
		}
	}
	if bit(6) {
		f.Baseline = pick(rng)
	}
	if bit(7) {
		f.Fix = &report.Fix{Description: pick(rng), Snippet: pick(rng), Risky: rng.IntN(2) == 0}
	}
	return f
}

func TestWriteMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		r := reporttest.Full()
		r.Findings = nil
		for combo := range 1 << 8 {
			r.Findings = append(r.Findings, generatedFinding(rng, combo))
		}
		t.Run(fmt.Sprint(round), func(t *testing.T) { assertSameAsReference(t, r) })
	}
	for name, r := range map[string]*report.Report{
		"sample": reporttest.Sample(), "full": reporttest.FullWithBaseline(), "large": reporttest.Large(5000),
		"empty": {}, "empty findings": {Findings: []report.Finding{}},
	} {
		t.Run(name, func(t *testing.T) { assertSameAsReference(t, r) })
	}
}

// FuzzFinding puts fuzzed strings in every string field of a finding with
// every optional field set.
func FuzzFinding(f *testing.F) {
	for i, s := range awkward {
		f.Add(s, awkward[(i+1)%len(awkward)], i)
	}
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		r := &report.Report{Findings: []report.Finding{{
			Check:    report.CheckRef{ID: a, Title: b, Severity: check.Severity(a), Frameworks: map[string][]string{a: {b}}},
			Status:   check.Status(b),
			Resource: inventory.Ref{APIVersion: a, Kind: b, Namespace: a + b, Name: b + a},
			Path:     a, Location: &inventory.Location{File: b, Line: n, Column: -n},
			Message: a + b, Remediation: b,
			Exception: &report.Exception{Reason: a, Source: b, Expires: a},
			Risk:      &report.Risk{Score: n, Factors: []string{a, b}},
			Baseline:  b,
			Fix:       &report.Fix{Description: a, Snippet: b, Risky: n%2 == 0},
		}}}
		assertSameAsReference(t, r)
	})
}

// FuzzAppendString compares the string encoder alone with encoding/json.
func FuzzAppendString(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

// BenchmarkWriteLarge times the rendering of 20,000 findings.
func BenchmarkWriteLarge(b *testing.B) {
	r := reporttest.Large(20000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(&bytes.Buffer{}, r); err != nil {
			b.Fatal(err)
		}
	}
}

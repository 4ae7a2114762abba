package jsonreport

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestWriteGolden(t *testing.T) {
	tests := []struct {
		name string
		rep  *report.Report
	}{
		{"report", testReport()},
		{"empty", &report.Report{Tool: report.Tool{Name: "palisade", Version: "0.1.0-test"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.rep); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.name+".json")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, got)
			}
		})
	}
}

// TestWriteContract checks the invariants consumers rely on, independent of
// the golden file: arrays never null, every severity key present, two-space
// indent, trailing newline.
func TestWriteContract(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, &report.Report{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "}\n") {
		t.Errorf("output does not end with a newline: %q", out[len(out)-5:])
	}
	if !strings.Contains(out, "\n  \"tool\": {") {
		t.Errorf("output is not indented with two spaces:\n%s", out)
	}
	var doc struct {
		Findings []any `json:"findings"`
		Errors   []any `json:"errors"`
		Coverage []any `json:"coverage"`
		Summary  struct {
			Failed map[string]int `json:"failed"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for name, list := range map[string][]any{"findings": doc.Findings, "errors": doc.Errors, "coverage": doc.Coverage} {
		if list == nil {
			t.Errorf("%s is null, want []", name)
		}
	}
	for _, s := range check.Severities {
		if _, ok := doc.Summary.Failed[string(s)]; !ok {
			t.Errorf("summary.failed has no %q key", s)
		}
	}
}

func TestWriteDoesNotModifyReport(t *testing.T) {
	r := testReport()
	if err := Write(&bytes.Buffer{}, r); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Summary.Failed[check.Info]; ok {
		t.Error("Write added a key to the caller's summary")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteReportsWriterError(t *testing.T) {
	if err := Write(failingWriter{}, testReport()); err == nil {
		t.Fatal("want an error from a failing writer")
	}
}

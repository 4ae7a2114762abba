package jsonreport

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

func TestWriteGolden(t *testing.T) {
	reporttest.Golden(t, ".json", reporttest.NoOptions(Write), []reporttest.Case[struct{}]{
		{Name: "report", Report: testReport()},
		{Name: "full", Report: reporttest.FullWithBaseline()},
		{Name: "empty", Report: reporttest.Empty()},
	})
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

func TestWriteReportsWriterError(t *testing.T) {
	reporttest.CheckWriterError(t, reporttest.NoOptions(Write))
}

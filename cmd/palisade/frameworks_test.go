package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFrameworksCommand(t *testing.T) {
	code, out, stderr := palisade(t, "", "frameworks")
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"CIS-1.12  131", "NSA", "MITRE", "PSS       19        19"} {
		if !strings.Contains(out, want) {
			t.Errorf("frameworks output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = palisade(t, "", "frameworks", "show", "cis")
	if code != exitClean || !strings.Contains(out, "5.2.2   manual     The admission of privileged containers is minimized\n") ||
		!strings.Contains(out, "checks: privileged-container, pss-privileged") ||
		!strings.Contains(out, "review: Check that the cluster's network plugin") {
		t.Errorf("frameworks show cis (exit %d):\n%s", code, out)
	}
	if code, _, stderr := palisade(t, "", "frameworks", "show", "soc2"); code != exitErrors || !strings.Contains(stderr, `unknown framework "soc2"`) {
		t.Errorf("frameworks show soc2: exit %d, %s", code, stderr)
	}
}

// scanJSON runs a scan that writes JSON and decodes the parts these tests
// read.
func scanJSON(t *testing.T, args ...string) (int, jsonReport) {
	t.Helper()
	code, out, stderr := palisade(t, "", append([]string{"scan", "-o", "json"}, args...)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d, output is not JSON: %v\n%s%s", code, err, out, stderr)
	}
	return code, rep
}

type jsonReport struct {
	Findings []struct {
		Check    struct{ ID string }
		Status   string
		Risk     *struct{ Score int }
		Baseline string
	}
	Summary struct {
		Passed   int
		Baseline *struct{ New, Existing, Fixed int }
	}
	Frameworks []struct {
		Name     string
		Score    *float64
		Controls []struct{ ID, Status string }
	}
}

func TestScanFrameworks(t *testing.T) {
	_, rep := scanJSON(t, "--framework", "cis,PSS", "--framework", "cis", "testdata/privileged.yaml")
	if len(rep.Frameworks) != 2 || rep.Frameworks[0].Name != "CIS-1.12" || rep.Frameworks[1].Name != "PSS" {
		t.Fatalf("frameworks %+v", rep.Frameworks)
	}
	for _, c := range rep.Frameworks[0].Controls {
		if c.ID == "5.2.2" && c.Status != "fail" {
			t.Errorf("CIS 5.2.2 is %s for a privileged pod", c.Status)
		}
	}
	for _, f := range rep.Findings {
		if f.Status == "pass" || f.Status == "not-applicable" {
			t.Fatalf("passing results kept for scoring leaked into the report: %+v", f)
		}
		if f.Status == "fail" && f.Risk == nil {
			t.Errorf("failing finding %s has no risk", f.Check.ID)
		}
	}
	if rep.Summary.Passed != 0 {
		t.Errorf("summary.passed %d without --all", rep.Summary.Passed)
	}
	if code, _, stderr := palisade(t, "", "scan", "--framework", "soc2", "testdata/clean.yaml"); code != exitErrors || !strings.Contains(stderr, "unknown framework") {
		t.Errorf("unknown framework: exit %d, %s", code, stderr)
	}
}

// TestScanBaseline is the adoption story: a previous report makes every
// existing finding pass --fail-on, and only a new finding fails it.
func TestScanBaseline(t *testing.T) {
	dir := t.TempDir()
	previous := filepath.Join(dir, "previous.json")
	code, _, stderr := palisade(t, "", "scan", "--output-file", "json="+previous, "-o", "table", "testdata/privileged.yaml")
	if code != exitFindings {
		t.Fatalf("first scan: exit %d: %s", code, stderr)
	}
	code, rep := scanJSON(t, "--baseline", previous, "testdata/privileged.yaml")
	if code != exitClean || rep.Summary.Baseline == nil || rep.Summary.Baseline.New != 0 || rep.Summary.Baseline.Existing == 0 {
		t.Errorf("rescan against its own baseline: exit %d, summary %+v", code, rep.Summary.Baseline)
	}
	for _, f := range rep.Findings {
		if f.Status == "fail" && f.Baseline != "existing" {
			t.Errorf("finding %s marked %q", f.Check.ID, f.Baseline)
		}
	}
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, []byte(`{"findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _ := scanJSON(t, "--baseline", empty, "testdata/privileged.yaml"); code != exitFindings {
		t.Errorf("every finding new: exit %d, want %d", code, exitFindings)
	}
	if code, _, stderr := palisade(t, "", "scan", "--baseline", filepath.Join(dir, "nope.json"), "testdata/clean.yaml"); code != exitErrors || !strings.Contains(stderr, "nope.json") {
		t.Errorf("missing baseline: exit %d, %s", code, stderr)
	}
}

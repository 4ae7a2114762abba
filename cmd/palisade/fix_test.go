package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixDir copies testdata/fix to a temporary directory.
func fixDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"app.yaml", "chart/Chart.yaml", "chart/templates/pod.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata/fix", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFix(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		code     int
		changed  bool     // app.yaml was written
		stdout   []string // substrings
		stderr   []string
		fileHave []string // substrings of app.yaml afterwards
	}{
		{name: "only risky fixes: nothing written", args: nil, stdout: []string{"fixed 0 finding(s) in 0 file(s)", "privileged-container Deployment/app", "apply with --include-risky"}},
		{name: "dry run writes nothing", args: []string{"--dry-run", "--include-risky"}, stdout: []string{"+++ b/", "-            privileged: true", "+            privileged: false"}, stderr: []string{"would fix 3 finding(s) in 1 file(s)"}},
		{name: "risky fixes with the flag", args: []string{"--include-risky"}, changed: true, stdout: []string{"fixed 3 finding(s) in 1 file(s)", `set privileged: false on container "app"`}, fileHave: []string{"privileged: false", "# pinned by tag", "readOnlyRootFilesystem: true"}},
		{name: "one check only", args: []string{"--include-risky", "--check", "privileged-container"}, changed: true, stdout: []string{"fixed 1 finding(s) in 1 file(s)"}, fileHave: []string{"privileged: false"}},
		{name: "helm chart is never edited", args: []string{"--include-risky"}, changed: true, stdout: []string{"rendered by the Helm chart", "not edited", "allowPrivilegeEscalation: false"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := fixDir(t)
			before, _ := os.ReadFile(filepath.Join(dir, "app.yaml"))
			chartBefore, _ := os.ReadFile(filepath.Join(dir, "chart/templates/pod.yaml"))
			code, stdout, stderr := palisade(t, "", append(append([]string{"fix"}, tc.args...), dir)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			after, _ := os.ReadFile(filepath.Join(dir, "app.yaml"))
			if changed := string(after) != string(before); changed != tc.changed {
				t.Errorf("app.yaml changed = %v, want %v:\n%s", changed, tc.changed, after)
			}
			for _, s := range tc.fileHave {
				if !strings.Contains(string(after), s) {
					t.Errorf("app.yaml lacks %q:\n%s", s, after)
				}
			}
			if chartAfter, _ := os.ReadFile(filepath.Join(dir, "chart/templates/pod.yaml")); string(chartAfter) != string(chartBefore) {
				t.Errorf("the chart template was edited:\n%s", chartAfter)
			}
		})
	}
}

func TestFixRefuses(t *testing.T) {
	cases := []struct {
		name string
		args []string
		msg  string
	}{
		{"standard input", []string{"fix", "-"}, "standard input"},
		{"no path", []string{"fix"}, "requires at least 1 arg"},
		{"missing file", []string{"fix", "testdata/nope.yaml"}, "nope.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := palisade(t, "", tc.args...)
			if code != exitErrors || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitErrors, tc.msg)
			}
		})
	}
}

// A risky fix can bring out findings that only apply after it (once the
// container is no longer privileged, its capabilities and seccomp profile
// matter): fix re-scans what it wrote and applies those too, so a second
// run has nothing left to do.
func TestFixRunsUntilNothingIsLeft(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"app.yaml", "cronjob.yaml", "rbac.yaml"} {
		data, err := os.ReadFile(filepath.Join("../../examples/insecure", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, stdout, stderr := palisade(t, "", "fix", "--include-risky", dir); code != exitClean {
		t.Fatalf("fix: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr := palisade(t, "", "fix", "--include-risky", "--dry-run", dir)
	if code != exitClean || !strings.Contains(stderr, "would fix 0 finding(s) in 0 file(s)") {
		t.Errorf("a second fix still finds work (exit %d):\n%s", code, stderr)
	}
}

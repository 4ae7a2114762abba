package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// palisade runs the command line in-process.
func palisade(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{"scan", "testdata/clean.yaml"}, exitClean},
		{"critical finding fails at default high", []string{"scan", "testdata/privileged.yaml"}, exitFindings},
		{"fail-on none", []string{"scan", "--fail-on", "none", "testdata/privileged.yaml"}, exitClean},
		{"fail-on critical", []string{"scan", "--fail-on", "critical", "testdata/privileged.yaml"}, exitFindings},
		{"medium findings below high pass", []string{"scan", "--check", "allow-privilege-escalation", "testdata/privileged.yaml"}, exitClean},
		{"medium findings at medium fail", []string{"scan", "--check", "allow-privilege-escalation", "--fail-on", "medium", "testdata/privileged.yaml"}, exitFindings},
		{"input errors win", []string{"scan", "testdata/privileged.yaml", "testdata/broken.yaml"}, exitErrors},
		{"missing path", []string{"scan", "testdata/nope.yaml"}, exitErrors},
		{"bad flag", []string{"scan", "--fail-on", "sometimes", "testdata/clean.yaml"}, exitErrors},
		{"bad format", []string{"scan", "-o", "pdf", "testdata/clean.yaml"}, exitErrors},
		{"bad pss level", []string{"scan", "--pss-level", "strict", "testdata/clean.yaml"}, exitErrors},
		{"no args", []string{"scan"}, exitErrors},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := palisade(t, "", c.args...)
			if code != c.want {
				t.Errorf("exit code %d, want %d (stderr: %s)", code, c.want, stderr)
			}
		})
	}
}

func TestBadInputIsReportedAndTheRestScanned(t *testing.T) {
	code, stdout, stderr := palisade(t, "", "scan", "-o", "json", "testdata/broken.yaml", "testdata/garbage.json", "testdata/privileged.yaml")
	if code != exitErrors {
		t.Fatalf("exit code %d, want %d", code, exitErrors)
	}
	var rep struct {
		Findings []struct {
			Check struct{ ID string }
		}
		Errors []struct {
			File    string
			Line    int
			Message string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("JSON report does not parse: %v\n%s", err, stdout)
	}
	if len(rep.Findings) == 0 {
		t.Error("the good file was not scanned")
	}
	want := map[string]int{"testdata/broken.yaml:7": 0, "testdata/broken.yaml:11": 0, "testdata/garbage.json:0": 0}
	for _, e := range rep.Errors {
		key := e.File + ":" + strconv.Itoa(e.Line)
		if _, ok := want[key]; ok {
			want[key]++
		}
		if !strings.Contains(stderr, e.Message) {
			t.Errorf("error %q not on stderr", e.Message)
		}
	}
	for k, n := range want {
		if n != 1 {
			t.Errorf("expected one error at %s, got %d (errors: %+v)", k, n, rep.Errors)
		}
	}
}

func TestOutputFormats(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	args := []string{"scan", "--fail-on", "none", "testdata/privileged.yaml"}
	for _, f := range formats {
		files[f] = filepath.Join(dir, "report."+f)
		args = append(args, "--output-file", f+"="+files[f])
	}
	if code, _, stderr := palisade(t, "", args...); code != exitClean {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	read := func(f string) []byte {
		data, err := os.ReadFile(files[f])
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(read("sarif"), &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) == 0 {
		t.Errorf("SARIF report is not right: %v %+v", err, sarif)
	}
	var junit struct {
		XMLName xml.Name
	}
	if err := xml.Unmarshal(read("junit"), &junit); err != nil || junit.XMLName.Local != "testsuites" {
		t.Errorf("JUnit report is not right: %v %v", err, junit.XMLName)
	}
	var js map[string]any
	if err := json.Unmarshal(read("json"), &js); err != nil || js["findings"] == nil {
		t.Errorf("JSON report is not right: %v", err)
	}
	if table := string(read("table")); !strings.Contains(table, "privileged-container") || strings.Contains(table, "\x1b[") {
		t.Errorf("table report is not right (or coloured in a file):\n%s", table)
	}
}

func TestExceptions(t *testing.T) {
	code, stdout, stderr := palisade(t, "", "scan", "-o", "json", "--check", "privileged-container",
		"--config", "testdata/exceptions.palisade.yaml", "testdata/excepted.yaml", "testdata/privileged.yaml")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (the expired and reason-less exceptions leave a failure): %s", code, exitFindings, stderr)
	}
	var rep struct {
		Findings []struct {
			Status    string
			Message   string
			Resource  struct{ Name string }
			Exception *struct{ Reason, Source string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Resource.Name] = f.Status
		switch f.Resource.Name {
		case "debug":
			if f.Exception == nil || f.Exception.Source != "annotation" {
				t.Errorf("debug: want an annotation exception, got %+v", f.Exception)
			}
		case "root":
			if f.Exception == nil || f.Exception.Source != "testdata/exceptions.palisade.yaml" {
				t.Errorf("root: want a config exception, got %+v", f.Exception)
			}
		case "no-reason":
			if !strings.Contains(f.Message, "ignore-reason") || !strings.Contains(f.Message, "expired") {
				t.Errorf("no-reason: message should say why no exception applies: %q", f.Message)
			}
		}
	}
	want := map[string]string{"debug": "excepted", "root": "excepted", "no-reason": "fail"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: status %q, want %q", k, got[k], v)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("exceptions:\n  - check: run-as-root\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := palisade(t, "", "scan", "--config", bad, "testdata/clean.yaml")
	if code != exitErrors || !strings.Contains(stderr, "reason is required") || !strings.Contains(stderr, bad+":2") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestChecksCommand(t *testing.T) {
	code, out, _ := palisade(t, "", "checks")
	if code != 0 || !strings.Contains(out, "privileged-container") {
		t.Fatalf("checks: exit %d\n%s", code, out)
	}
	code, out, _ = palisade(t, "", "checks", "show", "privileged-container")
	if code != 0 || !strings.Contains(out, "CIS-1.12") || !strings.Contains(out, "5.2.2") {
		t.Fatalf("checks show: exit %d\n%s", code, out)
	}
	if code, _, _ = palisade(t, "", "checks", "show", "no-such-check"); code != exitErrors {
		t.Errorf("unknown check: exit %d", code)
	}
}

func TestStdin(t *testing.T) {
	data, err := os.ReadFile("testdata/privileged.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := palisade(t, string(data), "scan", "-o", "json", "-")
	if code != exitFindings || !strings.Contains(out, `"file": "<stdin>"`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestHelmTemplateErrorIsAnInputError(t *testing.T) {
	code, stdout, stderr := palisade(t, "", "scan", "-o", "json", "testdata/badchart", "testdata/privileged.yaml")
	if code != exitErrors {
		t.Fatalf("exit %d, want %d", code, exitErrors)
	}
	if !strings.Contains(stderr, "testdata/badchart") || !strings.Contains(stderr, "templates/cm.yaml:4") || !strings.Contains(stderr, "name is required") {
		t.Errorf("stderr should name the chart, the template line and the problem: %s", stderr)
	}
	if !strings.Contains(stdout, "privileged-container") {
		t.Error("the other input was not scanned")
	}
	code, _, stderr = palisade(t, "", "scan", "--set", "name=ok", "testdata/badchart")
	if code != exitClean {
		t.Errorf("with the value set the chart renders: exit %d, %s", code, stderr)
	}
}

// TestExamples keeps the README's promise: the hardened example has no
// failing check at any severity, the insecure one fails.
func TestExamples(t *testing.T) {
	if code, out, _ := palisade(t, "", "scan", "--fail-on", "info", "--pss-level", "restricted", "../../examples/hardened"); code != exitClean {
		t.Errorf("examples/hardened: exit %d\n%s", code, out)
	}
	if code, _, _ := palisade(t, "", "scan", "../../examples/insecure"); code != exitFindings {
		t.Errorf("examples/insecure: exit %d, want %d", code, exitFindings)
	}
}

func TestClusterConnectionErrors(t *testing.T) {
	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "config")
	cfg := "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: \"https://127.0.0.1:1\"}}]\n" +
		"users: [{name: u, user: {token: x}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n"
	if err := os.WriteFile(kubeconfig, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unreachable", []string{"scan", "--kubeconfig", kubeconfig}, "connecting to https://127.0.0.1:1"},
		{"missing context", []string{"scan", "--kubeconfig", kubeconfig, "--context", "nope"}, `context "nope" not found`},
		{"missing kubeconfig", []string{"scan", "--kubeconfig", filepath.Join(dir, "none")}, "loading kubeconfig"},
		{"paths with --cluster", []string{"scan", "--cluster", "testdata/clean.yaml"}, "takes no PATH"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := palisade(t, "", c.args...)
			if code != exitErrors || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("exit %d, stderr %q: want exit %d and one line containing %q", code, stderr, exitErrors, c.want)
			}
		})
	}
}

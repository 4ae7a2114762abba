package main

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
)

// kubelet starts a stand-in for a kubelet's port 10250 (no kubelet can
// run here) that answers /pods with code, as a kubelet does: 200 and a
// pod list with anonymous authentication on and AlwaysAllow
// authorization, 401 with anonymous authentication off. It returns the
// probe target of it.
func kubelet(t *testing.T, code int) string {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code != http.StatusOK {
			http.Error(w, http.StatusText(code), code)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}`)
	}))
	t.Cleanup(srv.Close)
	return "kubelet://" + strings.TrimPrefix(srv.URL, "https://")
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestProbeExitCodes(t *testing.T) {
	open, closed := kubelet(t, http.StatusOK), kubelet(t, http.StatusUnauthorized)
	cfg := filepath.Join(t.TempDir(), "palisade.yaml")
	exception := "exceptions:\n- check: probe-kubelet-anonymous-access\n  kind: Endpoint\n  name: \"127.0.0.1:*\"\n  reason: lab kubelet\n"
	if err := os.WriteFile(cfg, []byte(exception), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		want   int
		stderr string
	}{
		{"anonymous kubelet fails", []string{open}, exitFindings, ""},
		{"refusing kubelet passes", []string{closed}, exitClean, ""},
		{"fail-on none", []string{"--fail-on", "none", open}, exitClean, ""},
		{"excepted", []string{"--config", cfg, open}, exitClean, ""},
		{"unreachable and reachable", []string{closed, "kubelet://" + closedPort(t)}, exitClean, ""},
		{"nothing reachable", []string{"kubelet://" + closedPort(t)}, exitErrors, "none of the 1 targets could be probed"},
		{"no target", nil, exitErrors, "requires at least 1 arg"},
		{"bad target", []string{"10.0.0.5:8080"}, exitErrors, "port 8080 is not a well-known Kubernetes port"},
		{"not a probe check", []string{"--check", "run-as-root", open}, exitErrors, "--check run-as-root is not a probe check"},
		{"bad timeout", []string{"--timeout", "0s", open}, exitErrors, "--timeout and --concurrency must be positive"},
		{"bad format", []string{"-o", "pdf", open}, exitErrors, "unknown output format"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := palisade(t, "", append([]string{"probe"}, c.args...)...)
			if code != c.want {
				t.Errorf("exit code %d, want %d (stderr: %s)", code, c.want, stderr)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr, c.stderr)
			}
		})
	}
}

// TestProbeFormats shows that probe findings go through the same
// renderers as a scan's: the table (golden), JSON, SARIF and JUnit.
func TestProbeFormats(t *testing.T) {
	target := kubelet(t, http.StatusOK)
	unreachable := "kubelet-read-only://" + closedPort(t)
	_, table, _ := palisade(t, "", "probe", "--no-color", "--all", target, unreachable)
	table = regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(table, "127.0.0.1:PORT")
	table = regexp.MustCompile(`\d+ ?ms`).ReplaceAllString(table, "N ms")
	checktest.Golden(t, "testdata/probe-table.golden", table)

	code, out, stderr := palisade(t, "", "probe", "-o", "json", target)
	var rep struct {
		Findings []struct {
			Check    struct{ ID, Severity string }
			Status   string
			Resource struct{ APIVersion, Kind, Name string }
			Path     string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JSON report (exit %d, %s): %v\n%s", code, stderr, err, out)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("got %d findings, want 1: %s", len(rep.Findings), out)
	}
	f := rep.Findings[0]
	if f.Check.ID != "probe-kubelet-anonymous-access" || f.Check.Severity != "critical" || f.Status != "fail" ||
		f.Resource.APIVersion != "palisade.dev/v1" || f.Resource.Kind != "Endpoint" || f.Path != "status.requests[0]" {
		t.Errorf("finding %+v", f)
	}

	_, out, _ = palisade(t, "", "probe", "-o", "sarif", target)
	var sarif struct{ Runs []struct{ Results []any } }
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 1 {
		t.Errorf("SARIF report (%v): %s", err, out)
	}
	_, out, _ = palisade(t, "", "probe", "-o", "junit", target)
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil || !strings.Contains(out, "probe-kubelet-anonymous-access") {
		t.Errorf("JUnit report (%v): %s", err, out)
	}
}

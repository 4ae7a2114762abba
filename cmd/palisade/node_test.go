package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/source/node/nodetest"
)

// TestNodeCommand scans kubeadm-like node trees through the command line:
// the JSON report, the benchmark it was judged against, exit codes.
func TestNodeCommand(t *testing.T) {
	tr := nodetest.Kubeadm(t)
	code, out, stderr := palisade(t, "", "node", "--root", tr.Root, "-o", "json", "--fail-on", "none")
	if code != exitClean {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var rep struct {
		Findings []struct {
			Check    struct{ ID string }
			Status   string
			Resource struct{ Kind, Name string }
			Path     string
			Message  string
		}
		Summary struct{ Benchmark string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Summary.Benchmark != "cis-1.12 (Kubernetes v1.34.2)" {
		t.Errorf("benchmark = %q, want it chosen from the static pods' version", rep.Summary.Benchmark)
	}
	want := map[string]bool{"apiserver-anonymous-auth": false, "kubelet-tls-cert": false}
	for _, f := range rep.Findings {
		if _, ok := want[f.Check.ID]; ok && f.Status == "fail" {
			want[f.Check.ID] = true
		}
		if strings.HasPrefix(f.Check.ID, "node-") && f.Status == "fail" {
			t.Errorf("kubeadm tree's modes are all right, got %+v", f)
		}
	}
	for id, seen := range want {
		if !seen {
			t.Errorf("no failing %s finding", id)
		}
	}
}

func TestNodeCommandExitCodes(t *testing.T) {
	tr := nodetest.Kubeadm(t)
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"findings at high", []string{"node", "--root", tr.Root}, exitFindings},
		{"forced benchmark", []string{"node", "--root", tr.Root, "--benchmark", "cis-1.12", "--fail-on", "none"}, exitClean},
		{"unknown benchmark", []string{"node", "--root", tr.Root, "--benchmark", "cis-9.9"}, exitErrors},
		{"missing root", []string{"node", "--root", tr.Path("/nope")}, exitErrors},
		{"no arguments", []string{"node", "extra"}, exitErrors},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, _, stderr := palisade(t, "", tc.args...); code != tc.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.want, stderr)
			}
		})
	}
}

// Package nodeclustertest scans the real kube-apiserver and etcd that the
// test harness starts, from the real /proc, as palisade node does on a
// control-plane node.
package nodeclustertest

import (
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// TestRealComponents reads the running test cluster from /proc and judges
// its real flags: the processes this test started are found by parent PID
// (other tests on the machine may run clusters too).
func TestRealComponents(t *testing.T) {
	testcluster.Shared(t)
	inv := node.Load(node.Options{Root: "/"})
	ours := map[*inventory.Object]bool{}
	for _, o := range inv.ByKind(facts.KindProcess) {
		if p := o.Typed.(*facts.Process); parentPID(t, p.PID) == os.Getpid() {
			ours[o] = true
		}
	}
	found := map[string]bool{}
	for o := range ours {
		found[o.Typed.(*facts.Process).Binary] = true
	}
	if !found["kube-apiserver"] || !found["etcd"] {
		t.Fatalf("the test cluster's processes were not found in /proc: %v", found)
	}
	got := verdicts(t, inv, ours)
	for _, want := range []string{
		"apiserver-profiling pass: --profiling=false",
		"apiserver-authorization-node fail: --authorization-mode=RBAC does not include Node",
		"apiserver-token-auth-file fail: --token-auth-file=",
		"apiserver-anonymous-auth fail: --anonymous-auth is absent",
		"apiserver-audit-policy-file pass: --audit-policy-file is set",
		"apiserver-audit-policy-coverage ", // the real policy file, read through /proc/PID/root
		"etcd-tls fail: --cert-file is absent",
		"etcd-client-cert-auth fail: --client-cert-auth is absent",
		"certificate-expiry fail: " + os.TempDir(), // the harness's serving certificate lives a day: under 30 days
	} {
		if !hasPrefix(got, want) {
			t.Errorf("no verdict starting %q in:\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, v := range got {
		if strings.Contains(v, "not-checked") {
			t.Errorf("a real component's setting was not read: %s", v)
		}
	}
}

// verdicts runs every check and keeps the results about our processes, the
// files their flags name, and the certificates they use.
func verdicts(t *testing.T, inv *inventory.Inventory, ours map[*inventory.Object]bool) []string {
	reg, err := checks.Registry()
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for o := range ours {
		for _, a := range o.Typed.(*facts.Process).Argv {
			if _, v, ok := strings.Cut(a, "="); ok {
				named[v] = true
			}
		}
	}
	var out []string
	for _, c := range reg.All() {
		c.Run(inv, &check.Options{}, func(r check.Result) {
			if r.Object == nil || !(ours[r.Object] || named[r.Object.Location.File]) {
				return
			}
			out = append(out, c.ID+" "+string(r.Status)+": "+r.Message)
		})
	}
	sort.Strings(out)
	return out
}

func hasPrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// parentPID reads a process's parent from /proc/PID/stat.
func parentPID(t *testing.T, pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0 // exited since
	}
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 2 {
		t.Fatalf("unexpected /proc/%d/stat: %q", pid, s)
	}
	ppid, _ := strconv.Atoi(fields[1])
	return ppid
}

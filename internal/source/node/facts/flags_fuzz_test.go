package facts

import (
	"sort"
	"strings"
	"testing"
)

// FuzzParseFlags parses arbitrary command lines (NUL-separated, as in
// /proc/PID/cmdline) as each component would: every flag must point at the
// argument that names it, in order, and carry the value that argument or
// the next one gives.
func FuzzParseFlags(f *testing.F) {
	binaries := sortedBinaries()
	for _, seed := range []string{
		"--anonymous-auth=false\x00--authorization-mode=Node,RBAC\x00--profiling",
		"--profiling\x00false\x00--kubeconfig\x00/etc/kubernetes/kubelet.conf",
		"-client-cert-auth\x00-data-dir\x00/var/lib/etcd\x00--\x00--peer-auto-tls",
		"--config\x00--v=2\x00-v=4\x00positional\x00--=x\x00---\x00-",
		"--read-only-port\x00\x00--tls-cipher-suites=\x00--tls-cipher-suites",
	} {
		for i := range binaries {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, cmdline string) {
		binary := binaries[int(which)%len(binaries)]
		argv := strings.Split(cmdline, "\x00")
		flags := ParseFlags(argv, BoolFlags[binary], SingleDash[binary])
		last := -1
		for _, fl := range flags {
			if fl.Index <= last || fl.Index >= len(argv) {
				t.Fatalf("%s: flag %+v out of order or out of range (previous index %d, %d arguments)", binary, fl, last, len(argv))
			}
			last = fl.Index
			checkFlag(t, argv, fl)
			if got, ok := LastFlag(flags, fl.Name); !ok || got.Index < fl.Index {
				t.Fatalf("%s: LastFlag(%q) = %+v, %v; an occurrence at %d exists", binary, fl.Name, got, ok, fl.Index)
			}
		}
	})
}

// checkFlag checks that a flag is what its argument (and the next) say.
func checkFlag(t *testing.T, argv []string, fl Flag) {
	t.Helper()
	arg := argv[fl.Index]
	text := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	if !strings.HasPrefix(arg, "-") || !strings.HasPrefix(text, fl.Name) {
		t.Fatalf("flag %+v does not come from argument %q", fl, arg)
	}
	switch rest := text[len(fl.Name):]; {
	case rest != "":
		if rest != "="+fl.Value {
			t.Fatalf("flag %+v: argument %q gives another value", fl, arg)
		}
	case fl.Value == "true":
	case fl.Index+1 >= len(argv) || argv[fl.Index+1] != fl.Value:
		t.Fatalf("flag %+v: its value is neither in %q nor the next argument", fl, arg)
	}
}

func sortedBinaries() []string {
	out := make([]string, 0, len(BoolFlags))
	for b := range BoolFlags {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}

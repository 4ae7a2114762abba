package node

import (
	"bytes"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// components are the binaries a node scan looks for among the processes.
var components = []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubelet", "kube-proxy"}

// process is one component process found under /proc.
type process struct {
	facts.Process
	// cmdline is the file the command line was read from.
	cmdline string
}

// findProcesses reads /proc/*/cmdline and keeps the Kubernetes components,
// in PID order. Processes that vanish or cannot be read are skipped: they
// are not components the scan could judge, and /proc changes as it is read.
func findProcesses(fsys FS) ([]*process, error) {
	entries, err := fsys.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var out []*process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		if p := readProcess(fsys, pid); p != nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out, nil
}

func readProcess(fsys FS, pid int) *process {
	dir := "/proc/" + strconv.Itoa(pid)
	data, err := fsys.ReadFile(dir + "/cmdline")
	if err != nil || len(data) == 0 {
		return nil
	}
	argv := strings.Split(string(bytes.TrimRight(data, "\x00")), "\x00")
	bin := componentOf(path.Base(argv[0]))
	if bin == "" {
		return nil
	}
	p := &process{Process: facts.Process{PID: pid, Binary: bin, Argv: argv, UID: -1}, cmdline: dir + "/cmdline"}
	if status, err := fsys.ReadFile(dir + "/status"); err == nil {
		p.UID = statusUID(status)
	}
	return p
}

// componentOf returns the component an executable's name runs: the name
// itself, or the name with a version suffix ("etcd-v3.6.16",
// "kube-apiserver-1.34.2"), or "".
func componentOf(name string) string {
	for _, c := range components {
		rest, ok := strings.CutPrefix(name, c)
		if ok && (rest == "" || strings.HasPrefix(rest, "-v") || (len(rest) > 1 && rest[0] == '-' && rest[1] >= '0' && rest[1] <= '9')) {
			return c
		}
	}
	return ""
}

// statusUID reads the real uid from /proc/PID/status ("Uid:\t0\t0\t0\t0").
func statusUID(status []byte) int {
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				if uid, err := strconv.ParseUint(f[0], 10, 32); err == nil {
					return int(uid)
				}
			}
		}
	}
	return -1
}

// flags parses the process's flags.
func (p *process) flags() []facts.Flag {
	return facts.ParseFlags(p.Argv[1:], facts.BoolFlags[p.Binary], facts.SingleDash[p.Binary])
}

package testcluster

import (
	"os"
	"syscall"
)

// sysProcAttr puts a server in its own process group, so stop can signal
// everything it started, and has the kernel kill it if the test binary dies
// without cleaning up (a test timeout, for example).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// signalGroup sends SIGTERM, or SIGKILL if kill, to p's process group.
func signalGroup(p *os.Process, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-p.Pid, sig) // ESRCH only: the group is already gone
}

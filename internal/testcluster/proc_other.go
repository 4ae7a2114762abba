//go:build !linux

package testcluster

import (
	"os"
	"syscall"
)

// sysProcAttr has no portable process-group setting outside Linux.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// signalGroup kills p (the servers start no children of their own).
func signalGroup(p *os.Process, kill bool) {
	if kill {
		_ = p.Kill() // an error only means it has exited
	} else {
		_ = p.Signal(os.Interrupt)
	}
}

// Package nodetest builds kubeadm-like node trees under a temporary root
// for the tests of the node source, the node checks and the node command:
// real files with real modes (and owners when the tests run as root), real
// certificates, static pods, the kubelet's unit, drop-in and config file,
// and /proc entries of the components' command lines.
package nodetest

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Tree is a node's file system under Root.
type Tree struct {
	Root string
	CA   *CA
	// EtcdCA signs etcd's certificates (CIS 2.7: distinct from CA).
	EtcdCA *CA
	t      testing.TB
}

// Path returns where a node path lives under the root.
func (tr *Tree) Path(p string) string { return filepath.Join(tr.Root, filepath.FromSlash(p)) }

// Write writes a node file with a mode, creating its directories (0755).
func (tr *Tree) Write(p, content string, mode os.FileMode) {
	tr.t.Helper()
	full := tr.Path(p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		tr.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), mode); err != nil {
		tr.t.Fatal(err)
	}
	tr.Chmod(p, mode) // WriteFile keeps the mode of an existing file, and umask applies
}

// Mkdir creates a node directory with a mode.
func (tr *Tree) Mkdir(p string, mode os.FileMode) {
	tr.t.Helper()
	if err := os.MkdirAll(tr.Path(p), mode); err != nil {
		tr.t.Fatal(err)
	}
	tr.Chmod(p, mode)
}

// Chmod sets a node file's mode.
func (tr *Tree) Chmod(p string, mode os.FileMode) {
	tr.t.Helper()
	if err := os.Chmod(tr.Path(p), mode); err != nil {
		tr.t.Fatal(err)
	}
}

// Chown sets a node file's owner. Owners are real, so the tests must run
// as root (CI does); otherwise the test fails saying so.
func (tr *Tree) Chown(p string, uid, gid int) {
	tr.t.Helper()
	if os.Geteuid() != 0 {
		tr.t.Fatal("setting a file's owner needs root: run the node tests as root, as CI does")
	}
	if err := os.Chown(tr.Path(p), uid, gid); err != nil {
		tr.t.Fatal(err)
	}
}

// Remove deletes a node file or directory.
func (tr *Tree) Remove(p string) {
	tr.t.Helper()
	if err := os.RemoveAll(tr.Path(p)); err != nil {
		tr.t.Fatal(err)
	}
}

// Proc adds a process's /proc/PID/cmdline and status (running as uid 0).
func (tr *Tree) Proc(pid int, argv ...string) {
	dir := "/proc/" + strconv.Itoa(pid)
	tr.Write(dir+"/cmdline", strings.Join(argv, "\x00")+"\x00", 0o444)
	tr.Write(dir+"/status", "Name:\t"+filepath.Base(argv[0])+"\nUid:\t0\t0\t0\t0\n", 0o444)
}

// Cert writes a certificate and key signed by ca, expiring at notAfter.
func (tr *Tree) Cert(ca *CA, certPath, keyPath, cn string, notAfter time.Time) {
	c, k := ca.Issue(tr.t, cn, nil, notAfter)
	tr.Write(certPath, string(c), 0o644)
	if keyPath != "" {
		tr.Write(keyPath, string(k), 0o600)
	}
}

// Kubeconfig writes a kubeconfig whose user embeds a client certificate
// for cn in orgs, expiring at notAfter.
func (tr *Tree) Kubeconfig(p, user, cn string, orgs []string, notAfter time.Time) {
	c, k := tr.CA.Issue(tr.t, cn, orgs, notAfter)
	enc := base64.StdEncoding.EncodeToString
	tr.Write(p, fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    server: https://10.0.0.10:6443
    certificate-authority-data: %s
contexts:
- name: %[2]s@kubernetes
  context: {cluster: kubernetes, user: %[2]s}
current-context: %[2]s@kubernetes
users:
- name: %[2]s
  user:
    client-certificate-data: %[3]s
    client-key-data: %[4]s
`, enc(tr.CA.CertPEM), user, enc(c), enc(k)), 0o600)
}

// FileName turns a test case's name into a golden file's base name.
func FileName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

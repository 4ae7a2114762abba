package node

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
	"github.com/palisade-dev/palisade/internal/source/node/nodetest"
)

// describe renders an inventory's facts, one line each, without what
// changes from run to run (fingerprints, dates, pids of real processes).
func describe(inv *inventory.Inventory) string {
	var lines []string
	for _, o := range inv.Objects {
		switch t := o.Typed.(type) {
		case *facts.Process:
			var args []string
			for i, a := range t.Argv {
				if origin := t.Origin(i); origin != "" {
					a += " @" + origin
				}
				args = append(args, a)
			}
			lines = append(lines, fmt.Sprintf("Process %s pid=%d uid=%d at %s: %s", o.Name, t.PID, t.UID, o.Location.File, strings.Join(args, " ")))
		case *facts.File:
			lines = append(lines, "File "+describeFile(t))
		case *facts.Certificate:
			lines = append(lines, fmt.Sprintf("Certificate %s subject=%q ca=%v err=%q", o.Name, t.Subject, t.IsCA, t.Error))
		default:
			lines = append(lines, fmt.Sprintf("%s %s/%s/%s at %s:%d typed=%v", o.APIVersion, o.Kind, o.Namespace, o.Name, o.Location.File, o.Location.Line, o.Typed != nil))
		}
	}
	sort.Strings(lines)
	for _, e := range inv.Errors {
		lines = append(lines, "error "+e.Error())
	}
	for _, c := range inv.Coverage {
		lines = append(lines, fmt.Sprintf("coverage %s %s: %s", c.Resource, c.Status, c.Message))
	}
	return strings.Join(lines, "\n") + "\n"
}

func describeFile(f *facts.File) string {
	s := f.Path + " [" + strings.Join(f.Roles, ",") + "]"
	switch {
	case f.Missing:
		return s + " missing"
	case f.Error != "":
		return s + " error: " + f.Error
	}
	s += fmt.Sprintf(" %04o %s:%s", f.Mode, f.User, f.Group)
	if f.NamedBy != "" {
		s += " (" + f.NamedBy + ")"
	}
	return s
}

func TestKubeadmTree(t *testing.T) {
	tr := nodetest.Kubeadm(t)
	inv := Load(Options{Root: tr.Root})
	checktest.Golden(t, "testdata/kubeadm.golden", describe(inv))
}

// denyFS refuses to read some paths, as a non-root scanner would be.
type denyFS struct {
	FS
	deny map[string]bool
}

func (d denyFS) check(name string) error {
	for p := range d.deny {
		if name == p || strings.HasPrefix(name, p+"/") {
			return &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
	}
	return nil
}

func (d denyFS) ReadFile(name string) ([]byte, error) {
	if err := d.check(name); err != nil {
		return nil, err
	}
	return d.FS.ReadFile(name)
}

func (d denyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := d.check(name); err != nil {
		return nil, err
	}
	return d.FS.ReadDir(name)
}

// TestBadInput covers what cannot be read: each is reported, never a
// crash, and the rest is still read.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(tr *nodetest.Tree) Options
	}{
		{"missing root", func(tr *nodetest.Tree) Options { return Options{Root: tr.Path("/nonexistent")} }},
		{"root is a file", func(tr *nodetest.Tree) Options { return Options{Root: tr.Path("/etc/hostname")} }},
		{"no proc, no unit", func(tr *nodetest.Tree) Options {
			tr.Remove("/proc")
			tr.Remove("/usr/lib/systemd")
			return Options{Root: tr.Root}
		}},
		{"permission denied", func(tr *nodetest.Tree) Options {
			deny := map[string]bool{"/proc": true, "/var/lib/kubelet/config.yaml": true, "/etc/kubernetes/pki/etcd": true, "/etc/kubernetes/admin.conf": true}
			return Options{Root: tr.Root, FS: denyFS{dirFS{tr.Root}, deny}}
		}},
		{"half-written config", func(tr *nodetest.Tree) Options {
			tr.Write("/var/lib/kubelet/config.yaml", nodetest.KubeletConfig[:140], 0o600)
			tr.Write("/etc/kubernetes/manifests/kube-scheduler.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-sch", 0o600)
			tr.Write("/etc/kubernetes/scheduler.conf", "apiVersion: v1\nkind: Config\nusers: [", 0o600)
			return Options{Root: tr.Root}
		}},
		{"kubelet config in a wrong version", func(tr *nodetest.Tree) Options {
			tr.Write("/var/lib/kubelet/config.yaml", strings.Replace(nodetest.KubeletConfig, "v1beta1", "v1alpha9", 1), 0o600)
			return Options{Root: tr.Root}
		}},
		{"empty and binary files", func(tr *nodetest.Tree) Options {
			tr.Write("/var/lib/kubelet/config.yaml", "", 0o600)
			tr.Write("/etc/kubernetes/pki/ca.crt", "\x00\x01garbage", 0o644)
			return Options{Root: tr.Root}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := nodetest.Kubeadm(t)
			inv := Load(tc.setup(tr))
			got := describe(inv)
			got = strings.ReplaceAll(got, tr.Root, "ROOT")
			checktest.Golden(t, "testdata/bad-"+nodetest.FileName(tc.name)+".golden", got)
		})
	}
}

func TestComponentOf(t *testing.T) {
	for name, want := range map[string]string{"kube-apiserver": "kube-apiserver", "etcd-v3.6.16": "etcd", "kube-apiserver-1.34.2": "kube-apiserver",
		"etcdctl": "", "kubelet": "kubelet", "kube-proxy-helper": "", "kubectl": ""} {
		if got := componentOf(name); got != want {
			t.Errorf("componentOf(%q) = %q, want %q", name, got, want)
		}
	}
}

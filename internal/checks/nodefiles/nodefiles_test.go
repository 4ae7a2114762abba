package nodefiles

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node"
	"github.com/palisade-dev/palisade/internal/source/node/nodetest"
)

// TestNodeTrees judges kubeadm-like trees: every item passing, every item
// failing (real chmod, and chown when the tests run as root), a worker
// node without control-plane files, and files that cannot be examined.
func TestNodeTrees(t *testing.T) {
	loose := func(tr *nodetest.Tree) {
		for _, p := range []string{"/etc/kubernetes/manifests/kube-apiserver.yaml", "/etc/kubernetes/manifests/kube-controller-manager.yaml",
			"/etc/kubernetes/manifests/kube-scheduler.yaml", "/etc/kubernetes/manifests/etcd.yaml", "/etc/cni/net.d/10-flannel.conflist",
			"/etc/kubernetes/admin.conf", "/etc/kubernetes/super-admin.conf", "/etc/kubernetes/scheduler.conf",
			"/etc/kubernetes/controller-manager.conf", "/etc/kubernetes/kubelet.conf", "/usr/lib/systemd/system/kubelet.service",
			"/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", "/var/lib/kubelet/config.yaml", "/etc/kubernetes/pki/ca.key"} {
			tr.Chmod(p, 0o644)
		}
		tr.Chmod("/etc/kubernetes/pki/ca.crt", 0o666)
		tr.Chmod("/var/lib/etcd", 0o755)
	}
	chown := func(tr *nodetest.Tree) {
		tr.Chown("/etc/kubernetes/admin.conf", 1001, 1001)
		tr.Chown("/etc/kubernetes/pki/apiserver.key", 1, 0)
		tr.Chown("/var/lib/etcd", 0, 0)
		tr.Chown("/usr/lib/systemd/system/kubelet.service", 0, 998)
	}
	for _, tc := range []struct {
		name  string
		setup func(tr *nodetest.Tree) node.Options
	}{
		{"kubeadm", func(tr *nodetest.Tree) node.Options { return node.Options{Root: tr.Root} }},
		{"modes too permissive", func(tr *nodetest.Tree) node.Options { loose(tr); return node.Options{Root: tr.Root} }},
		{"wrong owners", func(tr *nodetest.Tree) node.Options { chown(tr); return node.Options{Root: tr.Root} }},
		{"etcd runs as root on a node without an etcd user", func(tr *nodetest.Tree) node.Options {
			tr.Write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0o644)
			tr.Chown("/var/lib/etcd", 0, 0)
			tr.Proc(900, append([]string{"etcd"}, nodetest.Flags["etcd"]...)...)
			return node.Options{Root: tr.Root}
		}},
		{"worker node", func(tr *nodetest.Tree) node.Options {
			tr.Remove("/etc/kubernetes/manifests")
			tr.Remove("/etc/kubernetes/admin.conf")
			tr.Remove("/etc/kubernetes/super-admin.conf")
			tr.Remove("/etc/kubernetes/scheduler.conf")
			tr.Remove("/etc/kubernetes/controller-manager.conf")
			tr.Remove("/etc/kubernetes/pki")
			tr.Remove("/var/lib/etcd")
			return node.Options{Root: tr.Root}
		}},
		{"files that cannot be examined", func(tr *nodetest.Tree) node.Options {
			return node.Options{Root: tr.Root, FS: statDenied{nodeFS(tr), "/etc/kubernetes/admin.conf"}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := nodetest.Kubeadm(t)
			inv := node.Load(tc.setup(tr))
			checktest.Golden(t, "testdata/"+nodetest.FileName(tc.name)+".golden", results(inv))
		})
	}
}

func results(inv *inventory.Inventory) string {
	var lines []string
	for _, c := range Checks() {
		for _, l := range checktest.Results(c, inv, nil) {
			lines = append(lines, c.ID+": "+l)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// statDenied refuses to stat one path, as a scanner without search
// permission on its directory would be.
type statDenied struct {
	node.FS
	path string
}

func (s statDenied) Stat(name string) (fs.FileInfo, error) {
	if name == s.path {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrPermission}
	}
	return s.FS.Stat(name)
}

func nodeFS(tr *nodetest.Tree) node.FS { return node.DirFS(tr.Root) }

package node

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
	"github.com/palisade-dev/palisade/internal/source/node/nodetest"
)

// fuzzSlots are the kubeadm paths whose contents FuzzNodeTree replaces:
// every file the node source parses, and a few it reads only when a flag
// names them (an extra running component, its configs).
var fuzzSlots = []string{
	"/usr/lib/systemd/system/kubelet.service",
	"/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
	"/var/lib/kubelet/kubeadm-flags.env",
	"/etc/default/kubelet",
	"/var/lib/kubelet/config.yaml",
	"/etc/kubernetes/manifests/kube-apiserver.yaml",
	"/etc/kubernetes/manifests/kube-controller-manager.yaml",
	"/etc/kubernetes/manifests/kube-scheduler.yaml",
	"/etc/kubernetes/manifests/etcd.yaml",
	"/etc/kubernetes/admin.conf",
	"/etc/kubernetes/kubelet.conf",
	"/etc/kubernetes/pki/ca.crt",
	"/proc/812/cmdline",
	"/proc/812/status",
	"/proc/900/cmdline",
	"/etc/passwd",
	"/etc/group",
	"/etc/cni/net.d/10-flannel.conflist",
	"/etc/kubernetes/encryption.yaml",
	"/etc/kubernetes/audit-policy.yaml",
	"/var/lib/kube-proxy/config.conf",
}

// FuzzNodeTree puts arbitrary contents at two of a kubeadm node's paths,
// reads the node and runs every check over it: nothing panics, every
// object and error says where it came from, and every result has a
// status (and a reason when it is not a pass or a failure). Almost every
// input reaches new code, so minimizing each one would take all the time:
//
//	go test -run X -fuzz FuzzNodeTree -fuzztime 60s -fuzzminimizetime 1x ./internal/source/node
func FuzzNodeTree(f *testing.F) {
	base := snapshot(f, nodetest.Kubeadm(f))
	for i, p := range fuzzSlots {
		data := base[strings.TrimPrefix(p, "/")]
		if data == nil {
			continue
		}
		f.Add(uint8(i), data.Data, uint8(0), base[strings.TrimPrefix(fuzzSlots[0], "/")].Data)
	}
	for _, s := range treeSeeds {
		f.Add(slot(f, s.a), []byte(s.dataA), slot(f, s.b), []byte(s.dataB))
	}
	reg, err := checks.Registry()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a uint8, dataA []byte, b uint8, dataB []byte) {
		fsys := mapFS(maps.Clone(base))
		fsys.put(fuzzSlots[int(a)%len(fuzzSlots)], dataA)
		fsys.put(fuzzSlots[int(b)%len(fuzzSlots)], dataB)
		inv := Load(Options{FS: fsys})
		checkInventory(t, inv)
		for _, c := range reg.All() {
			c.Run(inv, &check.Options{PSSLevel: "restricted", PSSVersion: "latest"}, func(r check.Result) { checkResult(t, c, r) })
		}
	})
}

// treeSeeds are pairs of files that make the node source read more: a
// running API server naming its encryption and audit configuration, a
// kube-proxy naming its config, a kubelet unit whose flags name files.
var treeSeeds = []struct{ a, dataA, b, dataB string }{
	{"/proc/900/cmdline", "/usr/local/bin/kube-apiserver\x00--encryption-provider-config=/etc/kubernetes/encryption.yaml\x00--audit-policy-file\x00/etc/kubernetes/audit-policy.yaml\x00--anonymous-auth\x00",
		"/etc/kubernetes/encryption.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n  - identity: {}\n  - aescbc:\n      keys: [{name: k, secret: c2VjcmV0}]\n"},
	{"/proc/900/cmdline", "kube-apiserver\x00--audit-policy-file=/etc/kubernetes/audit-policy.yaml\x00--authorization-mode=AlwaysAllow",
		"/etc/kubernetes/audit-policy.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n  resources: [{group: \"\", resources: [secrets]}]\n- level: None\n"},
	{"/proc/900/cmdline", "kube-proxy\x00--config=/var/lib/kube-proxy/config.conf\x00--metrics-bind-address=0.0.0.0:10249",
		"/var/lib/kube-proxy/config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmetricsBindAddress: 0.0.0.0:10249\nclientConnection:\n  kubeconfig: /etc/kubernetes/admin.conf\n"},
	{"/proc/812/cmdline", "x\x00", "/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--read-only-port=10255 --anonymous-auth=true --client-ca-file=pki/ca.crt --pod-manifest-path=/etc/kubernetes/manifests/\n"},
	{"/var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nstaticPodPath: /proc\nauthentication: {x509: {clientCAFile: /etc/kubernetes/kubelet.conf}}\nreadOnlyPort: 99999999999\n",
		"/etc/kubernetes/manifests/etcd.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: etcd}\nspec:\n  containers:\n  - name: etcd\n    args: [-data-dir, /var/lib/etcd, -cert-file, /etc/kubernetes/pki/ca.crt, --, -peer-auto-tls]\n"},
	{"/etc/kubernetes/admin.conf", "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user: {client-certificate: ../pki/ca.crt}\n- name: b\n  user: {client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkFBQUEKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=}\n",
		"/etc/passwd", "root:x:-1:0::/:/bin/sh\n"},
}

func slot(f *testing.F, p string) uint8 {
	for i, s := range fuzzSlots {
		if s == p {
			return uint8(i)
		}
	}
	f.Fatalf("%s is not a fuzz slot", p)
	return 0
}

// snapshot reads a node tree into memory, modes included.
func snapshot(tb testing.TB, tr *nodetest.Tree) fstest.MapFS {
	m := fstest.MapFS{}
	err := filepath.WalkDir(tr.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == tr.Root {
			return err
		}
		rel, err := filepath.Rel(tr.Root, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		file := &fstest.MapFile{Mode: info.Mode()}
		if !d.IsDir() {
			if file.Data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		m[filepath.ToSlash(rel)] = file
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// checkInventory asserts that every object and error says where it came
// from.
func checkInventory(t *testing.T, inv *inventory.Inventory) {
	t.Helper()
	for _, o := range inv.Objects {
		if o.Kind == "" || o.Location.File == "" {
			t.Fatalf("object %s/%s %q has no kind or file", o.APIVersion, o.Kind, o.Name)
		}
		if p, ok := o.Typed.(*facts.Process); ok && (len(p.Argv) == 0 || len(p.Origins) != 0 && len(p.Origins) != len(p.Argv)) {
			t.Fatalf("process %s: %d arguments, %d origins", o.Name, len(p.Argv), len(p.Origins))
		}
	}
	for _, e := range inv.Errors {
		if e.Message == "" || e.File == "" && !strings.Contains(e.Message, "/") {
			t.Fatalf("error %q names no file", e.Error())
		}
	}
}

// checkResult asserts that a result has a status, an object, and a reason
// when it is neither a pass nor a failure, and that no file's owner is
// judged when the file system did not give it.
func checkResult(t *testing.T, c *check.Check, r check.Result) {
	t.Helper()
	switch r.Status {
	case "", check.Fail, check.Pass:
	case check.NotApplicable, check.NotChecked:
		if r.Message == "" {
			t.Fatalf("%s: %s result without a reason", c.ID, r.Status)
		}
	default:
		t.Fatalf("%s: result with status %q", c.ID, r.Status)
	}
	if r.Object == nil {
		t.Fatalf("%s: result without an object: %+v", c.ID, r)
	}
	if f, ok := r.Object.Typed.(*facts.File); ok && r.Path == "owner" && (f.UID < 0 || f.GID < 0) && !f.Missing && r.Status != check.NotChecked {
		t.Fatalf("%s: %s on %s, whose owner is not known: %s", c.ID, r.Status, f.Path, r.Message)
	}
	r.Object.Locate(r.Path)
}

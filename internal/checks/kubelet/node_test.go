package kubelet

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node"
	"github.com/palisade-dev/palisade/internal/source/node/nodetest"
)

// TestNodeTrees judges kubelets read from node trees: flags winning over
// the config file (and naming the drop-in that wrote them), a kubelet with
// no config file (command-line defaults), and configs that cannot be read.
func TestNodeTrees(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(tr *nodetest.Tree)
	}{
		{"kubeadm", func(tr *nodetest.Tree) {}},
		{"flags in a drop-in override the file", func(tr *nodetest.Tree) {
			tr.Write("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--anonymous-auth=true --read-only-port=10255 --hostname-override=node-a --feature-gates=RotateKubeletServerCertificate=false\n", 0o600)
			tr.Proc(812, append(nodetest.KubeletArgv, "--anonymous-auth=true", "--read-only-port=10255", "--hostname-override=node-a", "--feature-gates=RotateKubeletServerCertificate=false")...)
		}},
		{"no config file: command-line defaults", func(tr *nodetest.Tree) {
			tr.Proc(812, "/usr/bin/kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf")
		}},
		{"kubelet not running: the unit's command line", func(tr *nodetest.Tree) {
			tr.Remove("/proc/812")
			tr.Write("/var/lib/kubelet/config.yaml", nodetest.KubeletConfig+"readOnlyPort: 10255\n", 0o600)
		}},
		{"half-written config file", func(tr *nodetest.Tree) {
			tr.Write("/var/lib/kubelet/config.yaml", nodetest.KubeletConfig[:140], 0o600)
			tr.Proc(812, append(nodetest.KubeletArgv, "--anonymous-auth=false")...)
		}},
		{"config in a wrong version", func(tr *nodetest.Tree) {
			tr.Write("/var/lib/kubelet/config.yaml", strings.Replace(nodetest.KubeletConfig, "v1beta1", "v1", 1), 0o600)
		}},
		{"config file missing", func(tr *nodetest.Tree) { tr.Remove("/var/lib/kubelet/config.yaml") }},
		{"drop-ins override the config file", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/kubelet.conf.d/10-ports.conf", dropInHead+"readOnlyPort: 10255\nrotateCertificates: true\n", 0o600)
			tr.Write("/etc/kubernetes/kubelet.conf.d/20-auth.conf", dropInHead+"authentication:\n  anonymous:\n    enabled: true\n", 0o600)
			tr.Write("/etc/kubernetes/kubelet.conf.d/nested/30-later.conf", dropInHead+"rotateCertificates: false\nfeatureGates:\n  RotateKubeletServerCertificate: false\n", 0o600)
			tr.Write("/etc/kubernetes/kubelet.conf.d/README", "not a drop-in\n", 0o600)
			tr.Proc(812, append(nodetest.KubeletArgv, "--config-dir=/etc/kubernetes/kubelet.conf.d")...)
		}},
		{"drop-in that cannot be decoded", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/kubelet.conf.d/10-broken.conf", dropInHead+"readOnlyPort: [10255]\n", 0o600)
			tr.Proc(812, append(nodetest.KubeletArgv, "--config-dir=/etc/kubernetes/kubelet.conf.d", "--read-only-port=0")...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := nodetest.Kubeadm(t)
			tc.setup(tr)
			inv := node.Load(node.Options{Root: tr.Root})
			checktest.Golden(t, "testdata/node/"+nodetest.FileName(tc.name)+".golden", results(inv))
		})
	}
}

// dropInHead starts a --config-dir drop-in file.
const dropInHead = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"

func results(inv *inventory.Inventory) string {
	var lines []string
	for _, c := range Checks() {
		for _, l := range checktest.Results(c, inv, nil) {
			lines = append(lines, c.ID+": "+l)
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

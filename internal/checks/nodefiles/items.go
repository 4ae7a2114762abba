package nodefiles

import (
	"io/fs"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// items are CIS 1.1 and 4.1, in CIS order.
var items = pairs(
	pair{"1.1.1", "1.1.2", "apiserver-manifest", "kube-apiserver static pod manifests", 0o600, "root:root", check.Medium, []string{facts.RoleAPIServerManifest}},
	pair{"1.1.3", "1.1.4", "controller-manager-manifest", "kube-controller-manager static pod manifests", 0o600, "root:root", check.Medium, []string{facts.RoleControllerManagerManifest}},
	pair{"1.1.5", "1.1.6", "scheduler-manifest", "kube-scheduler static pod manifests", 0o600, "root:root", check.Medium, []string{facts.RoleSchedulerManifest}},
	pair{"1.1.7", "1.1.8", "etcd-manifest", "etcd static pod manifests", 0o600, "root:root", check.Medium, []string{facts.RoleEtcdManifest}},
	pair{"1.1.9", "1.1.10", "cni-config", "CNI configuration files", 0o600, "root:root", check.Low, []string{facts.RoleCNIConfig}},
	pair{"1.1.11", "1.1.12", "etcd-data-dir", "etcd data directories", 0o700, "etcd:etcd", check.High, []string{facts.RoleEtcdDataDir}},
	pair{"1.1.13", "1.1.14", "admin-kubeconfig", "admin kubeconfigs (admin.conf, super-admin.conf)", 0o600, "root:root", check.High, []string{facts.RoleAdminKubeconfig, facts.RoleSuperAdminKubeconfig}},
	pair{"1.1.15", "1.1.16", "scheduler-kubeconfig", "kube-scheduler kubeconfigs", 0o600, "root:root", check.Medium, []string{facts.RoleSchedulerKubeconfig}},
	pair{"1.1.17", "1.1.18", "controller-manager-kubeconfig", "kube-controller-manager kubeconfigs", 0o600, "root:root", check.Medium, []string{facts.RoleControllerKubeconfig}},
	pair{"", "1.1.19", "pki", "Kubernetes PKI directories and files", 0, "root:root", check.Medium, []string{facts.RolePKIDir, facts.RolePKICert, facts.RolePKIKey}},
	pair{"1.1.20", "", "pki-cert", "Kubernetes PKI certificates", 0o644, "", check.Low, []string{facts.RolePKICert}},
	pair{"1.1.21", "", "pki-key", "Kubernetes PKI private keys", 0o600, "", check.High, []string{facts.RolePKIKey}},
	pair{"4.1.1", "4.1.2", "kubelet-service", "kubelet systemd unit files and drop-ins", 0o600, "root:root", check.Medium, []string{facts.RoleKubeletService}},
	pair{"4.1.3", "4.1.4", "kube-proxy-kubeconfig", "kube-proxy kubeconfigs", 0o600, "root:root", check.Medium, []string{facts.RoleKubeProxyKubeconfig}},
	pair{"4.1.5", "4.1.6", "kubelet-kubeconfig", "kubelet kubeconfigs (kubelet.conf)", 0o600, "root:root", check.Medium, []string{facts.RoleKubeletKubeconfig}},
	pair{"4.1.7", "4.1.8", "kubelet-client-ca", "kubelet client CA files", 0o644, "root:root", check.Medium, []string{facts.RoleKubeletClientCA}},
	pair{"4.1.9", "4.1.10", "kubelet-config", "kubelet config files", 0o600, "root:root", check.Medium, []string{facts.RoleKubeletConfig}},
)

// pair is a CIS mode item and its owner item over the same files; an empty
// id leaves one out.
type pair struct {
	modeCIS, ownerCIS string
	name, what        string
	mode              uint32
	owner             string
	severity          check.Severity
	roles             []string
}

func pairs(ps ...pair) []item {
	var out []item
	for _, p := range ps {
		if p.modeCIS != "" {
			out = append(out, item{cis: p.modeCIS, id: "node-" + p.name + "-mode", roles: p.roles, what: p.what, mode: fs.FileMode(p.mode), severity: p.severity})
		}
		if p.ownerCIS != "" {
			out = append(out, item{cis: p.ownerCIS, id: "node-" + p.name + "-owner", roles: p.roles, what: p.what, owner: p.owner, severity: p.severity})
		}
	}
	return out
}

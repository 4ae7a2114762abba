package nodetest

import (
	"strings"
	"testing"
	"time"
)

// Flags are the command lines of kubeadm's control-plane static pods, and
// of its kubelet; tests change them with Tree.StaticPod and Tree.Proc.
var Flags = map[string][]string{
	"kube-apiserver": {"--advertise-address=192.168.1.10", "--allow-privileged=true", "--authorization-mode=Node,RBAC",
		"--client-ca-file=/etc/kubernetes/pki/ca.crt", "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
		"--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt", "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
		"--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
		"--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt", "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
		"--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt", "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
		"--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt", "--secure-port=6443",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local", "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
		"--service-account-signing-key-file=/etc/kubernetes/pki/sa.key", "--service-cluster-ip-range=10.96.0.0/12",
		"--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"},
	"kube-controller-manager": {"--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf", "--bind-address=127.0.0.1",
		"--client-ca-file=/etc/kubernetes/pki/ca.crt", "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
		"--cluster-signing-key-file=/etc/kubernetes/pki/ca.key", "--kubeconfig=/etc/kubernetes/controller-manager.conf",
		"--leader-elect=true", "--root-ca-file=/etc/kubernetes/pki/ca.crt", "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
		"--use-service-account-credentials=true"},
	"kube-scheduler": {"--authentication-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
		"--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"},
	"etcd": {"--advertise-client-urls=https://192.168.1.10:2379", "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
		"--client-cert-auth=true", "--data-dir=/var/lib/etcd", "--key-file=/etc/kubernetes/pki/etcd/server.key",
		"--listen-client-urls=https://127.0.0.1:2379,https://192.168.1.10:2379", "--name=cp1",
		"--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-client-cert-auth=true",
		"--peer-key-file=/etc/kubernetes/pki/etcd/peer.key", "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
		"--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"},
}

// KubeletArgv is the running kubelet's command line that kubeadm's drop-in
// produces.
var KubeletArgv = []string{"/usr/bin/kubelet", "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
	"--kubeconfig=/etc/kubernetes/kubelet.conf", "--config=/var/lib/kubelet/config.yaml",
	"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock", "--pod-infra-container-image=registry.k8s.io/pause:3.10"}

// KubeletConfig is kubeadm's kubelet config file.
const KubeletConfig = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
rotateCertificates: true
staticPodPath: /etc/kubernetes/manifests
`

// kubeadmDropIn is kubeadm's 10-kubeadm.conf.
const kubeadmDropIn = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`

// Kubeadm builds a kubeadm control-plane node with every file mode and
// owner as the CIS Benchmark wants (600 root:root and so on): static pods,
// kubeconfigs, PKI signed by two CAs, the kubelet's unit, drop-in and
// config, etcd's data directory, a CNI config, the node's passwd and
// group (with an etcd user), and a running kubelet in /proc.
func Kubeadm(t testing.TB) *Tree {
	t.Helper()
	tr := &Tree{Root: t.TempDir(), t: t, CA: NewCA(t, "kubernetes"), EtcdCA: NewCA(t, "etcd-ca")}
	tr.Write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\netcd:x:998:998::/var/lib/etcd:/usr/sbin/nologin\n", 0o644)
	tr.Write("/etc/group", "root:x:0:\ndaemon:x:1:\netcd:x:998:\n", 0o644)
	tr.Write("/etc/hostname", "cp1\n", 0o644)
	for name, flags := range Flags {
		tr.StaticPod(name, flags...)
	}
	tr.pki()
	year := time.Now().Add(365 * 24 * time.Hour)
	tr.Kubeconfig("/etc/kubernetes/admin.conf", "kubernetes-admin", "kubernetes-admin", []string{"kubeadm:cluster-admins"}, year)
	tr.Kubeconfig("/etc/kubernetes/super-admin.conf", "kubernetes-super-admin", "kubernetes-super-admin", []string{"system:masters"}, year)
	tr.Kubeconfig("/etc/kubernetes/controller-manager.conf", "system:kube-controller-manager", "system:kube-controller-manager", nil, year)
	tr.Kubeconfig("/etc/kubernetes/scheduler.conf", "system:kube-scheduler", "system:kube-scheduler", nil, year)
	tr.Kubeconfig("/etc/kubernetes/kubelet.conf", "system:node:cp1", "system:node:cp1", []string{"system:nodes"}, year)
	tr.Write("/usr/lib/systemd/system/kubelet.service", "[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n", 0o600)
	tr.Write("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", kubeadmDropIn, 0o600)
	tr.Write("/var/lib/kubelet/kubeadm-flags.env", `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"`+"\n", 0o600)
	tr.Write("/var/lib/kubelet/config.yaml", KubeletConfig, 0o600)
	tr.Mkdir("/var/lib/etcd", 0o700)
	tr.Chown("/var/lib/etcd", 998, 998)
	tr.Write("/etc/cni/net.d/10-flannel.conflist", `{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel"}]}`, 0o600)
	tr.Proc(812, KubeletArgv...)
	return tr
}

// StaticPod writes a control-plane static pod running the component with
// the flags, mode 600.
func (tr *Tree) StaticPod(component string, flags ...string) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + component + "\n  namespace: kube-system\n  labels:\n    component: " + component +
		"\n    tier: control-plane\nspec:\n  hostNetwork: true\n  containers:\n  - name: " + component +
		"\n    image: registry.k8s.io/" + component + ":v1.34.2\n    command:\n    - " + component + "\n")
	for _, f := range flags {
		b.WriteString("    - " + f + "\n")
	}
	tr.Write("/etc/kubernetes/manifests/"+component+".yaml", b.String(), 0o600)
}

// pki writes kubeadm's PKI: the cluster, front-proxy and etcd CAs, the
// serving and client certificates, and the service account key pair.
func (tr *Tree) pki() {
	const p = "/etc/kubernetes/pki/"
	year := time.Now().Add(365 * 24 * time.Hour)
	tr.Write(p+"ca.crt", string(tr.CA.CertPEM), 0o644)
	tr.Write(p+"ca.key", string(tr.CA.KeyPEM), 0o600)
	tr.Write(p+"etcd/ca.crt", string(tr.EtcdCA.CertPEM), 0o644)
	tr.Write(p+"etcd/ca.key", string(tr.EtcdCA.KeyPEM), 0o600)
	proxyCA := NewCA(tr.t, "front-proxy-ca")
	tr.Write(p+"front-proxy-ca.crt", string(proxyCA.CertPEM), 0o644)
	tr.Write(p+"front-proxy-ca.key", string(proxyCA.KeyPEM), 0o600)
	tr.Cert(proxyCA, p+"front-proxy-client.crt", p+"front-proxy-client.key", "front-proxy-client", year)
	for _, c := range []string{"apiserver", "apiserver-kubelet-client"} {
		tr.Cert(tr.CA, p+c+".crt", p+c+".key", c, year)
	}
	tr.Cert(tr.EtcdCA, p+"apiserver-etcd-client.crt", p+"apiserver-etcd-client.key", "kube-apiserver-etcd-client", year)
	for _, c := range []string{"server", "peer", "healthcheck-client"} {
		tr.Cert(tr.EtcdCA, p+"etcd/"+c+".crt", p+"etcd/"+c+".key", "cp1", year)
	}
	tr.Write(p+"sa.key", string(tr.CA.KeyPEM), 0o600)
	tr.Write(p+"sa.pub", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", 0o600)
	tr.Chmod(p, 0o755)
}

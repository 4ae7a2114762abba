package controlplane

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node"
	"github.com/palisade-dev/palisade/internal/source/node/nodetest"
)

const encryptionConfig = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - identity: {}
`

const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- level: Metadata
`

const authnConfig = `apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt: []
`

// TestNodeTrees judges the control plane of kubeadm-like node trees:
// running processes winning over static pods, the config files their
// flags name, etcd's CA, and the expiry of every certificate.
func TestNodeTrees(t *testing.T) {
	day := 24 * time.Hour
	withFlags := func(extra ...string) []string {
		return append(append([]string{}, nodetest.Flags["kube-apiserver"]...), extra...)
	}
	for _, tc := range []struct {
		name  string
		setup func(tr *nodetest.Tree)
	}{
		{"kubeadm static pods", func(tr *nodetest.Tree) {}},
		{"running API server with config files", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/enc/enc.yaml", encryptionConfig, 0o600)
			tr.Write("/etc/kubernetes/audit/policy.yaml", auditPolicy, 0o600)
			tr.Proc(700, append([]string{"/usr/local/bin/kube-apiserver", "--anonymous-auth=false", "--encryption-provider-config=/etc/kubernetes/enc/enc.yaml",
				"--audit-policy-file=/etc/kubernetes/audit/policy.yaml"}, nodetest.Flags["kube-apiserver"]...)...)
		}},
		{"config files that cannot be read", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/audit/policy.yaml", auditPolicy[:40], 0o600)
			tr.StaticPod("kube-apiserver", withFlags("--encryption-provider-config=/etc/kubernetes/enc/missing.yaml", "--audit-policy-file=/etc/kubernetes/audit/policy.yaml")...)
		}},
		{"anonymous limited to health endpoints by the authentication config", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/authn.yaml", authnConfig+"anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /readyz\n", 0o600)
			tr.StaticPod("kube-apiserver", withFlags("--authentication-config=/etc/kubernetes/authn.yaml")...)
		}},
		{"anonymous open in the authentication config", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/authn.yaml", authnConfig+"anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /api\n", 0o600)
			tr.StaticPod("kube-apiserver", withFlags("--authentication-config=/etc/kubernetes/authn.yaml")...)
		}},
		{"authentication config without an anonymous section", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/authn.yaml", authnConfig, 0o600)
			tr.StaticPod("kube-apiserver", withFlags("--authentication-config=/etc/kubernetes/authn.yaml")...)
		}},
		{"etcd trusts the cluster CA", func(tr *nodetest.Tree) {
			tr.Write("/etc/kubernetes/pki/etcd/ca.crt", string(tr.CA.CertPEM), 0o644)
		}},
		{"etcd trusts the cluster CA file", func(tr *nodetest.Tree) {
			tr.StaticPod("etcd", append(nodetest.Flags["etcd"], "--trusted-ca-file=/etc/kubernetes/pki/ca.crt")...)
		}},
		{"expired and expiring certificates", func(tr *nodetest.Tree) {
			tr.Cert(tr.CA, "/etc/kubernetes/pki/apiserver.crt", "", "apiserver", time.Now().Add(-2*day))
			tr.Cert(tr.EtcdCA, "/etc/kubernetes/pki/etcd/server.crt", "", "cp1", time.Now().Add(10*day+time.Hour))
			tr.Kubeconfig("/etc/kubernetes/admin.conf", "kubernetes-admin", "kubernetes-admin", []string{"kubeadm:cluster-admins"}, time.Now().Add(-time.Hour))
			tr.Write("/etc/kubernetes/pki/front-proxy-ca.crt", "not a certificate", 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := nodetest.Kubeadm(t)
			tc.setup(tr)
			inv := node.Load(node.Options{Root: tr.Root})
			checktest.Golden(t, "testdata/node/"+nodetest.FileName(tc.name)+".golden", nodeResults(inv))
		})
	}
}

var date = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// nodeResults renders every non-passing result, and the passes of the
// checks that read node files; dates vary from run to run.
func nodeResults(inv *inventory.Inventory) string {
	var lines []string
	for _, c := range Checks() {
		for _, l := range checktest.Results(c, inv, nil) {
			if strings.HasPrefix(l, "pass") && !nodeOnly[c.ID] && !strings.Contains(c.ID, "encryption") && !strings.Contains(c.ID, "audit-policy") {
				continue
			}
			lines = append(lines, c.ID+": "+date.ReplaceAllString(l, "DATE"))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestAnonymousOffInAuthenticationConfig: the remediation of
// apiserver-anonymous-auth (anonymous limited to health endpoints in the
// AuthenticationConfiguration, with no --anonymous-auth) passes it.
func TestAnonymousOffInAuthenticationConfig(t *testing.T) {
	for name, anonymous := range map[string]string{
		"off":         "anonymous:\n  enabled: false\n",
		"health only": "anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /readyz\n  - path: /healthz\n",
	} {
		t.Run(name, func(t *testing.T) {
			tr := nodetest.Kubeadm(t)
			tr.Write("/etc/kubernetes/authn.yaml", authnConfig+anonymous, 0o600)
			tr.StaticPod("kube-apiserver", append(nodetest.Flags["kube-apiserver"], "--authentication-config=/etc/kubernetes/authn.yaml")...)
			inv := node.Load(node.Options{Root: tr.Root})
			for _, c := range Checks() {
				if c.ID != "apiserver-anonymous-auth" {
					continue
				}
				got := checktest.Results(c, inv, nil)
				if len(got) != 1 || !strings.HasPrefix(got[0], "pass AuthenticationConfiguration//") {
					t.Errorf("want one pass on the AuthenticationConfiguration, got %q", got)
				}
			}
		})
	}
}

package controlplane

import (
	"fmt"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// etcdCACheck is CIS 2.7: etcd trusts its own CA, not the cluster's, so a
// client certificate the cluster CA signs (every kubelet's, every user's)
// does not open etcd.
func etcdCACheck() *check.Check {
	m := check.Meta{ID: "etcd-distinct-ca", Title: "etcd trusts a CA of its own", Severity: check.Medium, Category: "control-plane",
		Rationale:   "If etcd trusts the cluster CA, any client certificate the cluster CA signs (kubelets', users') is accepted by etcd, which holds every secret of the cluster.",
		Remediation: "Give etcd its own CA (kubeadm's /etc/kubernetes/pki/etcd/ca.crt) for --trusted-ca-file, distinct from the API server's --client-ca-file.",
		Frameworks:  map[string][]string{check.CIS: {"2.7"}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		apis := Named(inv, APIServer)
		for _, e := range Named(inv, Etcd) {
			trusted, ok := e.Flag("trusted-ca-file")
			if !ok || trusted.Value == "" || e.Unreadable != "" {
				continue // etcd-client-cert-auth reports etcd without a trusted CA
			}
			for _, a := range apis {
				if client, ok := a.Flag("client-ca-file"); ok && client.Value != "" {
					report(judgeDistinctCA(inv, e, trusted, client.Value))
				}
			}
		}
	}}
}

func judgeDistinctCA(inv *inventory.Inventory, e *Component, trusted FlagValue, clientCA string) check.Result {
	res := check.Result{Object: e.Object, Path: trusted.Path}
	if trusted.Value == clientCA {
		res.Status, res.Message = check.Fail, fmt.Sprintf("--trusted-ca-file=%s is the API server's --client-ca-file: every certificate the cluster CA signs opens etcd", trusted.Value)
		return res
	}
	a, b := fingerprint(inv, trusted.Value), fingerprint(inv, clientCA)
	switch {
	case a == "" || b == "":
		res.Status = check.NotChecked
		res.Message = fmt.Sprintf("--trusted-ca-file=%s differs from the API server's --client-ca-file=%s, but the certificates were not read to compare them (palisade node reads them)", trusted.Value, clientCA)
	case a == b:
		res.Status, res.Message = check.Fail, fmt.Sprintf("--trusted-ca-file=%s holds the same certificate as the API server's --client-ca-file=%s", trusted.Value, clientCA)
	default:
		res.Status, res.Message = check.Pass, fmt.Sprintf("--trusted-ca-file=%s is a different CA from the API server's --client-ca-file=%s", trusted.Value, clientCA)
	}
	return res
}

// fingerprint returns the SHA-256 of the first certificate of a file, or "".
func fingerprint(inv *inventory.Inventory, path string) string {
	if o := inv.Get(facts.KindCertificate, "", path); o != nil {
		if c, ok := o.Typed.(*facts.Certificate); ok {
			return c.SHA256
		}
	}
	return ""
}

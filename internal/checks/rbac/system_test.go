package rbac

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
)

// The cluster's own bindings (system:*, kubeadm:*) are judged only when
// asked for; the defaults a file scan adds never are.
func TestSystemRBACOptIn(t *testing.T) {
	const doc = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "kubeadm:cluster-admins"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "kubeadm:cluster-admins"}]
`
	inv := checktest.Decode(t, "crb.yaml", []byte(doc))
	run := func(opts *check.Options) (kubeadm, defaults int) {
		clusterAdmin.Run(inv, opts, func(r check.Result) {
			if r.Status != check.Fail && r.Status != "" { // "" is a failure (the engine fills it in)
				return
			}
			if r.Object != nil && r.Object.Name == "kubeadm:cluster-admins" {
				kubeadm++
			} else {
				defaults++
			}
		})
		return kubeadm, defaults
	}
	if k, d := run(&check.Options{}); k != 0 || d != 0 {
		t.Errorf("by default the cluster's own bindings are not findings: %d kubeadm, %d defaults", k, d)
	}
	if k, d := run(&check.Options{SystemRBAC: true}); k != 1 || d != 0 {
		t.Errorf("with SystemRBAC the kubeadm binding is judged and the added defaults are not: %d kubeadm, %d defaults", k, d)
	}
}

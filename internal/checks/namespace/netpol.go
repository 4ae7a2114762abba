package namespace

import (
	"slices"
	"strconv"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
)

// networkPolicy fails namespaces with workloads and no NetworkPolicy.
// Cilium and Calico policies in the scan count for their namespace; when
// the cluster serves them (they are not listed yet) or a cluster-wide one
// (or an AdminNetworkPolicy) is in the scan, a namespace without a policy
// is not checked, never failed or passed. netpol finds them, for this
// check and the workload-level ones alike.
var networkPolicy = namespaceCheck(check.Meta{
	ID:          "namespace-network-policy",
	Title:       "Namespace without NetworkPolicy",
	Severity:    check.Medium,
	Rationale:   "Pods in a namespace with no NetworkPolicy accept traffic from every pod in the cluster and may connect anywhere, so one compromised pod can reach every service.",
	Remediation: "Add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) to the namespace and allow the traffic each workload needs.",
	Frameworks:  map[string][]string{check.CIS: {"5.3.2"}, check.NSA: {"network-separation"}, check.MITRE: {"T1046"}},
}, "metadata.name", judgeNetworkPolicy)

func judgeNetworkPolicy(inv *inventory.Inventory, s *space) (check.Status, string) {
	if !slices.ContainsFunc(s.Workloads, func(pt *inventory.PodTemplate) bool { return !pt.Spec.HostNetwork }) {
		return check.NotApplicable, "every workload in " + s.describe() + " uses the node's network (hostNetwork), which NetworkPolicy does not govern"
	}
	if k8s := s.objects[k8sNetworkPolicy]; len(k8s) > 0 {
		return check.Pass, count(len(k8s), "NetworkPolicy", "NetworkPolicies") + ": " + names(k8s)
	}
	others := netpol.OtherPoliciesOf(inv)
	if cni := others.Namespaced[s.Name]; len(cni) > 0 {
		return check.Pass, "CNI network policies: " + netpol.Describe(cni)
	}
	if why := unread(inv, s.Name, "networkpolicies.networking.k8s.io"); why != "" {
		return check.NotChecked, "no NetworkPolicy seen in " + s.describe() + ", but " + why
	}
	if why := others.Unevaluated; why != "" {
		return check.NotChecked, "no Kubernetes NetworkPolicy in " + s.describe() + ", but " + why
	}
	return check.Fail, s.describe() + " has workloads and no NetworkPolicy: its pods accept traffic from every pod in the cluster"
}

// count renders "1 NetworkPolicy" or "3 NetworkPolicies".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

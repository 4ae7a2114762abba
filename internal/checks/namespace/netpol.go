package namespace

import (
	"slices"
	"strconv"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
)

// networkPolicy fails namespaces with workloads and no NetworkPolicy the
// API server accepts (netpol's model holds those). Cilium and Calico policies in the scan count for their namespace; when
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
	m := netpol.Of(inv)
	if ns := m.Namespace(s.Name); ns != nil && len(ns.Policies) > 0 {
		objs := make([]*inventory.Object, 0, len(ns.Policies))
		for _, p := range ns.Policies {
			objs = append(objs, p.Object)
		}
		return check.Pass, count(len(objs), "NetworkPolicy", "NetworkPolicies") + ": " + names(objs)
	}
	if cni := m.Others.Namespaced[s.Name]; len(cni) > 0 {
		return check.Pass, "CNI network policies: " + netpol.Describe(cni)
	}
	if why := m.PoliciesUnread(s.Name); why != "" {
		return check.NotChecked, "no NetworkPolicy seen in " + s.describe() + ", but " + why
	}
	if why := m.Others.Unevaluated; why != "" {
		return check.NotChecked, "no Kubernetes NetworkPolicy in " + s.describe() + ", but " + why
	}
	return check.Fail, s.describe() + " has workloads and no NetworkPolicy" + rejected(m, s.Name) + ": its pods accept traffic from every pod in the cluster"
}

// rejected names the namespace's NetworkPolicies the API server would
// reject (they isolate nothing), as a note, or returns "".
func rejected(m *netpol.Model, ns string) string {
	var objs []*inventory.Object
	for _, p := range m.Problems {
		if p.Object.Namespace == ns {
			objs = append(objs, p.Object)
		}
	}
	if len(objs) == 0 {
		return ""
	}
	return " the API server accepts (" + names(objs) + " would be rejected, see network-policy-invalid)"
}

// count renders "1 NetworkPolicy" or "3 NetworkPolicies".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

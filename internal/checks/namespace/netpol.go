package namespace

import (
	"slices"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// networkPolicy fails namespaces with workloads and no NetworkPolicy.
// Cilium and Calico policies in the scan count for their namespace; when
// the cluster serves them (they are not listed yet) or a cluster-wide one
// is in the scan, a namespace without a policy is not checked, never
// failed or passed.
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
	var cni []string
	for _, gk := range []groupKind{ciliumNetworkPolicy, calicoNetworkPolicy, calicoV3Policy} {
		for _, o := range s.objects[gk] {
			cni = append(cni, o.Kind+" "+o.Name+" ("+o.APIVersion+")")
		}
	}
	if len(cni) > 0 {
		return check.Pass, "CNI network policies: " + strings.Join(cni, ", ")
	}
	if why := unread(inv, s.Name, "networkpolicies.networking.k8s.io"); why != "" {
		return check.NotChecked, "no NetworkPolicy seen in " + s.describe() + ", but " + why
	}
	if cni := spacesOf(inv).cni; cni != "" {
		return check.NotChecked, "no Kubernetes NetworkPolicy in " + s.describe() + ", but " + cni
	}
	return check.Fail, s.describe() + " has workloads and no NetworkPolicy: its pods accept traffic from every pod in the cluster"
}

// clusterwidePolicies are the CNI policy kinds that are not namespaced
// and may select pods of any namespace.
var clusterwidePolicies = []groupKind{
	{"cilium.io", "CiliumClusterwideNetworkPolicy"},
	{"crd.projectcalico.org", "GlobalNetworkPolicy"},
	{"projectcalico.org", "GlobalNetworkPolicy"},
}

// cniPolicyResources are the CNI policy resources a cluster may serve, by
// group version, and the CNI they belong to.
var cniPolicyResources = []struct{ cni, groupVersion, resource string }{
	{"Cilium", "cilium.io/v2", "ciliumnetworkpolicies"},
	{"Cilium", "cilium.io/v2", "ciliumclusterwidenetworkpolicies"},
	{"Calico", "crd.projectcalico.org/v1", "networkpolicies"},
	{"Calico", "crd.projectcalico.org/v1", "globalnetworkpolicies"},
	{"Calico", "projectcalico.org/v3", "networkpolicies"},
	{"Calico", "projectcalico.org/v3", "globalnetworkpolicies"},
}

// unreadCNIPolicies describes CNI policies that may apply to a namespace
// but are not read, or returns "": a cluster-wide CNI policy in the scan
// (its selectors are not evaluated), or CNI policy resources the cluster
// serves (Palisade does not list them yet).
func unreadCNIPolicies(inv *inventory.Inventory) string {
	for _, gk := range clusterwidePolicies {
		for _, o := range inv.ByKind(gk.kind) {
			if apiGroup(o.APIVersion) == gk.group {
				return gk.kind + " " + o.Name + " is in the scan and may select its pods (its selectors are not evaluated)"
			}
		}
	}
	if inv.Cluster == nil {
		return ""
	}
	for _, r := range cniPolicyResources {
		if slices.Contains(inv.Cluster.Resources[r.groupVersion], r.resource) {
			return "the cluster serves " + r.cni + " policies (" + r.groupVersion + " " + r.resource + "), which are not read yet"
		}
	}
	return ""
}

// count renders "1 NetworkPolicy" or "3 NetworkPolicies".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

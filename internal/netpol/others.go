package netpol

import (
	"slices"
	"strings"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// OtherKind is a network policy kind Palisade counts but does not evaluate:
// Cilium and Calico policies and the AdminNetworkPolicy API.
type OtherKind struct {
	Group, Kind string
	// Namespaced kinds apply to their namespace; the others may select
	// pods of any namespace.
	Namespaced bool
}

// OtherKinds are the policy kinds that count as coverage and make the
// traffic they may govern "not evaluated".
var OtherKinds = []OtherKind{
	{"cilium.io", "CiliumNetworkPolicy", true},
	{"crd.projectcalico.org", "NetworkPolicy", true},
	{"projectcalico.org", "NetworkPolicy", true},
	{"cilium.io", "CiliumClusterwideNetworkPolicy", false},
	{"crd.projectcalico.org", "GlobalNetworkPolicy", false},
	{"projectcalico.org", "GlobalNetworkPolicy", false},
	{"policy.networking.k8s.io", "AdminNetworkPolicy", false},
	{"policy.networking.k8s.io", "BaselineAdminNetworkPolicy", false},
}

// servedPolicyResources are the resources of OtherKinds a cluster may serve,
// by group version, and whose policies they are.
var servedPolicyResources = []struct{ owner, groupVersion, resource string }{
	{"Cilium", "cilium.io/v2", "ciliumnetworkpolicies"},
	{"Cilium", "cilium.io/v2", "ciliumclusterwidenetworkpolicies"},
	{"Calico", "crd.projectcalico.org/v1", "networkpolicies"},
	{"Calico", "crd.projectcalico.org/v1", "globalnetworkpolicies"},
	{"Calico", "projectcalico.org/v3", "networkpolicies"},
	{"Calico", "projectcalico.org/v3", "globalnetworkpolicies"},
	{"AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "adminnetworkpolicies"},
	{"AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", "baselineadminnetworkpolicies"},
}

// OtherPolicies are the policies of OtherKinds in an inventory.
type OtherPolicies struct {
	// Namespaced are the namespaced ones by namespace.
	Namespaced map[string][]*inventory.Object
	// Unevaluated says why every pod may be governed by policies that are
	// not evaluated, or is "": a cluster-wide policy in the scan, or such
	// resources served by the cluster and not read (forbidden, say).
	Unevaluated string
}

type othersKey struct{}

// OtherPoliciesOf returns the policies of OtherKinds in inv, computed once
// per inventory.
func OtherPoliciesOf(inv *inventory.Inventory) *OtherPolicies {
	return inv.Derived(othersKey{}, func() any { return findOtherPolicies(inv) }).(*OtherPolicies)
}

// findOtherPolicies collects the Cilium, Calico and AdminNetworkPolicy
// objects of inv.
func findOtherPolicies(inv *inventory.Inventory) *OtherPolicies {
	out := &OtherPolicies{Namespaced: map[string][]*inventory.Object{}}
	for _, k := range OtherKinds {
		for _, o := range inv.ByKind(k.Kind) {
			if apiGroup(o.APIVersion) != k.Group {
				continue
			}
			if k.Namespaced {
				out.Namespaced[o.Namespace] = append(out.Namespaced[o.Namespace], o)
			} else if out.Unevaluated == "" {
				out.Unevaluated = k.Kind + " " + o.Name + " is in the scan and may select its pods (its selectors are not evaluated)"
			}
		}
	}
	if out.Unevaluated == "" && inv.Cluster != nil {
		for _, r := range servedPolicyResources {
			if slices.Contains(inv.Cluster.Resources[r.groupVersion], r.resource) && !slices.Contains(inv.Cluster.Read[r.groupVersion], r.resource) {
				out.Unevaluated = "the cluster serves " + r.owner + " policies (" + r.groupVersion + " " + r.resource + "), which could not be read (see coverage)"
				break
			}
		}
	}
	return out
}

// Governing says why the pods of namespace ns may be governed by policies
// that are not evaluated, or returns "".
func (o *OtherPolicies) Governing(ns string) string {
	if list := o.Namespaced[ns]; len(list) > 0 {
		return Describe(list) + " in namespace " + ns + " may govern its traffic (not evaluated)"
	}
	return o.Unevaluated
}

// Describe names objects for messages: "CiliumNetworkPolicy web (cilium.io/v2), ...".
func Describe(objs []*inventory.Object) string {
	parts := make([]string, 0, len(objs))
	for _, o := range objs {
		parts = append(parts, o.Kind+" "+o.Name+" ("+o.APIVersion+")")
	}
	return strings.Join(parts, ", ")
}

// apiGroup is the group of an apiVersion: "apps" of "apps/v1", "" of "v1".
func apiGroup(apiVersion string) string {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return ""
	}
	return group
}

package netpol

import (
	"strings"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Resources whose gaps change the network view, as a cluster scan's
// coverage names them.
const (
	policiesResource  = "networkpolicies.networking.k8s.io"
	servicesResource  = "services"
	ingressesResource = "ingresses.networking.k8s.io"
)

// resourceOfKind maps the kinds the model reads to their resources, for
// documents of those kinds that could not be decoded.
var resourceOfKind = map[groupKind]string{
	{"networking.k8s.io", "NetworkPolicy"}: policiesResource,
	{"", "Service"}:                        servicesResource,
	{"networking.k8s.io", "Ingress"}:       ingressesResource,
}

type groupKind struct{ group, kind string }

// gaps are what the scan did not read, by resource and namespace ("" for
// cluster-wide), each with why: LISTs a cluster scan could not make, and
// documents of the model's kinds that could not be decoded. Built once
// per model, so that asking per workload costs two map lookups.
type gaps map[string]map[string]string

func gapsOf(inv *inventory.Inventory) gaps {
	g := gaps{}
	for _, c := range inv.Coverage {
		res, ns, _ := strings.Cut(c.Resource, " in namespace ")
		g.add(res, ns, c.Resource+" could not be read ("+c.Status+")")
	}
	for gk, res := range resourceOfKind {
		for _, o := range inv.ByKind(gk.kind) {
			if o.Typed == nil && apiGroup(o.APIVersion) == gk.group {
				g.add(res, o.Namespace, gk.kind+" "+o.Namespace+"/"+o.Name+" could not be decoded (see errors)")
			}
		}
	}
	return g
}

// add records the first reason given for a resource in a namespace.
func (g gaps) add(resource, ns, why string) {
	if g[resource] == nil {
		g[resource] = map[string]string{}
	}
	if _, seen := g[resource][ns]; !seen {
		g[resource][ns] = why
	}
}

// in says why objects of resource in namespace ns may be missing, or "".
func (g gaps) in(resource, ns string) string {
	if why := g[resource][""]; why != "" {
		return why
	}
	return g[resource][ns]
}

// PoliciesUnread says why NetworkPolicies of namespace ns may be missing
// from the model (a LIST the scan could not make, a document that could
// not be decoded), or returns "".
func (m *Model) PoliciesUnread(ns string) string { return m.gaps.in(policiesResource, ns) }

// RoutesUnread says why Services or Ingresses of namespace ns, and so
// routes from outside to its workloads, may be missing, or returns "".
func (m *Model) RoutesUnread(ns string) string {
	if why := m.gaps.in(servicesResource, ns); why != "" {
		return why
	}
	return m.gaps.in(ingressesResource, ns)
}

// Unevaluated says why the traffic of namespace ns's pods may be governed
// by policies the model does not hold, or returns "": Cilium, Calico or
// admin policies, or NetworkPolicies that could not be read.
func (m *Model) Unevaluated(ns string) string {
	if why := m.Others.Governing(ns); why != "" {
		return why
	}
	if why := m.PoliciesUnread(ns); why != "" {
		return "NetworkPolicies that may select its pods are missing: " + why
	}
	return ""
}

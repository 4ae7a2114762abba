// Package network holds the checks on network exposure, over the netpol
// model: workloads no NetworkPolicy isolates, workloads the internet can
// reach, sensitive ports reachable cluster-wide or from outside, Ingresses
// without TLS, and policies the API server would reject. The
// namespace-level NetworkPolicy check (CIS 5.3.2) is in checks/namespace.
package network

import (
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
)

const category = "network"

// Checks returns every network check.
func Checks() []*check.Check {
	return []*check.Check{notIsolated, externalExposure, sensitivePort, ingressTLS, invalidPolicy, meshMTLS, plaintextService}
}

// networkCheck builds a check over the netpol model of the inventory.
func networkCheck(m check.Meta, run func(inv *inventory.Inventory, m *netpol.Model, report func(check.Result))) *check.Check {
	m.Category = category
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		run(inv, netpol.Of(inv), report)
	}}
}

var notIsolated = networkCheck(check.Meta{
	ID:          "network-workload-not-isolated",
	Title:       "Workload not isolated by any NetworkPolicy",
	Severity:    check.Medium,
	Rationale:   "A pod no NetworkPolicy selects for ingress accepts connections from every pod in the cluster, so one compromised pod anywhere can reach it.",
	Remediation: "Select the workload's pods with a NetworkPolicy (a namespace default-deny with podSelector: {} does it) and allow only the clients it needs.",
	Frameworks:  map[string][]string{check.CIS: {"5.3.2"}, check.NSA: {"network-policies", "network-separation"}, check.MITRE: {"T1046"}},
}, func(_ *inventory.Inventory, m *netpol.Model, report func(check.Result)) {
	for _, w := range m.Workloads {
		r := check.Result{Object: w.Object, Path: w.Template.MetaPath + ".labels"}
		switch why := m.Unevaluated(w.Namespace()); {
		case w.HostNetwork:
			r.Status, r.Path, r.Message = check.NotApplicable, w.Template.SpecPath+".hostNetwork", w.Describe()+" uses the node's network, which NetworkPolicy does not govern"
		case len(w.Ingress) > 0:
			r.Status, r.Message = check.Pass, w.Describe()+" is isolated for ingress by "+ids(w.Ingress)+egressNote(w)
		case why != "":
			r.Status, r.Message = check.NotChecked, "no NetworkPolicy selects "+w.Describe()+", but "+why
		default:
			r.Status, r.Message = check.Fail, "no NetworkPolicy selects "+w.Describe()+" for ingress: every pod in the cluster can connect to it"+egressNote(w)
		}
		report(r)
	}
})

func egressNote(w *netpol.Workload) string {
	if len(w.Egress) == 0 {
		return "; its egress is not restricted"
	}
	return "; egress restricted by " + ids(w.Egress)
}

func ids(ps []*netpol.Policy) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.ID())
	}
	return strings.Join(out, ", ")
}

var invalidPolicy = networkCheck(check.Meta{
	ID:          "network-policy-invalid",
	Title:       "NetworkPolicy the API server rejects",
	Severity:    check.Medium,
	Rationale:   "A NetworkPolicy with an invalid selector, peer, CIDR or port is refused when applied, so the isolation it was written for never exists.",
	Remediation: "Fix the field the finding names so the API server accepts the policy, and check that it applied.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}},
}, func(_ *inventory.Inventory, m *netpol.Model, report func(check.Result)) {
	for _, p := range m.Problems {
		report(check.Result{Object: p.Object, Path: p.Path, Message: "NetworkPolicy " + p.Object.Namespace + "/" + p.Object.Name + ": " + p.Message})
	}
	for _, p := range m.Policies {
		report(check.Result{Object: p.Object, Status: check.Pass, Path: "spec", Message: "NetworkPolicy " + p.ID() + " is valid"})
	}
})

package netpol

import "github.com/palisade-dev/palisade/internal/inventory"

// NamespaceCoverage says how far policies cover one namespace.
type NamespaceCoverage struct {
	Namespace *Namespace
	// Others are the Cilium and Calico policies of the namespace.
	Others []*inventory.Object
	// DefaultIngress and DefaultEgress are the policies that select every
	// pod of the namespace for that direction (default-deny, possibly
	// with allow rules), or empty.
	DefaultIngress, DefaultEgress []*Policy
	// Workloads counts the namespace's workloads, IngressIsolated and
	// EgressIsolated those a policy selects for that direction.
	Workloads, IngressIsolated, EgressIsolated int
}

// Coverage returns the coverage of every namespace, in model order.
func (m *Model) Coverage() []NamespaceCoverage {
	out := make([]NamespaceCoverage, 0, len(m.Namespaces))
	for _, ns := range m.Namespaces {
		c := NamespaceCoverage{Namespace: ns, Others: m.Others.Namespaced[ns.Name], Workloads: len(ns.Workloads)}
		for _, p := range ns.Policies {
			if p.Selector.Empty() && p.Ingress {
				c.DefaultIngress = append(c.DefaultIngress, p)
			}
			if p.Selector.Empty() && p.Egress {
				c.DefaultEgress = append(c.DefaultEgress, p)
			}
		}
		for _, w := range ns.Workloads {
			if len(w.Ingress) > 0 {
				c.IngressIsolated++
			}
			if len(w.Egress) > 0 {
				c.EgressIsolated++
			}
		}
		out = append(out, c)
	}
	return out
}

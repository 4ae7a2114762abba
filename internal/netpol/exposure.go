package netpol

import (
	"slices"
	"sync"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// RouteVerdict is a route with the destination's ingress decision for the
// traffic it brings.
type RouteVerdict struct {
	Route
	Side Side
}

// PortVerdict is one listening port with the ingress decision for it.
type PortVerdict struct {
	Port Port
	Side Side
}

// Exposure is what can reach one workload from outside the cluster and
// from any pod of the cluster.
type Exposure struct {
	Workload *Workload
	// Routes are the ways in from outside, each with its verdict.
	Routes []RouteVerdict
	// Ports are the ports the workload is known to listen on (declared
	// container ports and Service target ports), each with whether any
	// pod of any namespace may connect to it.
	Ports []PortVerdict
	// Unread, when set, says why routes may be missing: Services or
	// Ingresses of the namespace that could not be read.
	Unread string
}

// External is the widest verdict of the routes: allowed when one route
// lets the internet in, denied when every route is closed (or none
// exists) and every Service and Ingress was read, else not evaluated.
func (e *Exposure) External() Verdict {
	v := Denied
	for _, r := range e.Routes {
		v = widest(v, r.Side.Verdict)
	}
	if v == Denied && e.Unread != "" {
		return NotEvaluated
	}
	return v
}

// widest orders verdicts by how much they let in: allowed, partly, not
// evaluated, denied.
func widest(a, b Verdict) Verdict {
	for _, v := range []Verdict{Allowed, Partly, NotEvaluated} {
		if a == v || b == v {
			return v
		}
	}
	return Denied
}

type exposureCache struct {
	once sync.Once
	list []*Exposure
}

// Exposures returns the exposure of every workload, in model order,
// computed once per model.
func (m *Model) Exposures() []*Exposure {
	m.exposures.once.Do(func() { m.exposures.list = m.buildExposures() })
	return m.exposures.list
}

func (m *Model) buildExposures() []*Exposure {
	services := map[string]map[string]*corev1.Service{}
	svcObjects := map[*corev1.Service]int{}
	for _, o := range m.inv.ByKind("Service") {
		if s, ok := o.Typed.(*corev1.Service); ok {
			if services[o.Namespace] == nil {
				services[o.Namespace] = map[string]*corev1.Service{}
			}
			services[o.Namespace][o.Name] = s
			svcObjects[s] = o.Index
		}
	}
	sorted := map[string][]*corev1.Service{}
	for ns, byName := range services {
		sorted[ns] = sortedServices(byName, svcObjects)
	}
	ingresses := map[string][]*inventory.Object{}
	for _, o := range m.inv.ByKind("Ingress") {
		if _, ok := o.Typed.(*networkingv1.Ingress); ok {
			ingresses[o.Namespace] = append(ingresses[o.Namespace], o)
		}
	}
	out := make([]*Exposure, 0, len(m.Workloads))
	for _, w := range m.Workloads {
		var routes []Route
		var selecting []*corev1.Service
		for _, s := range sorted[w.Namespace()] {
			if selects(s, w) {
				selecting = append(selecting, s)
				routes = append(routes, serviceRoutes(m.inv.Objects[svcObjects[s]], s, w)...)
			}
		}
		for _, o := range ingresses[w.Namespace()] {
			routes = append(routes, ingressRoutes(o, o.Typed.(*networkingv1.Ingress), services[o.Namespace], w)...)
		}
		routes = append(routes, hostRoutes(w)...)
		e := &Exposure{Workload: w, Unread: m.RoutesUnread(w.Namespace())}
		for _, r := range routes {
			e.Routes = append(e.Routes, RouteVerdict{Route: r, Side: m.routeSide(w, r)})
		}
		for _, p := range listening(w, selecting) {
			e.Ports = append(e.Ports, PortVerdict{Port: p, Side: m.podsSide(w, p, true)})
		}
		out = append(out, e)
	}
	return out
}

func sortedServices(byName map[string]*corev1.Service, index map[*corev1.Service]int) []*corev1.Service {
	out := make([]*corev1.Service, 0, len(byName))
	for _, s := range byName {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *corev1.Service) int { return index[a] - index[b] })
	return out
}

// routeSide decides the workload's ingress for what a route brings.
func (m *Model) routeSide(w *Workload, r Route) Side {
	switch {
	case w.HostNetwork:
		return Side{Direction: Ingress, Verdict: Allowed, Reason: w.Describe() + " uses the node's network: NetworkPolicy does not apply, and it is reachable wherever the node is"}
	case r.Kind == IngressRoute:
		s := m.podsSide(w, r.Port, false)
		if s.Verdict == Allowed && len(s.Isolating) > 0 {
			s.Reason += " (the ingress controller's pods must be among them for the Ingress to work)"
		}
		return s
	case r.Sources.Empty():
		return Side{Direction: Ingress, Verdict: Denied, Reason: "the " + string(r.Kind) + " admits no public address (internal load balancer or private source ranges)"}
	}
	return m.side(Ingress, w, Endpoint{Addrs: r.Sources, Name: "the addresses the route admits"}, At(w), r.Port)
}

// podsSide decides w's ingress on port for pods in general: from any pod
// of any namespace (every), or from at least some pod (!every), as the
// pods of an ingress controller.
func (m *Model) podsSide(w *Workload, port Port, every bool) Side {
	s := Side{Direction: Ingress}
	switch {
	case w.HostNetwork:
		s.Verdict, s.Reason = Allowed, w.Describe()+" uses the node's network: NetworkPolicy does not apply"
		return s
	case m.Unevaluated(w.Namespace()) != "":
		s.Verdict, s.Reason = NotEvaluated, m.Unevaluated(w.Namespace())
		return s
	}
	if s.Isolating = w.Ingress; len(s.Isolating) == 0 {
		s.Verdict, s.Reason = Allowed, "no NetworkPolicy selects "+w.Describe()+" for ingress: it is not isolated"
		return s
	}
	var blocks []RuleRef
	for _, p := range s.Isolating {
		for _, r := range p.IngressRules {
			if all, _ := portMatch(r, port, At(w)); !all {
				continue
			}
			ref := RuleRef{Policy: p, Path: r.Path}
			if r.AllPeers || slices.ContainsFunc(r.Peers, func(pe Peer) bool { return pe.Block == nil && (!every || anyPod(pe)) }) {
				s.Allowing = append(s.Allowing, ref)
			} else if slices.ContainsFunc(r.Peers, func(pe Peer) bool { return pe.Block != nil }) {
				blocks = append(blocks, ref)
			}
		}
	}
	who := "any pod of any namespace"
	if !every {
		who = "some pods"
	}
	switch {
	case len(s.Allowing) > 0:
		s.Verdict, s.Reason = Allowed, who+" allowed by "+refs(s.Allowing)
	case len(blocks) > 0:
		s.Verdict, s.Allowing = NotEvaluated, blocks
		s.Reason = "only ipBlock peers may allow pods (" + refs(blocks) + "): whether a pod address falls in an ipBlock depends on the network plugin"
	default:
		s.Verdict, s.Reason = Denied, "isolated for ingress by "+policyIDs(s.Isolating)+"; no rule allows "+who+" on port "+port.String()
	}
	return s
}

// anyPod reports whether a selector peer admits every pod of every
// namespace: namespaceSelector {} and no or an empty podSelector.
func anyPod(pe Peer) bool {
	return pe.Namespaces != nil && pe.Namespaces.Empty() && (pe.Pods == nil || pe.Pods.Empty())
}

// listening are the ports w is known to listen on: its declared container
// ports and the target ports of the Services that select it.
func listening(w *Workload, selecting []*corev1.Service) []Port {
	var out []Port
	add := func(p Port) {
		if !slices.ContainsFunc(out, func(q Port) bool { return q.Number == p.Number && q.Protocol == p.Protocol }) {
			out = append(out, p)
		}
	}
	for _, p := range w.Ports {
		add(Port{Number: p.Number, Name: p.Name, Protocol: p.Protocol})
	}
	for _, s := range selecting {
		for _, sp := range s.Spec.Ports {
			if p, ok := targetPort(sp, w); ok {
				add(p)
			}
		}
	}
	slices.SortFunc(out, func(a, b Port) int { return int(a.Number) - int(b.Number) })
	return out
}

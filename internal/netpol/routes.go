package netpol

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// RouteKind is how traffic from outside the cluster reaches a workload.
type RouteKind string

// Kinds of route.
const (
	LoadBalancer RouteKind = "LoadBalancer Service"
	NodePort     RouteKind = "NodePort Service"
	ExternalIPs  RouteKind = "Service externalIPs"
	IngressRoute RouteKind = "Ingress"
	HostNetwork  RouteKind = "hostNetwork"
	HostPort     RouteKind = "hostPort"
)

// Route is one way in from outside the cluster.
type Route struct {
	Kind RouteKind
	// Via is the Service or Ingress (the workload itself for hostNetwork
	// and hostPort), Path the field of Via that opens the way.
	Via  *inventory.Object
	Path string
	// Port is the pod port the route delivers to (any port for hostNetwork).
	Port Port
	// Sources are the outside addresses the route lets in.
	Sources AddrSet
}

// Describe names the route for messages: "LoadBalancer Service shop/web port 443".
func (r Route) Describe() string {
	s := string(r.Kind)
	if r.Kind != HostNetwork && r.Kind != HostPort {
		s += " " + r.Via.Namespace + "/" + r.Via.Name
	}
	if !r.Port.Any() {
		s += " to port " + r.Port.String()
	}
	return s
}

// internalLBAnnotations mark LoadBalancers that cloud providers keep on
// the private network.
var internalLBAnnotations = map[string][]string{
	"service.beta.kubernetes.io/aws-load-balancer-internal":       {"true", "0.0.0.0/0"},
	"service.beta.kubernetes.io/aws-load-balancer-scheme":         {"internal"},
	"networking.gke.io/load-balancer-type":                        {"Internal"},
	"cloud.google.com/load-balancer-type":                         {"Internal"},
	"service.beta.kubernetes.io/azure-load-balancer-internal":     {"true"},
	"service.beta.kubernetes.io/oci-load-balancer-internal":       {"true"},
	"service.beta.kubernetes.io/openstack-internal-load-balancer": {"true"},
}

// serviceRoutes are the routes Service s opens to workload w.
func serviceRoutes(o *inventory.Object, s *corev1.Service, w *Workload) []Route {
	var out []Route
	for i, sp := range s.Spec.Ports {
		port, ok := targetPort(sp, w)
		if !ok {
			continue
		}
		pp := "spec.ports[" + strconv.Itoa(i) + "]"
		switch s.Spec.Type {
		case corev1.ServiceTypeLoadBalancer:
			// The node ports a LoadBalancer also allocates are not counted:
			// like a NodePort Service's, they reach the internet only where
			// nodes have public addresses, and the LoadBalancer is the
			// intended way in.
			out = append(out, Route{Kind: LoadBalancer, Via: o, Path: pp, Port: port, Sources: lbSources(o, s)})
		case corev1.ServiceTypeNodePort:
			out = append(out, Route{Kind: NodePort, Via: o, Path: pp, Port: port, Sources: Internet})
		}
		if len(s.Spec.ExternalIPs) > 0 {
			out = append(out, Route{Kind: ExternalIPs, Via: o, Path: "spec.externalIPs", Port: port, Sources: Internet})
		}
	}
	return out
}

// lbSources are the public addresses a LoadBalancer admits.
func lbSources(o *inventory.Object, s *corev1.Service) AddrSet {
	for k, vals := range internalLBAnnotations {
		for _, v := range vals {
			if o.Annotation(k) == v {
				return nil
			}
		}
	}
	if len(s.Spec.LoadBalancerSourceRanges) == 0 {
		return Internet
	}
	var src AddrSet
	for _, r := range s.Spec.LoadBalancerSourceRanges {
		set, err := ParseAddrSet(r)
		if err != nil {
			return Internet // the API server rejects it; the provider's default is open
		}
		src = src.Union(set)
	}
	return src.Intersect(Internet)
}

// targetPort is the pod port a Service port delivers to on w, or false
// when w does not declare the named target port.
func targetPort(sp corev1.ServicePort, w *Workload) (Port, bool) {
	p := Port{Protocol: sp.Protocol, Number: sp.Port}
	if p.Protocol == "" {
		p.Protocol = corev1.ProtocolTCP
	}
	switch {
	case sp.TargetPort.StrVal != "":
		p.Name, p.Number = sp.TargetPort.StrVal, w.NamedPort(sp.TargetPort.StrVal, p.Protocol)
		return p, p.Number != 0
	case sp.TargetPort.IntVal != 0:
		p.Number = sp.TargetPort.IntVal
	}
	return p, true
}

// selects reports whether a Service's selector picks w's pods. A Service
// without selector has its endpoints managed by hand: it selects none.
// The selector is a set of equalities (what labels.SelectorFromSet builds
// from it, and what the endpoints controller matches), checked directly:
// building a Selector per pair was a tenth of a scan's check time.
func selects(s *corev1.Service, w *Workload) bool {
	if len(s.Spec.Selector) == 0 {
		return false
	}
	for k, v := range s.Spec.Selector {
		if got, ok := w.Labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// Backends are the workloads of the scan whose pods Service s (of
// namespace ns) selects.
func (m *Model) Backends(ns string, s *corev1.Service) []*Workload {
	var out []*Workload
	for _, w := range m.workloadsIn(m.byNS[ns]) {
		if selects(s, w) {
			out = append(out, w)
		}
	}
	return out
}

// ingressBackends lists the Service backends of an Ingress with their
// field paths.
func ingressBackends(ing *networkingv1.Ingress) []struct {
	path string
	b    *networkingv1.IngressServiceBackend
} {
	type backend = struct {
		path string
		b    *networkingv1.IngressServiceBackend
	}
	var out []backend
	if d := ing.Spec.DefaultBackend; d != nil && d.Service != nil {
		out = append(out, backend{"spec.defaultBackend", d.Service})
	}
	for i, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for j, p := range r.HTTP.Paths {
			if p.Backend.Service != nil {
				out = append(out, backend{"spec.rules[" + strconv.Itoa(i) + "].http.paths[" + strconv.Itoa(j) + "].backend", p.Backend.Service})
			}
		}
	}
	return out
}

// ingressRoutes are the routes Ingress o opens to w through the Services
// of its namespace.
func ingressRoutes(o *inventory.Object, ing *networkingv1.Ingress, services map[string]*corev1.Service, w *Workload) []Route {
	var out []Route
	for _, be := range ingressBackends(ing) {
		s := services[be.b.Name]
		if s == nil || !selects(s, w) {
			continue
		}
		for _, sp := range s.Spec.Ports {
			if (be.b.Port.Name != "" && sp.Name != be.b.Port.Name) || (be.b.Port.Number != 0 && sp.Port != be.b.Port.Number) {
				continue
			}
			if port, ok := targetPort(sp, w); ok {
				out = append(out, Route{Kind: IngressRoute, Via: o, Path: be.path, Port: port, Sources: Internet})
			}
		}
	}
	return out
}

// hostRoutes are the routes of w's own pod spec: hostNetwork and hostPorts.
func hostRoutes(w *Workload) []Route {
	if w.HostNetwork {
		return []Route{{Kind: HostNetwork, Via: w.Object, Path: w.Template.SpecPath + ".hostNetwork", Sources: Internet}}
	}
	var out []Route
	for _, p := range w.Ports {
		if p.HostPort != 0 {
			out = append(out, Route{Kind: HostPort, Via: w.Object, Path: p.Path + ".hostPort",
				Port: Port{Number: p.Number, Name: p.Name, Protocol: p.Protocol}, Sources: Internet})
		}
	}
	return out
}

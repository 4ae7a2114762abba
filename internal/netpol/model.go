// Package netpol is Palisade's network view of an inventory: which pods
// NetworkPolicies isolate, whether one workload may reach another on a
// port (with the exact NetworkPolicy semantics of the API documentation),
// and what the internet can reach.
//
// Workloads are pod templates: pods owned by a controller are judged on
// the controller. Cilium, Calico and AdminNetworkPolicy objects count as
// coverage; traffic they may govern is "not evaluated", never guessed.
package netpol

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// NameLabel is the label the API server sets on every namespace.
const NameLabel = "kubernetes.io/metadata.name"

// Namespace is one namespace with its labels and policies.
type Namespace struct {
	Name string
	// Labels are the Namespace object's labels plus NameLabel; only
	// NameLabel when the scan has no Namespace object, whose other labels
	// are then unknown (a selector asking for them is not evaluated).
	Labels labels.Set
	// Object is the Namespace object, or nil.
	Object    *inventory.Object
	Policies  []*Policy
	Workloads []*Workload
}

// Workload is one pod template that runs pods.
type Workload struct {
	Template *inventory.PodTemplate
	Object   *inventory.Object
	// Labels are the pods' labels.
	Labels      labels.Set
	Ports       []ContainerPort
	HostNetwork bool
	// Ingress and Egress are the policies that select the pods for that
	// direction (empty: not isolated).
	Ingress, Egress []*Policy
}

// ContainerPort is one declared container port.
type ContainerPort struct {
	Name     string
	Number   int32
	Protocol corev1.Protocol
	HostPort int32
	// Path is the field path of the port, e.g.
	// "spec.template.spec.containers[0].ports[1]".
	Path string
}

// Namespace is the workload's namespace.
func (w *Workload) Namespace() string { return w.Object.Namespace }

// ID names the workload as "namespace/name" (with the kind when names
// repeat, see Model.Find).
func (w *Workload) ID() string { return w.Object.Namespace + "/" + w.Object.Name }

// Describe names the workload for messages: "Deployment shop/web".
func (w *Workload) Describe() string { return w.Object.Kind + " " + w.ID() }

// Policies returns the policies that select the workload for direction d.
func (w *Workload) Policies(d Direction) []*Policy {
	if d == Ingress {
		return w.Ingress
	}
	return w.Egress
}

// Model is the network view of one inventory.
type Model struct {
	Namespaces []*Namespace
	Workloads  []*Workload
	Policies   []*Policy
	// Problems are policies left out because the API would reject them.
	Problems []Problem
	Others   *OtherPolicies

	inv       *inventory.Inventory
	byNS      map[string]*Namespace
	gaps      gaps
	exposures exposureCache
	mesh      meshCache
}

type modelKey struct{}

// Of returns the model of inv, built once and shared by every check.
func Of(inv *inventory.Inventory) *Model {
	return inv.Derived(modelKey{}, func() any { return Build(inv) }).(*Model)
}

// Build builds the model of inv.
func Build(inv *inventory.Inventory) *Model {
	m := &Model{inv: inv, byNS: map[string]*Namespace{}, Others: OtherPoliciesOf(inv), gaps: gapsOf(inv)}
	for _, o := range inv.ByKind("Namespace") {
		if o.Typed != nil && apiGroup(o.APIVersion) == "" {
			ns := m.namespace(o.Name)
			ns.Object = o
			for k, v := range o.Meta.Labels {
				ns.Labels[k] = v
			}
			ns.Labels[NameLabel] = o.Name
		}
	}
	for _, o := range inv.ByKind("NetworkPolicy") {
		np, ok := o.Typed.(*networkingv1.NetworkPolicy)
		if !ok || apiGroup(o.APIVersion) != "networking.k8s.io" {
			continue
		}
		p, prob := compilePolicy(o, np)
		if prob != nil {
			m.Problems = append(m.Problems, *prob)
			continue
		}
		m.Policies = append(m.Policies, p)
		ns := m.namespace(p.Namespace)
		ns.Policies = append(ns.Policies, p)
	}
	for _, pt := range inv.PodTemplates {
		if !pt.RunsPods() {
			continue
		}
		w := newWorkload(pt)
		ns := m.namespace(w.Namespace())
		for _, p := range ns.Policies {
			if p.Selector.Matches(w.Labels) {
				if p.Ingress {
					w.Ingress = append(w.Ingress, p)
				}
				if p.Egress {
					w.Egress = append(w.Egress, p)
				}
			}
		}
		ns.Workloads = append(ns.Workloads, w)
		m.Workloads = append(m.Workloads, w)
	}
	return m
}

// namespace returns the namespace named name, adding it when new.
func (m *Model) namespace(name string) *Namespace {
	if ns := m.byNS[name]; ns != nil {
		return ns
	}
	ns := &Namespace{Name: name, Labels: labels.Set{}}
	if name != "" {
		ns.Labels[NameLabel] = name
	}
	m.byNS[name] = ns
	m.Namespaces = append(m.Namespaces, ns)
	return ns
}

// Namespace returns the namespace named name, or nil.
func (m *Model) Namespace(name string) *Namespace { return m.byNS[name] }

func newWorkload(pt *inventory.PodTemplate) *Workload {
	w := &Workload{Template: pt, Object: pt.Object, Labels: labels.Set(pt.Meta.Labels), HostNetwork: pt.Spec.HostNetwork}
	for _, c := range pt.Containers() {
		if c.Kind == inventory.Ephemeral {
			continue // ephemeral containers may not declare ports
		}
		for i, p := range c.Ports {
			proto := p.Protocol
			if proto == "" {
				proto = corev1.ProtocolTCP
			}
			w.Ports = append(w.Ports, ContainerPort{Name: p.Name, Number: p.ContainerPort, Protocol: proto,
				HostPort: p.HostPort, Path: c.Path + ".ports[" + strconv.Itoa(i) + "]"})
		}
	}
	return w
}

// NamedPort returns the number of the workload's port called name with
// protocol proto, or 0.
func (w *Workload) NamedPort(name string, proto corev1.Protocol) int32 {
	for _, p := range w.Ports {
		if p.Name == name && p.Protocol == proto {
			return p.Number
		}
	}
	return 0
}

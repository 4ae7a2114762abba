package netpol

import (
	"slices"

	"k8s.io/apimachinery/pkg/labels"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// MeshStatus says whether a workload is in a service mesh and whether the
// mesh requires mutual TLS for the traffic it receives.
type MeshStatus struct {
	// Mesh is "Istio", "Linkerd", or "" when the workload is not meshed.
	Mesh string
	// Strict is true when plain-text connections to the workload are refused.
	Strict bool
	// Unknown, when set, says why strictness could not be read.
	Unknown string
	// Reason says what decided.
	Reason string
}

// istioRootNamespace is where a PeerAuthentication without selector
// applies to the whole mesh (Istio's default meshConfig.rootNamespace).
const istioRootNamespace = "istio-system"

// MeshOf returns the mesh status of w.
func (m *Model) MeshOf(w *Workload) MeshStatus {
	ns := m.byNS[w.Namespace()]
	nsMeta := nsMeta(ns)
	switch {
	case istioInjected(nsMeta, w):
		return m.istioStatus(w)
	case linkerdInjected(nsMeta, w):
		policy := annotationOf(w.Template.Meta.Annotations, nsMeta.Annotations, "config.linkerd.io/default-inbound-policy")
		s := MeshStatus{Mesh: "Linkerd", Strict: slices.Contains([]string{"all-authenticated", "cluster-authenticated", "deny"}, policy)}
		if policy == "" {
			policy = "all-unauthenticated (the default)"
		}
		s.Reason = "Linkerd default inbound policy " + policy
		return s
	}
	return MeshStatus{Reason: "not injected with an Istio or Linkerd proxy"}
}

// MeshPresent names the meshes the scan shows signs of, or is empty.
func (m *Model) MeshPresent() []string {
	var out []string
	if len(m.inv.ByKind("PeerAuthentication")) > 0 || slices.ContainsFunc(m.Workloads, func(w *Workload) bool { return m.MeshOf(w).Mesh == "Istio" }) {
		out = append(out, "Istio")
	}
	if slices.ContainsFunc(m.Workloads, func(w *Workload) bool { return m.MeshOf(w).Mesh == "Linkerd" }) {
		out = append(out, "Linkerd")
	}
	return out
}

type meta struct{ Labels, Annotations map[string]string }

func nsMeta(ns *Namespace) meta {
	if ns == nil || ns.Object == nil || ns.Object.Meta == nil {
		return meta{}
	}
	return meta{ns.Object.Meta.Labels, ns.Object.Meta.Annotations}
}

// annotationOf is the pod's annotation, or else the namespace's.
func annotationOf(pod, ns map[string]string, key string) string {
	if v, ok := pod[key]; ok {
		return v
	}
	return ns[key]
}

func istioInjected(ns meta, w *Workload) bool {
	pod := w.Template.Meta
	if v := firstSet(pod.Labels["sidecar.istio.io/inject"], pod.Annotations["sidecar.istio.io/inject"]); v != "" {
		return v == "true"
	}
	return ns.Labels["istio-injection"] == "enabled" || (ns.Labels["istio-injection"] == "" && ns.Labels["istio.io/rev"] != "")
}

func linkerdInjected(ns meta, w *Workload) bool {
	v := annotationOf(w.Template.Meta.Annotations, ns.Annotations, "linkerd.io/inject")
	return v == "enabled" || v == "ingress"
}

func firstSet(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// istioStatus applies the PeerAuthentications: the workload's own (by
// selector) over the namespace's over the mesh's; UNSET inherits.
func (m *Model) istioStatus(w *Workload) MeshStatus {
	s := MeshStatus{Mesh: "Istio"}
	if c := m.inv.Cluster; c != nil && slices.Contains(c.Resources["security.istio.io/v1"], "peerauthentications") &&
		!slices.Contains(c.Read["security.istio.io/v1"], "peerauthentications") {
		s.Unknown = "the cluster serves Istio PeerAuthentications (security.istio.io/v1), which could not be read (see coverage)"
		return s
	}
	var workload, namespace, mesh *inventory.Object
	for _, o := range m.inv.ByKind("PeerAuthentication") {
		if apiGroup(o.APIVersion) != "security.istio.io" || (o.Namespace != w.Namespace() && o.Namespace != istioRootNamespace) {
			continue
		}
		spec := peerAuthSpec(o)
		if spec == nil {
			s.Unknown = "PeerAuthentication " + o.Namespace + "/" + o.Name + " has no source text to read"
			return s
		}
		switch {
		case spec.selector != nil && o.Namespace == w.Namespace():
			if workload == nil && spec.selector.Matches(w.Labels) {
				workload = o
			}
		case spec.selector == nil && o.Namespace == w.Namespace():
			namespace = firstObj(namespace, o)
		case spec.selector == nil:
			mesh = firstObj(mesh, o)
		}
	}
	for _, o := range []*inventory.Object{workload, namespace, mesh} {
		if o == nil {
			continue
		}
		if mode := peerAuthSpec(o).mode; mode != "" && mode != "UNSET" {
			s.Strict, s.Reason = mode == "STRICT", "PeerAuthentication "+o.Namespace+"/"+o.Name+" sets mode "+mode
			return s
		}
	}
	s.Reason = "no PeerAuthentication sets a mode: Istio's default is PERMISSIVE (plain text accepted)"
	return s
}

func firstObj(cur, o *inventory.Object) *inventory.Object {
	if cur != nil {
		return cur
	}
	return o
}

type peerAuth struct {
	selector labels.Selector
	mode     string
}

// peerAuthSpec reads a PeerAuthentication's selector and mode from its
// source text (Palisade has no typed Istio objects), or returns nil.
func peerAuthSpec(o *inventory.Object) *peerAuth {
	root := o.Tree()
	if root == nil {
		return nil
	}
	spec := root.Get("spec")
	p := &peerAuth{mode: spec.Get("mtls").String("mode")}
	if sel := spec.Get("selector").Get("matchLabels"); sel != nil {
		ml := map[string]string{}
		if err := sel.Decode(&ml); err != nil {
			return nil
		}
		p.selector = labels.SelectorFromSet(ml)
	}
	return p
}

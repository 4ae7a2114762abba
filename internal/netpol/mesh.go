package netpol

import (
	"cmp"
	"slices"
	"sync"

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
	pas := m.peerAuths()
	if pas.unread != "" {
		s.Unknown = pas.unread
		return s
	}
	var workload, namespace, mesh *peerAuth
	for _, ns := range []string{w.Namespace(), istioRootNamespace} {
		for _, p := range pas.byNS[ns] {
			switch {
			case p.unreadable:
				s.Unknown = "PeerAuthentication " + p.obj.Namespace + "/" + p.obj.Name + " has no readable spec"
				return s
			case p.selector != nil && ns == w.Namespace():
				if workload == nil && p.selector.Matches(w.Labels) {
					workload = p
				}
			case p.selector == nil && ns == w.Namespace():
				namespace = cmp.Or(namespace, p)
			case p.selector == nil:
				mesh = cmp.Or(mesh, p)
			}
		}
		if ns == istioRootNamespace {
			break
		}
	}
	for _, p := range []*peerAuth{workload, namespace, mesh} {
		if p != nil && p.mode != "" && p.mode != "UNSET" {
			s.Strict, s.Reason = p.mode == "STRICT", "PeerAuthentication "+p.obj.Namespace+"/"+p.obj.Name+" sets mode "+p.mode
			return s
		}
	}
	s.Reason = "no PeerAuthentication sets a mode: Istio's default is PERMISSIVE (plain text accepted)"
	return s
}

// peerAuths are the scan's Istio PeerAuthentications, read once per model.
type peerAuths struct {
	// byNS are the PeerAuthentications by namespace, in inventory order.
	byNS map[string][]*peerAuth
	// unread says why the cluster's PeerAuthentications are unknown, or is "".
	unread string
}

type meshCache struct {
	once sync.Once
	pas  peerAuths
}

type peerAuth struct {
	obj      *inventory.Object
	selector labels.Selector
	mode     string
	// unreadable: the spec could not be read from the source text.
	unreadable bool
}

func (m *Model) peerAuths() *peerAuths {
	m.mesh.once.Do(func() {
		pas := peerAuths{byNS: map[string][]*peerAuth{}}
		if c := m.inv.Cluster; c != nil && slices.Contains(c.Resources["security.istio.io/v1"], "peerauthentications") &&
			!slices.Contains(c.Read["security.istio.io/v1"], "peerauthentications") {
			pas.unread = "the cluster serves Istio PeerAuthentications (security.istio.io/v1), which could not be read (see coverage)"
		}
		for _, o := range m.inv.ByKind("PeerAuthentication") {
			if apiGroup(o.APIVersion) == "security.istio.io" {
				pas.byNS[o.Namespace] = append(pas.byNS[o.Namespace], readPeerAuth(o))
			}
		}
		m.mesh.pas = pas
	})
	return &m.mesh.pas
}

// readPeerAuth reads a PeerAuthentication's selector and mode from its
// source text (Palisade has no typed Istio objects).
func readPeerAuth(o *inventory.Object) *peerAuth {
	p := &peerAuth{obj: o}
	root := o.Tree()
	if root == nil {
		p.unreadable = true
		return p
	}
	spec := root.Get("spec")
	p.mode = spec.Get("mtls").String("mode")
	if sel := spec.Get("selector").Get("matchLabels"); sel != nil {
		ml := map[string]string{}
		if err := sel.Decode(&ml); err != nil {
			p.unreadable = true
			return p
		}
		p.selector = labels.SelectorFromSet(ml)
	}
	return p
}

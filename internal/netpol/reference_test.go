package netpol_test

import (
	"net/netip"
	"slices"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// This file is the reference evaluator: a deliberately simple reading of
// the NetworkPolicy API documentation, pod pair by pod pair, sharing no
// code with the engine (not even its label selector library). It answers
// "yes", "no" or "unknown" (an ipBlock that may or may not hold a pod's
// address: the API leaves that to the network plugin).

type refPod struct {
	ns, name string
	labels   map[string]string
	ports    []corev1.ContainerPort
}

type refWorld struct {
	nsLabels map[string]map[string]string
	policies []*networkingv1.NetworkPolicy
}

// refEnd is a pod or an IP address.
type refEnd struct {
	pod *refPod
	ip  string
}

// refReach: traffic flows when the source's egress and the destination's
// ingress both allow it.
func (w *refWorld) refReach(src, dst refEnd, port int32, proto corev1.Protocol) string {
	out := "yes"
	if src.pod != nil {
		out = refAnd(out, w.refAllowed(src.pod, dst, dst, port, proto, true))
	}
	if dst.pod != nil {
		out = refAnd(out, w.refAllowed(dst.pod, src, dst, port, proto, false))
	}
	return out
}

func refAnd(a, b string) string {
	if a == "no" || b == "no" {
		return "no"
	}
	if a == "unknown" || b == "unknown" {
		return "unknown"
	}
	return "yes"
}

// refAllowed: "If no NetworkPolicy selects a pod for a direction, all
// traffic in that direction is allowed. Otherwise only what at least one
// rule of one selecting policy allows."
func (w *refWorld) refAllowed(pod *refPod, peer, dst refEnd, port int32, proto corev1.Protocol, egress bool) string {
	selected := false
	answer := "no"
	for _, np := range w.policies {
		if np.Namespace != pod.ns || !refSelects(&np.Spec.PodSelector, pod.labels) || !refAffects(np, egress) {
			continue
		}
		selected = true
		for _, r := range refRules(np, egress) {
			if !refPortsOK(r.ports, dst, port, proto) {
				continue
			}
			if len(r.peers) == 0 {
				return "yes"
			}
			for _, p := range r.peers {
				switch v := refPeerOK(w, np.Namespace, p, peer); v {
				case "yes":
					return "yes"
				case "unknown":
					answer = "unknown"
				}
			}
		}
	}
	if !selected {
		return "yes"
	}
	return answer
}

// refAffects: "If no policyTypes are specified, Ingress is always set and
// Egress is set if the policy has any egress rules."
func refAffects(np *networkingv1.NetworkPolicy, egress bool) bool {
	want := networkingv1.PolicyTypeIngress
	if egress {
		want = networkingv1.PolicyTypeEgress
	}
	if len(np.Spec.PolicyTypes) == 0 {
		return !egress || len(np.Spec.Egress) > 0
	}
	return slices.Contains(np.Spec.PolicyTypes, want)
}

type refRule struct {
	ports []networkingv1.NetworkPolicyPort
	peers []networkingv1.NetworkPolicyPeer
}

func refRules(np *networkingv1.NetworkPolicy, egress bool) []refRule {
	var out []refRule
	if egress {
		for _, r := range np.Spec.Egress {
			out = append(out, refRule{r.Ports, r.To})
		}
		return out
	}
	for _, r := range np.Spec.Ingress {
		out = append(out, refRule{r.Ports, r.From})
	}
	return out
}

// refPeerOK: a peer with selectors selects pods (namespaceSelector absent:
// the policy's namespace; podSelector absent: every pod); an ipBlock
// selects addresses, and pods only by address.
func refPeerOK(w *refWorld, policyNS string, p networkingv1.NetworkPolicyPeer, peer refEnd) string {
	if p.IPBlock != nil {
		if peer.pod != nil {
			return "unknown"
		}
		if refInBlock(peer.ip, p.IPBlock) {
			return "yes"
		}
		return "no"
	}
	if peer.pod == nil {
		return "no"
	}
	nsOK := "no"
	if peer.pod.ns == policyNS {
		nsOK = "yes"
	}
	if p.NamespaceSelector != nil {
		nsOK = refNamespaceOK(w, p.NamespaceSelector, peer.pod.ns)
	}
	if nsOK == "no" || (p.PodSelector != nil && !refSelects(p.PodSelector, peer.pod.labels)) {
		return "no"
	}
	return nsOK
}

// refNamespaceOK: a namespace without a Namespace object has only its
// name label known; a selector asking for any other label is "unknown".
func refNamespaceOK(w *refWorld, s *metav1.LabelSelector, ns string) string {
	if l, ok := w.nsLabels[ns]; ok {
		return map[bool]string{true: "yes", false: "no"}[refSelects(s, l)]
	}
	name := map[string]string{"kubernetes.io/metadata.name": ns}
	byName, other := &metav1.LabelSelector{MatchLabels: map[string]string{}}, false
	for k, v := range s.MatchLabels {
		if k == "kubernetes.io/metadata.name" {
			byName.MatchLabels[k] = v
		} else {
			other = true
		}
	}
	for _, e := range s.MatchExpressions {
		if e.Key == "kubernetes.io/metadata.name" {
			byName.MatchExpressions = append(byName.MatchExpressions, e)
		} else {
			other = true
		}
	}
	switch {
	case !refSelects(byName, name):
		return "no"
	case other:
		return "unknown"
	}
	return "yes"
}

func refInBlock(ip string, b *networkingv1.IPBlock) bool {
	a := netip.MustParseAddr(ip)
	if !netip.MustParsePrefix(b.CIDR).Contains(a) {
		return false
	}
	for _, e := range b.Except {
		if netip.MustParsePrefix(e).Contains(a) {
			return false
		}
	}
	return true
}

// refPortsOK: no ports means every port; a port entry matches the
// protocol (TCP by default) and the number, the range up to endPort, or
// the destination container port of that name.
func refPortsOK(ports []networkingv1.NetworkPolicyPort, dst refEnd, port int32, proto corev1.Protocol) bool {
	if len(ports) == 0 {
		return true
	}
	for _, p := range ports {
		pp := corev1.ProtocolTCP
		if p.Protocol != nil {
			pp = *p.Protocol
		}
		if pp != proto {
			continue
		}
		if p.Port == nil {
			return true
		}
		if p.Port.Type == intstr.String {
			if dst.pod == nil {
				continue
			}
			for _, cp := range dst.pod.ports {
				cproto := cp.Protocol
				if cproto == "" {
					cproto = corev1.ProtocolTCP
				}
				if cp.Name == p.Port.StrVal && cproto == proto && cp.ContainerPort == port {
					return true
				}
			}
			continue
		}
		end := p.Port.IntVal
		if p.EndPort != nil {
			end = *p.EndPort
		}
		if p.Port.IntVal <= port && port <= end {
			return true
		}
	}
	return false
}

// refSelects implements matchLabels and matchExpressions by hand.
func refSelects(s *metav1.LabelSelector, l map[string]string) bool {
	for k, v := range s.MatchLabels {
		if got, ok := l[k]; !ok || got != v {
			return false
		}
	}
	for _, e := range s.MatchExpressions {
		v, ok := l[e.Key]
		switch e.Operator {
		case metav1.LabelSelectorOpIn:
			if !ok || !slices.Contains(e.Values, v) {
				return false
			}
		case metav1.LabelSelectorOpNotIn:
			if ok && slices.Contains(e.Values, v) {
				return false
			}
		case metav1.LabelSelectorOpExists:
			if !ok {
				return false
			}
		case metav1.LabelSelectorOpDoesNotExist:
			if ok {
				return false
			}
		}
	}
	return true
}

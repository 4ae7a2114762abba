package netpol

import (
	"fmt"
	"net/netip"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Direction is the direction a policy governs.
type Direction string

// Directions of traffic, as policyTypes names them.
const (
	Ingress Direction = "Ingress"
	Egress  Direction = "Egress"
)

// Policy is one Kubernetes NetworkPolicy, its selectors compiled.
type Policy struct {
	Object *inventory.Object
	// Namespace and Name identify the policy.
	Namespace, Name string
	// Selector selects the pods of Namespace the policy applies to.
	Selector labels.Selector
	// Ingress and Egress say which directions the policy isolates: its
	// policyTypes, or by default Ingress, and Egress when it has egress
	// rules.
	Ingress, Egress bool
	// IngressRules and EgressRules are the allow rules (ignored for a
	// direction the policy does not isolate).
	IngressRules, EgressRules []Rule
}

// ID names the policy as "namespace/name".
func (p *Policy) ID() string { return p.Namespace + "/" + p.Name }

// Rules returns the rules of direction d.
func (p *Policy) Rules(d Direction) []Rule {
	if d == Ingress {
		return p.IngressRules
	}
	return p.EgressRules
}

// Rule is one ingress or egress rule: traffic from or to any of Peers (all
// peers when AllPeers) on any of Ports (all ports when AllPorts) is allowed.
type Rule struct {
	// Path is the rule's field path, e.g. "spec.ingress[0]".
	Path     string
	AllPeers bool
	Peers    []Peer
	AllPorts bool
	Ports    []PortRule
}

// Peer is one entry of a rule's from or to list.
type Peer struct {
	// Namespaces selects the peer's namespaces; nil means the policy's own.
	Namespaces labels.Selector
	// Pods selects pods in those namespaces; nil means every pod.
	Pods labels.Selector
	// Block, when set, makes this an ipBlock peer (Namespaces and Pods nil).
	Block AddrSet
	// CIDR is the ipBlock as written, for messages.
	CIDR string
}

// PortRule is one entry of a rule's ports list.
type PortRule struct {
	Protocol corev1.Protocol
	// Any is true when no port is given: every port of Protocol.
	Any bool
	// Name is a named port, resolved against the destination's containers.
	Name string
	// From and To are a numeric port or range (To == From without endPort).
	From, To int32
}

// Problem is a policy the API server would reject: it is left out of the
// model, and reported.
type Problem struct {
	Object  *inventory.Object
	Path    string
	Message string
}

// compilePolicy turns a NetworkPolicy into a Policy, or returns the first
// reason the API server would reject it.
func compilePolicy(o *inventory.Object, np *networkingv1.NetworkPolicy) (*Policy, *Problem) {
	p := &Policy{Object: o, Namespace: o.Namespace, Name: o.Name}
	bad := func(path, format string, args ...any) (*Policy, *Problem) {
		return nil, &Problem{Object: o, Path: path, Message: fmt.Sprintf(format, args...)}
	}
	sel, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
	if err != nil {
		return bad("spec.podSelector", "invalid podSelector: %v", err)
	}
	p.Selector = sel
	p.Ingress, p.Egress = true, len(np.Spec.Egress) > 0
	if len(np.Spec.PolicyTypes) > 0 {
		p.Ingress, p.Egress = false, false
		for i, t := range np.Spec.PolicyTypes {
			switch t {
			case networkingv1.PolicyTypeIngress:
				p.Ingress = true
			case networkingv1.PolicyTypeEgress:
				p.Egress = true
			default:
				return bad("spec.policyTypes["+strconv.Itoa(i)+"]", "unknown policy type %q (Ingress or Egress)", t)
			}
		}
	}
	for i, r := range np.Spec.Ingress {
		rule, prob := compileRule(o, "spec.ingress["+strconv.Itoa(i)+"]", "from", r.From, r.Ports)
		if prob != nil {
			return nil, prob
		}
		p.IngressRules = append(p.IngressRules, rule)
	}
	for i, r := range np.Spec.Egress {
		rule, prob := compileRule(o, "spec.egress["+strconv.Itoa(i)+"]", "to", r.To, r.Ports)
		if prob != nil {
			return nil, prob
		}
		p.EgressRules = append(p.EgressRules, rule)
	}
	return p, nil
}

func compileRule(o *inventory.Object, path, peerField string, peers []networkingv1.NetworkPolicyPeer, ports []networkingv1.NetworkPolicyPort) (Rule, *Problem) {
	r := Rule{Path: path, AllPeers: len(peers) == 0, AllPorts: len(ports) == 0}
	for i := range peers {
		pp := path + "." + peerField + "[" + strconv.Itoa(i) + "]"
		peer, err := compilePeer(&peers[i])
		if err != nil {
			return r, &Problem{Object: o, Path: pp, Message: err.Error()}
		}
		r.Peers = append(r.Peers, peer)
	}
	for i := range ports {
		port, err := compilePort(&ports[i])
		if err != nil {
			return r, &Problem{Object: o, Path: path + ".ports[" + strconv.Itoa(i) + "]", Message: err.Error()}
		}
		r.Ports = append(r.Ports, port)
	}
	return r, nil
}

func compilePeer(in *networkingv1.NetworkPolicyPeer) (Peer, error) {
	var p Peer
	if in.IPBlock != nil {
		if in.PodSelector != nil || in.NamespaceSelector != nil {
			return p, fmt.Errorf("a peer sets ipBlock together with a selector; the API allows one or the other")
		}
		return compileBlock(in.IPBlock)
	}
	if in.PodSelector == nil && in.NamespaceSelector == nil {
		return p, fmt.Errorf("a peer sets none of podSelector, namespaceSelector and ipBlock")
	}
	var err error
	if in.NamespaceSelector != nil {
		if p.Namespaces, err = metav1.LabelSelectorAsSelector(in.NamespaceSelector); err != nil {
			return p, fmt.Errorf("invalid namespaceSelector: %w", err)
		}
	}
	if in.PodSelector != nil {
		if p.Pods, err = metav1.LabelSelectorAsSelector(in.PodSelector); err != nil {
			return p, fmt.Errorf("invalid podSelector: %w", err)
		}
	}
	return p, nil
}

func compileBlock(b *networkingv1.IPBlock) (Peer, error) {
	cidr, err := netip.ParsePrefix(b.CIDR)
	if err != nil {
		return Peer{}, fmt.Errorf("invalid ipBlock.cidr %q: %w", b.CIDR, err)
	}
	p := Peer{Block: prefixSet(cidr), CIDR: b.CIDR}
	for _, e := range b.Except {
		ex, err := netip.ParsePrefix(e)
		if err != nil {
			return Peer{}, fmt.Errorf("invalid ipBlock.except %q: %w", e, err)
		}
		if ex.Addr().Is4() != cidr.Addr().Is4() || ex.Bits() <= cidr.Bits() || !cidr.Contains(ex.Addr()) {
			return Peer{}, fmt.Errorf("ipBlock.except %q is not strictly inside cidr %q", e, b.CIDR)
		}
		p.Block = p.Block.Minus(prefixSet(ex))
		p.CIDR += " except " + e
	}
	return p, nil
}

func compilePort(in *networkingv1.NetworkPolicyPort) (PortRule, error) {
	p := PortRule{Protocol: corev1.ProtocolTCP}
	if in.Protocol != nil {
		p.Protocol = *in.Protocol
	}
	switch p.Protocol {
	case corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP:
	default:
		return p, fmt.Errorf("unknown protocol %q (TCP, UDP or SCTP)", p.Protocol)
	}
	if in.Port == nil {
		if in.EndPort != nil {
			return p, fmt.Errorf("endPort is set without port")
		}
		p.Any = true
		return p, nil
	}
	if name := in.Port.StrVal; in.Port.Type == intstr.String {
		if in.EndPort != nil {
			return p, fmt.Errorf("endPort may not be used with named port %q", name)
		}
		if _, err := strconv.Atoi(name); err == nil || name == "" {
			return p, fmt.Errorf("port %q must be a number or a port name", name)
		}
		p.Name = name
		return p, nil
	}
	p.From, p.To = in.Port.IntVal, in.Port.IntVal
	if p.From < 1 || p.From > 65535 {
		return p, fmt.Errorf("port %d is outside 1-65535", p.From)
	}
	if in.EndPort != nil {
		if *in.EndPort < p.From || *in.EndPort > 65535 {
			return p, fmt.Errorf("endPort %d is below port %d or above 65535", *in.EndPort, p.From)
		}
		p.To = *in.EndPort
	}
	return p, nil
}

// String renders the port rule as written: "TCP 8080-8090", "UDP dns", "TCP".
func (p PortRule) String() string {
	switch {
	case p.Any:
		return string(p.Protocol)
	case p.Name != "":
		return string(p.Protocol) + " " + p.Name
	case p.From == p.To:
		return string(p.Protocol) + " " + strconv.Itoa(int(p.From))
	}
	return string(p.Protocol) + " " + strconv.Itoa(int(p.From)) + "-" + strconv.Itoa(int(p.To))
}

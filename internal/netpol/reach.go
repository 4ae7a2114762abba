package netpol

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Verdict is the answer to "may this traffic flow?".
type Verdict string

// Verdicts of a reachability question.
const (
	Allowed Verdict = "allowed"
	Denied  Verdict = "denied"
	// Partly: some of the sources asked about (addresses), or some ports
	// when the question names none, are allowed.
	Partly Verdict = "partly allowed"
	// NotEvaluated: the answer depends on what Palisade does not evaluate
	// (CNI or admin policies, hostNetwork pods, ipBlocks matched against
	// pod addresses).
	NotEvaluated Verdict = "not evaluated"
)

// Endpoint is one end of a connection: a workload, or addresses outside
// the cluster.
type Endpoint struct {
	Workload *Workload
	// Addrs are the addresses when Workload is nil.
	Addrs AddrSet
	// Name is how the endpoint was asked for ("internet", "203.0.113.7").
	Name string
}

// At is the endpoint of a workload.
func At(w *Workload) Endpoint { return Endpoint{Workload: w, Name: w.ID()} }

// InternetEndpoint is every public address.
func InternetEndpoint() Endpoint { return Endpoint{Addrs: Internet, Name: "internet"} }

// Port is the destination port of a question. With neither Number nor
// Name, the question is about any port of any protocol.
type Port struct {
	Number   int32
	Name     string
	Protocol corev1.Protocol
}

// Any reports whether the question is about any port.
func (p Port) Any() bool { return p.Number == 0 && p.Name == "" }

func (p Port) String() string {
	switch {
	case p.Any():
		return "any port"
	case p.Name != "" && p.Number != 0:
		return p.Name + " (" + strconv.Itoa(int(p.Number)) + "/" + string(p.Protocol) + ")"
	case p.Name != "":
		return p.Name + "/" + string(p.Protocol)
	}
	return strconv.Itoa(int(p.Number)) + "/" + string(p.Protocol)
}

// RuleRef names one rule of one policy.
type RuleRef struct {
	Policy *Policy
	// Path is the rule's field path, e.g. "spec.ingress[1]".
	Path string
}

// Side is one direction's part of an answer: the source's egress or the
// destination's ingress.
type Side struct {
	Direction Direction
	Verdict   Verdict
	// Isolating are the policies that select the pod for this direction.
	Isolating []*Policy
	// Allowing are the rules that admit the traffic (or part of it).
	Allowing []RuleRef
	Reason   string
}

// Answer is the reachability answer for one source, destination and port.
type Answer struct {
	From, To Endpoint
	Port     Port
	Verdict  Verdict
	// Egress is the source's side, Ingress the destination's.
	Egress, Ingress Side
}

// Reach answers whether from may open a connection to to on port: the
// source's egress policies and the destination's ingress policies must
// both allow it. A named port is resolved against the destination's
// containers.
func (m *Model) Reach(from, to Endpoint, port Port) (Answer, error) {
	if port.Protocol == "" {
		port.Protocol = corev1.ProtocolTCP
	}
	if port.Name != "" && port.Number == 0 {
		if to.Workload == nil {
			return Answer{}, fmt.Errorf("named port %q needs a workload destination, not %s", port.Name, to.Name)
		}
		if port.Number = to.Workload.NamedPort(port.Name, port.Protocol); port.Number == 0 {
			return Answer{}, fmt.Errorf("%s declares no %s port named %q", to.Workload.Describe(), port.Protocol, port.Name)
		}
	}
	a := Answer{From: from, To: to, Port: port}
	a.Egress = m.side(Egress, from.Workload, to, to, port)
	a.Ingress = m.side(Ingress, to.Workload, from, to, port)
	a.Verdict = combine(a.Egress, a.Ingress)
	return a, nil
}

func combine(e, i Side) Verdict {
	switch {
	case e.Verdict == Denied || i.Verdict == Denied:
		return Denied
	case e.Verdict == Allowed && i.Verdict == Allowed:
		return Allowed
	case e.Verdict == NotEvaluated || i.Verdict == NotEvaluated:
		return NotEvaluated
	case e.Verdict == Partly && i.Verdict == Partly:
		return NotEvaluated // each side allows only part: which parts meet is not computed
	}
	return Partly
}

// side evaluates direction d of pod (nil for addresses outside the
// cluster) for traffic with peer; dst is the connection's destination.
func (m *Model) side(d Direction, pod *Workload, peer, dst Endpoint, port Port) Side {
	s := Side{Direction: d}
	dir := strings.ToLower(string(d))
	switch {
	case pod == nil:
		s.Verdict, s.Reason = Allowed, "no NetworkPolicy governs addresses outside the cluster"
		return s
	case pod.HostNetwork:
		s.Verdict, s.Reason = NotEvaluated, pod.Describe()+" uses hostNetwork: NetworkPolicy does not govern its traffic (the API leaves it to the network plugin)"
		return s
	}
	if why := m.Unevaluated(pod.Namespace()); why != "" {
		s.Verdict, s.Reason = NotEvaluated, why
		return s
	}
	s.Isolating = pod.Policies(d)
	if len(s.Isolating) == 0 {
		s.Verdict, s.Reason = Allowed, "no NetworkPolicy selects "+pod.Describe()+" for "+dir+": it is not isolated"
		return s
	}
	if peer.Workload == nil {
		return m.externalSide(s, peer, dst, port)
	}
	return m.podSide(s, pod, peer.Workload, dst, port)
}

// podSide decides an isolated side whose peer is a pod.
func (m *Model) podSide(s Side, pod, peer *Workload, dst Endpoint, port Port) Side {
	var full, some, blocks, unknownNS []RuleRef
	for _, p := range s.Isolating {
		for _, r := range p.Rules(s.Direction) {
			all, part := portMatch(r, port, dst)
			if !part {
				continue
			}
			ref := RuleRef{Policy: p, Path: r.Path}
			switch m.peerMatch(p, r, peer) {
			case matchYes:
				if all {
					full = append(full, ref)
				} else {
					some = append(some, ref)
				}
			case matchBlock:
				blocks = append(blocks, ref)
			case matchNamespaceUnknown:
				unknownNS = append(unknownNS, ref)
			}
		}
	}
	dir := strings.ToLower(string(s.Direction))
	switch {
	case len(full) > 0:
		s.Verdict, s.Allowing = Allowed, full
		s.Reason = "allowed for " + dir + " by " + refs(full)
	case peer.HostNetwork:
		s.Verdict, s.Reason = NotEvaluated, peer.Describe()+" uses hostNetwork: its traffic carries the node's address, which policies match by ipBlock, if at all"
	case len(blocks) > 0:
		s.Verdict, s.Allowing = NotEvaluated, blocks
		s.Reason = "only ipBlock peers may allow it (" + refs(blocks) + "): whether a pod address falls in an ipBlock depends on the network plugin"
	case len(unknownNS) > 0:
		s.Verdict, s.Allowing = NotEvaluated, unknownNS
		s.Reason = "only namespaceSelector peers may allow it (" + refs(unknownNS) + "), and the labels of namespace " + strconv.Quote(peer.Namespace()) + " are not in the scan (no Namespace object)"
	case len(some) > 0:
		s.Verdict, s.Allowing = Partly, some
		s.Reason = "only some ports allowed for " + dir + ", by " + refs(some)
	default:
		s.Verdict = Denied
		s.Reason = "isolated for " + dir + " by " + policyIDs(s.Isolating) + "; no rule allows it"
	}
	return s
}

// externalSide decides an isolated side whose peer is a set of addresses.
func (m *Model) externalSide(s Side, peer, dst Endpoint, port Port) Side {
	var full, some AddrSet
	for _, p := range s.Isolating {
		for _, r := range p.Rules(s.Direction) {
			all, part := portMatch(r, port, dst)
			if !part {
				continue
			}
			admitted := r.admittedAddrs()
			if admitted.Intersect(peer.Addrs).Empty() {
				continue
			}
			s.Allowing = append(s.Allowing, RuleRef{Policy: p, Path: r.Path})
			some = some.Union(admitted)
			if all {
				full = full.Union(admitted)
			}
		}
	}
	dir := strings.ToLower(string(s.Direction))
	switch {
	case full.Covers(peer.Addrs):
		s.Verdict, s.Reason = Allowed, "allowed for "+dir+" by "+refs(s.Allowing)
	case some.Intersect(peer.Addrs).Empty():
		s.Verdict = Denied
		s.Reason = "isolated for " + dir + " by " + policyIDs(s.Isolating) + "; no rule allows " + peer.Name
	default:
		s.Verdict = Partly
		s.Reason = "allowed for " + dir + " only in part (addresses " + some.Intersect(peer.Addrs).String() + "), by " + refs(s.Allowing)
	}
	return s
}

// admittedAddrs are the addresses outside the cluster a rule's peers admit.
func (r Rule) admittedAddrs() AddrSet {
	if r.AllPeers {
		return AllAddrs
	}
	var out AddrSet
	for _, p := range r.Peers {
		out = out.Union(p.Block)
	}
	return out
}

type match int

const (
	matchNo match = iota
	matchYes
	// matchBlock: only an ipBlock peer may match the pod's address.
	matchBlock
	// matchNamespaceUnknown: a namespaceSelector may match the pod's
	// namespace, whose labels are not in the scan.
	matchNamespaceUnknown
)

// peerMatch says whether rule r of policy p admits pod peer.
func (m *Model) peerMatch(p *Policy, r Rule, peer *Workload) match {
	if r.AllPeers {
		return matchYes
	}
	res := matchNo
	for _, pe := range r.Peers {
		if pe.Block != nil {
			res = max(res, matchBlock)
			continue
		}
		nsMatch := matchOf(peer.Namespace() == p.Namespace)
		if pe.Namespaces != nil {
			nsMatch = m.namespaceMatch(pe.Namespaces, peer.Namespace())
		}
		if nsMatch == matchNo || (pe.Pods != nil && !pe.Pods.Matches(peer.Labels)) {
			continue
		}
		if nsMatch == matchYes {
			return matchYes
		}
		res = max(res, nsMatch)
	}
	return res
}

// namespaceMatch says whether sel selects namespace name. Without the
// Namespace object only the name label is known: a selector that asks
// for any other label is undecided, never read as "no".
func (m *Model) namespaceMatch(sel labels.Selector, name string) match {
	if ns := m.byNS[name]; ns != nil && ns.Object != nil {
		return matchOf(sel.Matches(ns.Labels))
	}
	reqs, _ := sel.Requirements()
	known := labels.Set{}
	if name != "" {
		known[NameLabel] = name
	}
	res := matchYes
	for _, r := range reqs {
		switch {
		case r.Key() == NameLabel && name != "":
			if !r.Matches(known) {
				return matchNo
			}
		default:
			res = matchNamespaceUnknown
		}
	}
	return res
}

func matchOf(b bool) match {
	if b {
		return matchYes
	}
	return matchNo
}

// portMatch says whether rule r admits the port: all of it, or (for a
// question about any port) some of it. Named ports are looked up on the
// destination's containers; outside the cluster they match nothing.
func portMatch(r Rule, port Port, dst Endpoint) (all, some bool) {
	if r.AllPorts {
		return true, true
	}
	for _, pr := range r.Ports {
		if port.Any() {
			if pr.Name == "" || (dst.Workload != nil && dst.Workload.NamedPort(pr.Name, pr.Protocol) != 0) {
				some = true
			}
			continue
		}
		if pr.Protocol != port.Protocol {
			continue
		}
		switch {
		case pr.Any:
			return true, true
		case pr.Name != "":
			if dst.Workload != nil && dst.Workload.NamedPort(pr.Name, pr.Protocol) == port.Number {
				return true, true
			}
		case pr.From <= port.Number && port.Number <= pr.To:
			return true, true
		}
	}
	return false, some
}

func refs(rs []RuleRef) string {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		parts = append(parts, r.Policy.ID()+" "+r.Path)
	}
	return strings.Join(parts, ", ")
}

func policyIDs(ps []*Policy) string {
	parts := make([]string, 0, len(ps))
	for _, p := range ps {
		parts = append(parts, p.ID())
	}
	return strings.Join(parts, ", ")
}

package netpol

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Endpoints resolves what a user names as one end of a connection:
// "internet", an address or CIDR outside the cluster, "ns/name" (a
// workload of any kind), "ns/Kind/name", or "ns/*" (every workload of the
// namespace).
func (m *Model) Endpoints(s string) ([]Endpoint, error) {
	if s == "internet" {
		return []Endpoint{InternetEndpoint()}, nil
	}
	parts := strings.Split(s, "/")
	if addrs, err := ParseAddrSet(s); err == nil {
		return []Endpoint{{Addrs: addrs, Name: s}}, nil
	}
	var kind, name string
	switch len(parts) {
	case 2:
		name = parts[1]
	case 3:
		kind, name = parts[1], parts[2]
	default:
		return nil, fmt.Errorf("%q is not internet, an IP address or CIDR, ns/workload, ns/Kind/workload or ns/*", s)
	}
	ns := m.byNS[parts[0]]
	var out []Endpoint
	for _, w := range m.workloadsIn(ns) {
		if (name == "*" && kind == "") || (w.Object.Name == name && (kind == "" || strings.EqualFold(kind, w.Object.Kind))) {
			out = append(out, At(w))
		}
	}
	switch {
	case len(out) == 0 && name == "*":
		return nil, fmt.Errorf("no workloads in namespace %q", parts[0])
	case len(out) == 0:
		return nil, fmt.Errorf("no workload %q in the scan", s)
	case len(out) > 1 && name != "*":
		return nil, fmt.Errorf("%q names %d workloads: say which with ns/Kind/name (%s)", s, len(out), describeAll(out))
	}
	return out, nil
}

func (m *Model) workloadsIn(ns *Namespace) []*Workload {
	if ns == nil {
		return nil
	}
	return ns.Workloads
}

func describeAll(es []Endpoint) string {
	parts := make([]string, 0, len(es))
	for _, e := range es {
		parts = append(parts, e.Workload.Describe())
	}
	return strings.Join(parts, ", ")
}

// ParsePort reads "8080", "8080/UDP", "http" or "dns/UDP" (TCP by default).
func ParsePort(s string) (Port, error) {
	num, proto, _ := strings.Cut(s, "/")
	p := Port{Protocol: corev1.Protocol(strings.ToUpper(proto))}
	switch p.Protocol {
	case "":
		p.Protocol = corev1.ProtocolTCP
	case corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP:
	default:
		return p, fmt.Errorf("port %q: protocol must be TCP, UDP or SCTP", s)
	}
	n, err := strconv.Atoi(num)
	switch {
	case err != nil && num != "" && !strings.ContainsAny(num, " \t"):
		p.Name = num
	case err != nil || n < 1 || n > 65535:
		return p, fmt.Errorf("port %q: want a number from 1 to 65535 or a port name, with an optional /PROTOCOL", s)
	default:
		p.Number = int32(n)
	}
	return p, nil
}

package probe

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// Target is one host and port to probe and the component expected there.
type Target struct {
	Host      string
	Port      int
	Component endpoint.Component
}

// Name is the target's "host:port".
func (t Target) Name() string { return endpoint.Name(t.Host, t.Port) }

// defaultPorts are the components' well-known ports, in the order a bare
// HOST is probed.
var defaultPorts = []struct {
	component endpoint.Component
	port      int
}{
	{endpoint.APIServer, 6443},
	{endpoint.Etcd, 2379},
	{endpoint.Kubelet, 10250},
	{endpoint.KubeletReadOnly, 10255},
	{endpoint.KubeProxy, 10249},
	{endpoint.ControllerManager, 10257},
	{endpoint.Scheduler, 10259},
}

// portComponents maps a well-known port to its component; 443 is where
// many clusters serve the API.
var portComponents = func() map[int]endpoint.Component {
	m := map[int]endpoint.Component{443: endpoint.APIServer}
	for _, d := range defaultPorts {
		m[d.port] = d.component
	}
	return m
}()

// ParseTargets parses the command line's targets:
//
//	HOST                    every well-known port of HOST
//	HOST:PORT               the component of a well-known port
//	COMPONENT://HOST[:PORT] that component, at its well-known port by default
//
// COMPONENT is apiserver, etcd, kubelet, kubelet-read-only, kube-proxy,
// controller-manager or scheduler. IPv6 addresses go in brackets when a
// port follows. Duplicates are probed once.
func ParseTargets(args []string) ([]Target, error) {
	var out []Target
	seen := map[Target]bool{}
	for _, arg := range args {
		ts, err := parseTarget(arg)
		if err != nil {
			return nil, fmt.Errorf("target %q: %w", arg, err)
		}
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out, nil
}

func parseTarget(arg string) ([]Target, error) {
	if scheme, rest, ok := strings.Cut(arg, "://"); ok {
		return parseNamed(endpoint.Component(scheme), rest)
	}
	host, port, err := splitHostPort(arg)
	if err != nil {
		return nil, err
	}
	if port == 0 {
		out := make([]Target, 0, len(defaultPorts))
		for _, d := range defaultPorts {
			out = append(out, Target{Host: host, Port: d.port, Component: d.component})
		}
		return out, nil
	}
	c, ok := portComponents[port]
	if !ok {
		return nil, fmt.Errorf("port %d is not a well-known Kubernetes port: name the component, e.g. apiserver://%s", port, endpoint.Name(host, port))
	}
	return []Target{{Host: host, Port: port, Component: c}}, nil
}

// parseNamed parses the HOST[:PORT] of a COMPONENT:// target.
func parseNamed(c endpoint.Component, hostPort string) ([]Target, error) {
	port := 0
	for _, d := range defaultPorts {
		if d.component == c {
			port = d.port
		}
	}
	if port == 0 {
		return nil, fmt.Errorf("unknown component %q (one of %s)", c, componentNames())
	}
	host, p, err := splitHostPort(hostPort)
	if err != nil {
		return nil, err
	}
	if p != 0 {
		port = p
	}
	return []Target{{Host: host, Port: port, Component: c}}, nil
}

// splitHostPort splits HOST[:PORT]; the port is 0 when absent.
func splitHostPort(s string) (string, int, error) {
	host, port, err := splitTarget(s)
	if err == nil && strings.ContainsAny(host, "[]") {
		return "", 0, fmt.Errorf("brackets enclose an IPv6 address: [ADDRESS] or [ADDRESS]:PORT")
	}
	return host, port, err
}

// splitTarget does splitHostPort's work, leaving stray brackets in the host.
func splitTarget(s string) (string, int, error) {
	if s == "" {
		return "", 0, fmt.Errorf("no host")
	}
	if strings.ContainsAny(s, "/?#@ ") {
		return "", 0, fmt.Errorf("a target is HOST[:PORT], without a path, query or user")
	}
	if net.ParseIP(s) != nil { // a bare IPv6 address has colons but no port
		return s, 0, nil
	}
	if !strings.Contains(s, ":") {
		return s, 0, nil
	}
	if inner, ok := strings.CutPrefix(s, "["); ok && strings.HasSuffix(inner, "]") {
		return strings.TrimSuffix(inner, "]"), 0, nil
	}
	host, portText, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, fmt.Errorf("splitting host and port: %w", err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("port %q is not a number from 1 to 65535", portText)
	}
	if host == "" {
		return "", 0, fmt.Errorf("no host")
	}
	return host, port, nil
}

func componentNames() string {
	names := make([]string, 0, len(defaultPorts))
	for _, d := range defaultPorts {
		names = append(names, string(d.component))
	}
	return strings.Join(names, ", ")
}

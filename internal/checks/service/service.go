// Package service holds the checks on how Services expose workloads:
// NodePort and LoadBalancer exposure, externalIPs, SSH.
package service

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// serviceCheck runs fn on every Service; a Service fn finds nothing wrong
// with passes.
func serviceCheck(m check.Meta, fn func(s *corev1.Service, fail func(path, msg string))) *check.Check {
	m.Category = "service"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, o := range inv.ByKind("Service") {
			s, ok := o.Typed.(*corev1.Service)
			if !ok {
				continue
			}
			failed := false
			fn(s, func(path, msg string) {
				failed = true
				report(check.Result{Object: o, Path: path, Message: msg})
			})
			if !failed {
				report(check.Result{Object: o, Status: check.Pass, Path: "spec"})
			}
		}
	}}
}

var nodePort = serviceCheck(check.Meta{
	ID:          "service-nodeport",
	Title:       "Service exposed on every node (NodePort)",
	Severity:    check.Low,
	Rationale:   "A NodePort Service opens the port on every node's address, bypassing the load balancer and often the firewall rules made for it.",
	Remediation: "Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer restricted with loadBalancerSourceRanges.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1133", "T1190"}},
}, func(s *corev1.Service, fail func(path, msg string)) {
	if s.Spec.Type == corev1.ServiceTypeNodePort {
		fail("spec.type", "Service "+s.Name+" is of type NodePort and is reachable on every node")
	}
})

var loadBalancer = serviceCheck(check.Meta{
	ID:          "service-loadbalancer-open",
	Title:       "LoadBalancer Service open to any address",
	Severity:    check.Medium,
	Rationale:   "A LoadBalancer Service without source ranges is usually reachable from the whole internet.",
	Remediation: "Set spec.loadBalancerSourceRanges to the client networks that need access, or use an internal load balancer.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1190"}},
}, func(s *corev1.Service, fail func(path, msg string)) {
	if s.Spec.Type != corev1.ServiceTypeLoadBalancer {
		return
	}
	for i, r := range s.Spec.LoadBalancerSourceRanges {
		if r == "0.0.0.0/0" || r == "::/0" {
			fail("spec.loadBalancerSourceRanges["+strconv.Itoa(i)+"]", "Service "+s.Name+" allows load balancer traffic from "+r)
			return
		}
	}
	if len(s.Spec.LoadBalancerSourceRanges) == 0 {
		fail("spec.type", "LoadBalancer Service "+s.Name+" sets no loadBalancerSourceRanges")
	}
})

var externalIPs = serviceCheck(check.Meta{
	ID:          "service-external-ips",
	Title:       "Service sets externalIPs",
	Severity:    check.High,
	Rationale:   "Whoever can set externalIPs on a Service can intercept traffic to any IP address in the cluster (CVE-2020-8554); the field is rarely needed.",
	Remediation: "Remove spec.externalIPs; use a LoadBalancer Service or an Ingress, and block the field with the DenyServiceExternalIPs admission plugin or a policy.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1557"}},
}, func(s *corev1.Service, fail func(path, msg string)) {
	if len(s.Spec.ExternalIPs) > 0 {
		fail("spec.externalIPs", fmt.Sprintf("Service %s sets externalIPs %v (CVE-2020-8554)", s.Name, s.Spec.ExternalIPs))
	}
})

var sshPort = serviceCheck(check.Meta{
	ID:          "service-ssh-port",
	Title:       "Service exposes SSH",
	Severity:    check.Medium,
	Rationale:   "An SSH port behind a Service is a remote way into a workload that bypasses Kubernetes access control and auditing.",
	Remediation: "Remove the SSH port from the Service and the SSH server from the workload; use kubectl exec or debug containers.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1133", "T1021.004"}},
}, func(s *corev1.Service, fail func(path, msg string)) {
	for i, p := range s.Spec.Ports {
		if p.Port == 22 || p.TargetPort.IntValue() == 22 {
			fail("spec.ports["+strconv.Itoa(i)+"]", fmt.Sprintf("Service %s exposes port %d to SSH port 22", s.Name, p.Port))
		}
	}
})

// Checks returns every service check.
func Checks() []*check.Check { return []*check.Check{nodePort, loadBalancer, externalIPs, sshPort} }

package network

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
)

var meshMTLS = networkCheck(check.Meta{
	ID:          "network-mesh-mtls-not-strict",
	Title:       "Meshed workload accepts plain-text connections",
	Severity:    check.Medium,
	Rationale:   "A mesh encrypts and authenticates traffic only when mutual TLS is required: in Istio's default PERMISSIVE mode or Linkerd's default unauthenticated inbound policy a workload still accepts plain text from any client, which can be read or forged on the network.",
	Remediation: "Require mutual TLS: an Istio PeerAuthentication with mtls.mode STRICT (in istio-system for the whole mesh), or the Linkerd annotation config.linkerd.io/default-inbound-policy: all-authenticated.",
	Frameworks:  map[string][]string{check.NSA: {"service-meshes", "encryption"}, check.MITRE: {"T1040", "T1557"}},
}, func(_ *inventory.Inventory, m *netpol.Model, report func(check.Result)) {
	for _, w := range m.Workloads {
		s := m.MeshOf(w)
		r := check.Result{Object: w.Object, Path: w.Template.MetaPath}
		switch {
		case s.Mesh == "":
			r.Status, r.Message = check.NotApplicable, w.Describe()+" is not in a service mesh: "+s.Reason
		case s.Unknown != "":
			r.Status, r.Message = check.NotChecked, w.Describe()+" is in the "+s.Mesh+" mesh, but "+s.Unknown
		case s.Strict:
			r.Status, r.Message = check.Pass, w.Describe()+" requires mutual TLS: "+s.Reason
		default:
			r.Message = w.Describe() + " is in the " + s.Mesh + " mesh but accepts plain text: " + s.Reason
		}
		report(r)
	}
})

// encryptedPorts speak TLS or their own encryption whatever the Service says.
var encryptedPorts = map[int32]bool{22: true, 2376: true, 3389: true, 6443: true, 10250: true, 10257: true, 10259: true}

var plaintextService = networkCheck(check.Meta{
	ID:          "network-plaintext-sensitive-service",
	Title:       "Service carries a sensitive protocol in plain text",
	Severity:    check.Medium,
	Rationale:   "Databases, caches, queues and etcd speak plain text unless TLS is set up; a Service to such a port that declares no TLS and whose pods no strict mTLS mesh covers lets anyone on the node network read credentials and data in transit.",
	Remediation: "Enable TLS on the server and declare it (appProtocol or a port name such as postgres-tls), or put the workloads in a mesh with strict mutual TLS.",
	Frameworks:  map[string][]string{check.NSA: {"encryption", "service-meshes"}, check.MITRE: {"T1040", "T1557"}},
}, func(inv *inventory.Inventory, m *netpol.Model, report func(check.Result)) {
	for _, o := range inv.ByKind("Service") {
		s, ok := o.Typed.(*corev1.Service)
		if !ok {
			continue
		}
		backends := m.Backends(o.Namespace, s)
		for i, sp := range s.Spec.Ports {
			if r, ok := judgePlaintext(m, o, s, i, sp, backends); ok {
				report(r)
			}
		}
	}
})

// judgePlaintext decides one Service port; ok is false when the port is
// not a sensitive plain-text one.
func judgePlaintext(m *netpol.Model, o *inventory.Object, s *corev1.Service, i int, sp corev1.ServicePort, backends []*netpol.Workload) (check.Result, bool) {
	target := sp.Port
	if sp.TargetPort.IntVal != 0 {
		target = sp.TargetPort.IntVal
	}
	for _, w := range backends {
		if n := w.NamedPort(sp.TargetPort.StrVal, protocol(sp)); sp.TargetPort.StrVal != "" && n != 0 {
			target = n
		}
	}
	name, sensitive := netpol.SensitivePorts[target]
	if !sensitive || encryptedPorts[target] {
		return check.Result{}, false
	}
	r := check.Result{Object: o, Path: "spec.ports[" + strconv.Itoa(i) + "]"}
	what := "Service " + o.Namespace + "/" + o.Name + " port " + strconv.Itoa(int(sp.Port)) + " carries " + name
	if declaresTLS(sp) {
		r.Status, r.Message = check.Pass, what+" and declares TLS ("+firstOf(ptr(sp.AppProtocol), sp.Name)+")"
		return r, true
	}
	var plain, unknown []string
	for _, w := range backends {
		switch ms := m.MeshOf(w); {
		case ms.Unknown != "":
			unknown = append(unknown, w.Describe()+" ("+ms.Unknown+")")
		case !ms.Strict:
			plain = append(plain, w.Describe())
		}
	}
	switch {
	case len(backends) == 0:
		r.Status, r.Message = check.NotApplicable, what+" but selects no workload in the scan"
	case len(plain) == 0 && len(unknown) > 0:
		r.Status, r.Message = check.NotChecked, what+" and declares no TLS; whether a strict mTLS mesh covers it is unknown: "+strings.Join(unknown, ", ")
	case len(plain) == 0:
		r.Status, r.Message = check.Pass, what+" to workloads that require mutual TLS"
	default:
		r.Message = what + " in plain text: it declares no TLS and no strict mTLS mesh covers " + strings.Join(plain, ", ")
	}
	return r, true
}

// declaresTLS reports whether a Service port says it speaks TLS, by
// appProtocol or by name (https, tls, *-tls, *-ssl, grpcs).
func declaresTLS(sp corev1.ServicePort) bool {
	for _, v := range []string{strings.ToLower(ptr(sp.AppProtocol)), strings.ToLower(sp.Name)} {
		if v == "" {
			continue
		}
		for _, marker := range []string{"https", "tls", "ssl", "grpcs", "wss"} {
			if v == marker || strings.HasPrefix(v, marker+"-") || strings.HasSuffix(v, "-"+marker) {
				return true
			}
		}
	}
	return false
}

func protocol(sp corev1.ServicePort) corev1.Protocol {
	if sp.Protocol == "" {
		return corev1.ProtocolTCP
	}
	return sp.Protocol
}

func ptr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

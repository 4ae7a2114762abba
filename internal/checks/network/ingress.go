package network

import (
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
)

var ingressTLS = networkCheck(check.Meta{
	ID:          "network-ingress-without-tls",
	Title:       "Ingress serves hosts without TLS",
	Severity:    check.Medium,
	Rationale:   "An Ingress host not listed under spec.tls is served over plain HTTP: credentials, cookies and data cross the internet readable and alterable by anyone on the path.",
	Remediation: "List every host under spec.tls with a certificate Secret (cert-manager can issue it), and redirect HTTP to HTTPS.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1557", "T1040"}},
}, func(inv *inventory.Inventory, _ *netpol.Model, report func(check.Result)) {
	for _, o := range inv.ByKind("Ingress") {
		ing, ok := o.Typed.(*networkingv1.Ingress)
		if !ok {
			continue
		}
		failed := false
		for _, f := range plainHosts(ing) {
			failed = true
			report(check.Result{Object: o, Path: f.path, Message: "Ingress " + o.Namespace + "/" + o.Name + " serves " + f.host + " over plain HTTP: no spec.tls entry covers it"})
		}
		if !failed {
			report(check.Result{Object: o, Status: check.Pass, Path: "spec.tls", Message: "every host of Ingress " + o.Namespace + "/" + o.Name + " has TLS"})
		}
	}
})

type plainHost struct{ host, path string }

// plainHosts are the hosts of an Ingress that no tls entry covers. A tls
// entry without hosts covers every host (the controller's default
// certificate); a rule without host is "every host".
func plainHosts(ing *networkingv1.Ingress) []plainHost {
	var out []plainHost
	if len(ing.Spec.TLS) == 0 {
		return []plainHost{{host: "every host", path: "spec"}}
	}
	for i, r := range ing.Spec.Rules {
		if !tlsCovers(ing.Spec.TLS, r.Host) {
			host := r.Host
			if host == "" {
				host = "requests for any host"
			}
			out = append(out, plainHost{host: host, path: "spec.rules[" + strconv.Itoa(i) + "].host"})
		}
	}
	return out
}

func tlsCovers(tls []networkingv1.IngressTLS, host string) bool {
	for _, t := range tls {
		if len(t.Hosts) == 0 {
			return true
		}
		for _, h := range t.Hosts {
			if h == host || (host != "" && matchWildcard(h, host)) {
				return true
			}
		}
	}
	return false
}

// matchWildcard matches "*.example.com" against exactly one more label,
// as certificates do: a.example.com, not a.b.example.com.
func matchWildcard(pattern, host string) bool {
	suffix, ok := strings.CutPrefix(pattern, "*")
	if !ok || !strings.HasPrefix(suffix, ".") {
		return false
	}
	label, ok := strings.CutSuffix(host, suffix)
	return ok && label != "" && !strings.Contains(label, ".")
}

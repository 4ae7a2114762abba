package network

import (
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
)

var externalExposure = networkCheck(check.Meta{
	ID:          "network-external-exposure",
	Title:       "Workload reachable from the internet with no policy keeping it out",
	Severity:    check.Medium,
	Rationale:   "A LoadBalancer or NodePort Service, an Ingress, externalIPs, hostNetwork or a hostPort opens a workload to outside traffic; with no ingress NetworkPolicy restricting the sources, any address on the internet can connect.",
	Remediation: "Restrict the sources: loadBalancerSourceRanges on the Service, or an ingress NetworkPolicy that admits only the ingress controller or the client networks; drop hostNetwork and hostPort.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1190", "T1133"}},
}, func(_ *inventory.Inventory, m *netpol.Model, report func(check.Result)) {
	for _, e := range m.Exposures() {
		w := e.Workload
		if len(e.Routes) == 0 {
			r := check.Result{Object: w.Object, Status: check.NotApplicable, Path: w.Template.MetaPath + ".labels",
				Message: "no Service, Ingress, hostNetwork or hostPort reaches " + w.Describe() + " from outside the cluster"}
			if e.Unread != "" {
				r.Status, r.Message = check.NotChecked, "no route from outside seen to "+w.Describe()+", but "+e.Unread
			}
			report(r)
			continue
		}
		for _, rv := range e.Routes {
			r := check.Result{Object: rv.Via, Path: rv.Path}
			what := w.Describe() + " is reachable from outside through " + rv.Describe()
			switch rv.Side.Verdict {
			case netpol.Allowed:
				r.Status, r.Message = check.Fail, what+": "+rv.Side.Reason
			case netpol.NotEvaluated:
				r.Status, r.Message = check.NotChecked, what+", but "+rv.Side.Reason
			case netpol.Partly:
				r.Status, r.Message = check.Pass, rv.Describe()+" of "+w.Describe()+" admits only part of the internet: "+rv.Side.Reason
			default:
				r.Status, r.Message = check.Pass, rv.Describe()+" of "+w.Describe()+" keeps the internet out: "+rv.Side.Reason
			}
			report(r)
		}
	}
})

var sensitivePort = networkCheck(check.Meta{
	ID:          "network-sensitive-port-exposed",
	Title:       "Sensitive port reachable from outside or from every namespace",
	Severity:    check.High,
	Rationale:   "SSH, etcd, the kubelet and API server, container runtimes and databases trust whoever reaches them far more than a web front end does; reachable from the internet (critical) or from any pod of any namespace, they are the first thing an attacker probes.",
	Remediation: "Keep the port off Services that leave the cluster and off the node's network, and add an ingress NetworkPolicy that admits only the workloads that need it.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1046", "T1190", "T1021"}},
}, func(_ *inventory.Inventory, m *netpol.Model, report func(check.Result)) {
	for _, e := range m.Exposures() {
		for _, p := range e.Ports {
			if name, ok := netpol.SensitivePorts[p.Port.Number]; ok {
				report(judgeSensitive(e, p, name))
			}
		}
	}
})

// judgeSensitive decides one sensitive listening port of a workload:
// reachable from outside (critical), from any pod of any namespace
// (high), undecided, or closed.
func judgeSensitive(e *netpol.Exposure, p netpol.PortVerdict, name string) check.Result {
	w := e.Workload
	r := check.Result{Object: w.Object, Path: portPath(w, p.Port)}
	what := name + " port " + p.Port.String() + " of " + w.Describe()
	undecided := ""
	for _, rv := range e.Routes {
		if rv.Kind != netpol.HostNetwork && rv.Port.Number != p.Port.Number {
			continue
		}
		switch rv.Side.Verdict {
		case netpol.Allowed, netpol.Partly:
			r.Severity, r.Message = check.Critical, what+" is reachable from outside the cluster through "+rv.Describe()+": "+rv.Side.Reason
			return r
		case netpol.NotEvaluated:
			undecided = rv.Side.Reason
		}
	}
	switch {
	case p.Side.Verdict == netpol.Allowed:
		r.Message = what + " is reachable from any pod of any namespace: " + p.Side.Reason
	case undecided != "" || p.Side.Verdict == netpol.NotEvaluated:
		r.Status, r.Message = check.NotChecked, what+": "+firstOf(undecided, p.Side.Reason)
	case e.Unread != "":
		r.Status, r.Message = check.NotChecked, what+" is closed to other namespaces, but routes from outside may be missing: "+e.Unread
	default:
		r.Status, r.Message = check.Pass, what+" is closed to outside and to other namespaces: "+p.Side.Reason
	}
	return r
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// portPath is the field path of the container port declaring p, or the
// workload's labels (the port comes from a Service's targetPort).
func portPath(w *netpol.Workload, p netpol.Port) string {
	for _, cp := range w.Ports {
		if cp.Number == p.Number && cp.Protocol == p.Protocol {
			return cp.Path + ".containerPort"
		}
	}
	return w.Template.MetaPath + ".labels"
}

package probe

import (
	"fmt"
	"net/http"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// metricsPort is a component port that should listen on localhost only.
type metricsPort struct {
	id, cis   string
	component endpoint.Component
	name      string // for messages, e.g. "kube-proxy's metrics port"
	flag      string // the setting that binds it
}

var metricsPorts = []metricsPort{
	{id: "probe-kube-proxy-metrics-exposed", cis: "4.3.1", component: endpoint.KubeProxy, name: "kube-proxy's metrics port",
		flag: "metricsBindAddress: 127.0.0.1:10249 in the KubeProxyConfiguration (or --metrics-bind-address=127.0.0.1:10249)"},
	{id: "probe-controller-manager-exposed", cis: "1.3.7", component: endpoint.ControllerManager, name: "kube-controller-manager's secure port",
		flag: "--bind-address=127.0.0.1 on kube-controller-manager"},
	{id: "probe-scheduler-exposed", cis: "1.4.2", component: endpoint.Scheduler, name: "kube-scheduler's secure port",
		flag: "--bind-address=127.0.0.1 on kube-scheduler"},
}

func (m metricsPort) check() *check.Check {
	return &check.Check{
		Meta: check.Meta{
			ID:       m.id,
			Title:    fmt.Sprintf("%s is not reachable beyond localhost (live probe)", upperFirst(m.name)),
			Severity: check.Medium, Category: category,
			Rationale: "A component port bound to all addresses exposes its metrics, health and debugging endpoints to the network: " +
				"metrics describe the cluster's workloads and traffic, and any weakness of the endpoint's authentication is open to everyone who reaches the node. " +
				"The finding is high when /metrics answers without credentials.",
			Remediation: "Bind the port to localhost: " + m.flag + ".",
			Frameworks:  map[string][]string{check.CIS: {m.cis}, check.NSA: {"network-separation"}, check.MITRE: {"T1613"}},
		},
		Run: forEach(m.component, func(e endpoint.Observed, report func(check.Result)) { report(m.judge(e)) }),
	}
}

func (m metricsPort) judge(e endpoint.Observed) check.Result {
	res := check.Result{Object: e.Object, Path: "status.address"}
	if codes(e.Status.Requests) == "" {
		res.Status, res.Path = check.NotChecked, "status.requests"
		res.Message = "no request had an answer: " + firstError(e.Status.Requests)
		return res
	}
	if loopback(e) {
		res.Status = check.NotApplicable
		res.Message = fmt.Sprintf("probed at the loopback address %s: only a probe of the node's own address shows whether %s is bound beyond localhost", e.Status.Address, m.name)
		return res
	}
	res.Status = check.Fail
	res.Message = fmt.Sprintf("%s answers at %s, beyond localhost", m.name, e.Status.Address)
	if r, path := e.Find(http.MethodGet, "/metrics"); r != nil && r.Code != 0 {
		res.Path = path
		res.Message += ": " + describe(r)
		if r.Code == http.StatusOK {
			res.Severity = check.High
			res.Message += " without credentials" + overPlainHTTP(e)
		}
	}
	return res
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

package probe

import (
	"net/http"
	"strconv"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// etcdRange is the read-only range request (count only) the probe sends.
const etcdRange = "/v3/kv/range"

var etcdClientCert = &check.Check{
	Meta: check.Meta{
		ID:       "probe-etcd-client-cert-auth",
		Title:    "etcd client port refuses clients without a certificate (live probe)",
		Severity: check.Critical, Category: category,
		Rationale: "etcd holds every object of the cluster, Secrets included, unencrypted unless encryption at rest is configured. " +
			"A client port that answers a client without a certificate lets anyone who reaches it read and write the whole cluster state, around the API server's authentication, authorization and audit. " +
			"The probe sends a count-only range request, which reads no key or value.",
		Remediation: "Serve etcd's client port over TLS and require client certificates: --cert-file, --key-file, --client-cert-auth=true and --trusted-ca-file set to the CA of the API server's etcd client certificate.",
		Frameworks:  map[string][]string{check.CIS: {"2.1", "2.2"}, check.NSA: {"network-separation"}, check.MITRE: {"T1552", "T1005"}},
	},
	Run: forEach(endpoint.Etcd, func(e endpoint.Observed, report func(check.Result)) { report(judgeEtcd(e)) }),
}

func judgeEtcd(e endpoint.Observed) check.Result {
	res := check.Result{Object: e.Object}
	if t := e.Status.TLS; t != nil && t.ClientCertRequired {
		res.Status, res.Path = check.Pass, "status.tls.clientCertRequired"
		res.Message = "refuses a client without a certificate (" + t.Alert + ")"
		return res
	}
	if r, path := e.Find(http.MethodPost, etcdRange); r != nil && r.Code == http.StatusOK {
		res.Status, res.Path = check.Fail, path
		res.Message = describe(r) + " without a client certificate" + overPlainHTTP(e) +
			": anyone who reaches the port can read and write every key, Secrets included"
		return res
	}
	for i, r := range e.Status.Requests {
		if r.Code == http.StatusOK {
			res.Status, res.Severity, res.Path = check.Fail, check.High, "status.requests["+strconv.Itoa(i)+"]"
			res.Message = describe(&r) + " without a client certificate" + overPlainHTTP(e) +
				"; the range request was not answered 200 (" + rangeOutcome(e) + "), so etcd's own authentication may guard the keys"
			return res
		}
	}
	res.Status, res.Path = check.NotChecked, "status.requests"
	if codes(e.Status.Requests) == "" {
		res.Message = "no request had an answer: " + firstError(e.Status.Requests)
	} else {
		res.Message = "no answer is etcd's (" + codes(e.Status.Requests) + ")"
	}
	return res
}

func rangeOutcome(e endpoint.Observed) string {
	r, _ := e.Find(http.MethodPost, etcdRange)
	switch {
	case r == nil:
		return "not sent"
	case r.Code == 0:
		return "no answer: " + r.Error
	}
	return describe(r)
}

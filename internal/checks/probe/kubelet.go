package probe

import (
	"fmt"
	"net/http"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// kubeletPods is the request both kubelet checks judge.
const kubeletPods = "/pods"

var kubeletAnonymous = &check.Check{
	Meta: check.Meta{
		ID:       "probe-kubelet-anonymous-access",
		Title:    "Kubelet API refuses anonymous requests (live probe)",
		Severity: check.Critical, Category: category,
		Rationale: "A kubelet whose port 10250 serves /pods to a request without credentials has anonymous authentication on and AlwaysAllow authorization: " +
			"anyone who reaches the port can list the node's pods with their environment, read logs, and run commands in any container on the node (exec, run).",
		Remediation: "Set authentication.anonymous.enabled to false and authorization.mode to Webhook in the kubelet's configuration (or --anonymous-auth=false and --authorization-mode=Webhook), then restart the kubelet.",
		Frameworks: map[string][]string{check.CIS: {"4.2.1", "4.2.2"}, check.NSA: {"authentication-authorization"},
			check.MITRE: {"T1609", "T1613"}},
	},
	Run: forEach(endpoint.Kubelet, func(e endpoint.Observed, report func(check.Result)) {
		r, path := e.Find(http.MethodGet, kubeletPods)
		if r == nil {
			return // no request without an error: forEach reported it
		}
		res := check.Result{Object: e.Object, Path: path}
		switch r.Code {
		case 0:
			res = noAnswer(e, r, path)
		case http.StatusOK:
			res.Status = check.Fail
			res.Message = describe(r) + " without credentials" + overPlainHTTP(e) +
				": anyone who reaches the port can read the node's pods and run commands in its containers"
		case http.StatusUnauthorized:
			res.Status, res.Message = check.Pass, describe(r)+": anonymous authentication is off"
		case http.StatusForbidden:
			res.Status, res.Message = check.Pass, describe(r)+": anonymous requests are not authorized (anonymous authentication is on; turning it off rejects them earlier)"
		default:
			res.Status = check.NotChecked
			res.Message = fmt.Sprintf("%s: not a kubelet's answer (a kubelet answers 200, 401 or 403)", describe(r))
		}
		report(res)
	}),
}

var kubeletReadOnly = &check.Check{
	Meta: check.Meta{
		ID:       "probe-kubelet-read-only-port",
		Title:    "Kubelet read-only port is closed (live probe)",
		Severity: check.High, Category: category,
		Rationale: "The kubelet's read-only port (10255) serves the node's pods, with their environment and volumes, and its metrics over plain HTTP " +
			"to anyone who reaches it, with no authentication or authorization at all.",
		Remediation: "Set readOnlyPort to 0 in the kubelet's configuration (or --read-only-port=0), then restart the kubelet.",
		Frameworks:  map[string][]string{check.CIS: {"4.2.4"}, check.NSA: {"network-separation"}, check.MITRE: {"T1613", "T1552.007"}},
	},
	Run: forEach(endpoint.KubeletReadOnly, func(e endpoint.Observed, report func(check.Result)) {
		r, path := e.Find(http.MethodGet, kubeletPods)
		if r == nil {
			return
		}
		switch r.Code {
		case 0:
			report(noAnswer(e, r, path))
		case http.StatusOK:
			report(check.Result{Object: e.Object, Status: check.Fail, Path: path,
				Message: "the read-only port is open: " + describe(r) + " without credentials" + overPlainHTTP(e)})
		default:
			report(check.Result{Object: e.Object, Status: check.NotChecked, Path: path,
				Message: describe(r) + ": not a kubelet read-only port's answer (it answers 200 to anyone)"})
		}
	}),
}

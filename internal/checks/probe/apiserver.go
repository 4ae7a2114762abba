package probe

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

var apiServerAnonymousAuth = &check.Check{
	Meta: check.Meta{
		ID:       "probe-apiserver-anonymous-auth",
		Title:    "API server rejects requests without credentials (live probe)",
		Severity: check.Medium, Category: category,
		Rationale: "An API server that answers requests without credentials with anything but 401 lets them in as system:anonymous: " +
			"every RBAC grant to system:anonymous or system:unauthenticated, now or later, is open to everyone who reaches the port. " +
			"What anonymous may read is judged by probe-apiserver-anonymous-access.",
		Remediation: "Set --anonymous-auth=false on kube-apiserver, or limit anonymous requests to the health endpoints with a structured AuthenticationConfiguration (anonymous.conditions).",
		Frameworks:  map[string][]string{check.CIS: {"1.2.1"}, check.NSA: {"authentication-authorization"}, check.MITRE: {"T1078.001"}},
	},
	Run: forEach(endpoint.APIServer, func(e endpoint.Observed, report func(check.Result)) {
		res := check.Result{Object: e.Object, Path: "status.requests"}
		answered, admitted := 0, -1
		for i, r := range e.Status.Requests {
			if r.Code != 0 {
				answered++
			}
			if r.Code != 0 && r.Code != http.StatusUnauthorized && admitted < 0 {
				admitted = i
			}
		}
		switch {
		case answered == 0:
			res.Status, res.Message = check.NotChecked, "no request had an answer: "+firstError(e.Status.Requests)
		case !looksLikeAPIServer(e.Status.Requests):
			res.Status, res.Message = check.NotChecked, "no answer is an API server's ("+codes(e.Status.Requests)+")"
		case admitted >= 0:
			r := &e.Status.Requests[admitted]
			res.Status, res.Path = check.Fail, "status.requests["+strconv.Itoa(admitted)+"]"
			res.Message = describe(r) + " without credentials: requests without credentials are let in as system:anonymous"
		default:
			res.Status = check.Pass
			res.Message = fmt.Sprintf("all %d requests without credentials answered 401: anonymous authentication is off", answered)
		}
		report(res)
	}),
}

// looksLikeAPIServer tells whether any answer is one an API server gives
// a request without credentials: 401 or 403, or its version.
func looksLikeAPIServer(rs []endpoint.Request) bool {
	for _, r := range rs {
		if r.Code == http.StatusUnauthorized || r.Code == http.StatusForbidden ||
			r.Path == "/version" && r.Code == http.StatusOK && strings.Contains(r.Summary, "version ") {
			return true
		}
	}
	return false
}

func firstError(rs []endpoint.Request) string {
	for _, r := range rs {
		if r.Error != "" {
			return r.Error
		}
	}
	return "no request was sent"
}

// anonymousReads rates what an anonymous answer of 200 gives away, by the
// request's path (without its query).
var anonymousReads = []struct {
	path     string
	severity check.Severity
	gives    string
}{
	{"/api/v1/secrets", check.Critical, "anonymous may list Secrets (and so read their values)"},
	{"/api/v1/pods", check.High, "anonymous may list pods, with their specs and environment"},
	{"/api/v1/nodes", check.High, "anonymous may list nodes"},
	{"/api/v1/namespaces", check.Medium, "anonymous may list namespaces"},
	{"/api", check.Low, "anonymous may discover the served APIs"},
	{"/apis", check.Low, "anonymous may discover the served API groups"},
	{"/version", check.Low, "anonymous may read the exact version, to match against known vulnerabilities"},
}

var apiServerAnonymousAccess = &check.Check{
	Meta: check.Meta{
		ID:       "probe-apiserver-anonymous-access",
		Title:    "Anonymous requests may not read the API (live probe)",
		Severity: check.Critical, Category: category,
		Rationale: "Each request the API server answers with 200 without credentials is open to everyone who reaches the port. " +
			"The probe asks for the version, API discovery and one item of namespaces, pods, Secrets and nodes (metadata only); " +
			"the severity of each finding follows what it gives away, critical for Secrets.",
		Remediation: "Remove the RBAC bindings that grant system:anonymous or system:unauthenticated more than the health endpoints " +
			"(kubectl get clusterrolebindings,rolebindings -A -o wide | grep -E 'system:(anonymous|unauthenticated)'), or set --anonymous-auth=false.",
		Frameworks: map[string][]string{check.CIS: {"1.2.1"}, check.NSA: {"authentication-authorization"},
			check.MITRE: {"T1613", "T1552.007"}},
	},
	Run: forEach(endpoint.APIServer, func(e endpoint.Observed, report func(check.Result)) {
		if codes(e.Status.Requests) != "" && !looksLikeAPIServer(e.Status.Requests) {
			report(check.Result{Object: e.Object, Status: check.NotChecked, Path: "status.requests",
				Message: "no answer is an API server's (" + codes(e.Status.Requests) + ")"})
			return
		}
		var denied []string
		bad := false
		for i := range e.Status.Requests {
			r, path := &e.Status.Requests[i], "status.requests["+strconv.Itoa(i)+"]"
			switch {
			case r.Code == 0:
				report(noAnswer(e, r, path))
				bad = true
			case r.Code == http.StatusOK:
				sev, gives := rateRead(r.Path)
				report(check.Result{Object: e.Object, Status: check.Fail, Path: path, Severity: sev,
					Message: describe(r) + " without credentials: " + gives})
				bad = true
			default:
				denied = append(denied, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Code))
			}
		}
		if !bad {
			report(check.Result{Object: e.Object, Status: check.Pass, Path: "status.requests",
				Message: "anonymous may read none of what was asked: " + strings.Join(denied, ", ")})
		}
	}),
}

// rateRead returns the severity and the meaning of an anonymous 200 at
// path; an unknown path is rated medium.
func rateRead(path string) (check.Severity, string) {
	p, _, _ := strings.Cut(path, "?")
	for _, a := range anonymousReads {
		if p == a.path {
			return a.severity, a.gives
		}
	}
	return check.Medium, "anonymous may read " + p
}

// Package probe holds the checks that judge what a live probe observed
// (`palisade probe`): kubelet, API server and etcd ports that answer
// without credentials, and component ports exposed beyond localhost.
// They read only Endpoint objects (palisade.dev/v1), which only a probe
// makes, and report nothing on any other inventory. A target the probe
// could not reach is not checked, with the reason, never passed.
package probe

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

const category = "probe"

// Checks returns every probe check.
func Checks() []*check.Check {
	out := []*check.Check{kubeletAnonymous, kubeletReadOnly, apiServerAnonymousAuth, apiServerAnonymousAccess, etcdClientCert}
	for _, m := range metricsPorts {
		out = append(out, m.check())
	}
	return out
}

// judge is the logic of one check on one reachable endpoint.
type judge func(e endpoint.Observed, report func(check.Result))

// forEach runs judge on every endpoint of a component, and reports the
// endpoints the probe could not reach as not checked.
func forEach(c endpoint.Component, j judge) check.Func {
	return func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, e := range endpoint.Of(inv, c) {
			if e.Status.Error != "" {
				report(check.Result{Object: e.Object, Status: check.NotChecked, Path: "status.error",
					Message: "could not probe " + e.Name + ": " + e.Status.Error})
				continue
			}
			j(e, report)
		}
	}
}

// describe names a request and its answer: "GET /pods answered 200
// (PodList, 3 items)".
func describe(r *endpoint.Request) string {
	s := fmt.Sprintf("%s %s answered %d", r.Method, r.Path, r.Code)
	if r.Summary != "" {
		s += " (" + r.Summary + ")"
	}
	return s
}

// noAnswer is the not-checked result of a request that had no answer.
func noAnswer(e endpoint.Observed, r *endpoint.Request, path string) check.Result {
	return check.Result{Object: e.Object, Status: check.NotChecked, Path: path,
		Message: fmt.Sprintf("%s %s had no answer: %s", r.Method, r.Path, r.Error)}
}

// overPlainHTTP completes a message when the port does not speak TLS.
func overPlainHTTP(e endpoint.Observed) string {
	if e.Status.Scheme == "http" {
		return " over plain HTTP"
	}
	return ""
}

// loopback tells whether the probe reached the endpoint at a loopback
// address.
func loopback(e endpoint.Observed) bool {
	ap, err := netip.ParseAddrPort(e.Status.Address)
	return err == nil && ap.Addr().Unmap().IsLoopback()
}

// codes lists the answers of requests, "GET /version 401, GET /api 401".
func codes(rs []endpoint.Request) string {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		if r.Code != 0 {
			parts = append(parts, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Code))
		}
	}
	return strings.Join(parts, ", ")
}

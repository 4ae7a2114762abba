package cluster

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Coverage statuses of a LIST that could not be read.
const (
	StatusForbidden = "forbidden"
	StatusNotFound  = "not-found"
	StatusError     = "error"
)

// notServedError says the server does not serve a resource at all.
type notServedError struct{ r resource }

func (e notServedError) Error() string {
	return fmt.Sprintf("the server does not serve %s %s", e.r.apiVersion(), e.r.gvr.Resource)
}

// coverage records one LIST that failed; the scan goes on without it.
func coverage(what string, err error) inventory.Coverage {
	return inventory.Coverage{Resource: what, Status: coverageStatus(err), Message: oneLine(err)}
}

// coverageStatus classifies the error of a failed LIST.
func coverageStatus(err error) string {
	var ns notServedError
	switch {
	case apierrors.IsForbidden(err):
		return StatusForbidden
	case apierrors.IsNotFound(err), errors.As(err, &ns):
		return StatusNotFound
	}
	return StatusError
}

// fatal reports whether a LIST error must end the load instead of being
// recorded as coverage: credentials the server rejects are not a gap in
// one resource, they fail every request.
func fatal(err error) bool { return apierrors.IsUnauthorized(err) }

// connectError is an error that stops a load: the server cannot be
// reached, or rejects the credentials, or does not answer in time.
type connectError struct {
	host string
	msg  string
	err  error
}

func (e *connectError) Error() string { return "connecting to " + e.host + ": " + e.msg }
func (e *connectError) Unwrap() error { return e.err }

// connectionError explains in one line why talking to host failed.
func connectionError(host string, timeout time.Duration, err error) error {
	var exhausted *retriesExhausted
	tries := ""
	if errors.As(err, &exhausted) {
		tries = fmt.Sprintf(" (%d tries)", exhausted.tries)
	}
	var msg string
	switch {
	case apierrors.IsUnauthorized(err):
		msg = "the server rejected the credentials (401 Unauthorized): the token or certificate is wrong or expired; check the kubeconfig user"
	case apierrors.IsTooManyRequests(err):
		msg = "the server kept answering 429 Too Many Requests" + tries + ": it is overloaded; try again later or lower --qps"
	case isTimeout(err):
		msg = fmt.Sprintf("no answer within %s%s: the server is down or overloaded (--request-timeout sets the limit)", timeout, tries)
	default:
		msg = oneLine(err)
	}
	return &connectError{host: host, msg: msg, err: err}
}

// oneLine is an error's message on one line, with url.Error's method and
// URL prefix removed (`Get "https://...": dial tcp ...` becomes
// `dial tcp ...`): the caller names the server once.
func oneLine(err error) string {
	msg := err.Error()
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Message == "unknown" {
		// client-go's text when it could not decode the server's answer
		st := status.Status()
		msg = strings.Replace(msg, "unknown", fmt.Sprintf("%s (%d)", st.Reason, st.Code), 1)
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		msg = strings.Replace(msg, ue.Error(), ue.Err.Error(), 1)
	}
	return strings.Join(strings.Fields(msg), " ")
}

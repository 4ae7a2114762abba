package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var secretsGR = schema.GroupResource{Resource: "secrets"}

func TestCoverageStatus(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{apierrors.NewForbidden(secretsGR, "", errors.New(`User "bob" cannot list resource "secrets"`)), StatusForbidden},
		{fmt.Errorf("listing: %w", apierrors.NewForbidden(secretsGR, "", nil)), StatusForbidden},
		{apierrors.NewNotFound(secretsGR, ""), StatusNotFound},
		{notServedError{resource{gvr: schema.GroupVersionResource{Group: "policy", Version: "v1", Resource: "poddisruptionbudgets"}}}, StatusNotFound},
		{apierrors.NewInternalError(errors.New("etcd")), StatusError},
		{&retriesExhausted{tries: 3, err: apierrors.NewTimeoutError("slow", 1)}, StatusError},
		{context.DeadlineExceeded, StatusError},
	}
	for _, tt := range tests {
		if got := coverageStatus(tt.err); got != tt.want {
			t.Errorf("coverageStatus(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestTransient(t *testing.T) {
	refused := &url.Error{Op: "Get", URL: "https://x/api", Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}
	timeout := &url.Error{Op: "Get", URL: "https://x/api", Err: context.DeadlineExceeded}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"429", apierrors.NewTooManyRequests("busy", 1), true},
		{"500", apierrors.NewInternalError(errors.New("etcd")), true},
		{"503", apierrors.NewServiceUnavailable("restarting"), true},
		{"504", apierrors.NewTimeoutError("slow", 1), true},
		{"client timeout", timeout, true},
		{"connection reset", &url.Error{Op: "Get", URL: "https://x", Err: syscall.ECONNRESET}, true},
		{"403", apierrors.NewForbidden(secretsGR, "", nil), false},
		{"401", apierrors.NewUnauthorized("bad token"), false},
		{"404", apierrors.NewNotFound(secretsGR, ""), false},
		{"410 expired continue", apierrors.NewResourceExpired("too old"), false},
		{"refused", refused, false},
	}
	for _, tt := range tests {
		if got := transient(tt.err); got != tt.want {
			t.Errorf("%s: transient(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestRetryPolicy(t *testing.T) {
	p := retryPolicy{tries: 3, base: time.Millisecond, max: 4 * time.Millisecond}
	calls := 0
	err := p.do(context.Background(), transient, func() error { calls++; return apierrors.NewTooManyRequests("busy", 30) })
	var ex *retriesExhausted
	if calls != 3 || !errors.As(err, &ex) || !apierrors.IsTooManyRequests(err) {
		t.Errorf("%d calls, error %v", calls, err)
	}
	if d := p.delay(1, apierrors.NewTooManyRequests("busy", 30)); d > p.max {
		t.Errorf("delay %v exceeds the cap %v", d, p.max)
	}
	calls = 0
	err = p.do(context.Background(), transient, func() error { calls++; return apierrors.NewForbidden(secretsGR, "", nil) })
	if calls != 1 || errors.As(err, &ex) {
		t.Errorf("a forbidden answer was retried: %d calls, %v", calls, err)
	}
	if d := defaultRetry.delay(1, apierrors.NewTooManyRequests("busy", 2)); d < 2*time.Second {
		t.Errorf("Retry-After of 2s ignored: delay %v", d)
	}
}

func TestOneLine(t *testing.T) {
	err := &url.Error{Op: "Get", URL: "https://10.0.0.1:6443/version", Err: errors.New("x509: certificate signed by unknown authority")}
	if got := oneLine(fmt.Errorf("discovering:\n %w", err)); got != "discovering: x509: certificate signed by unknown authority" {
		t.Errorf("oneLine = %q", got)
	}
}

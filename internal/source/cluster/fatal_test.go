package cluster

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"
)

// TestLoadFatalErrors checks that a server that cannot be used gives one
// clear line naming it, and that the error keeps its cause.
func TestLoadFatalErrors(t *testing.T) {
	unauthorized := status(apierrors.NewUnauthorized("Unauthorized"))
	tests := []struct {
		name  string
		setup func(f *fakeServer) *rest.Config
		want  string
		cause func(error) bool
	}{
		{"unreachable", func(f *fakeServer) *rest.Config { f.srv.Close(); return f.config() }, "connection refused", nil},
		{"bad token", func(f *fakeServer) *rest.Config {
			f.fault = func(*http.Request, int) *metav1.Status { return unauthorized }
			return f.config()
		}, "rejected the credentials (401 Unauthorized)", apierrors.IsUnauthorized},
		{"token rejected during the lists", func(f *fakeServer) *rest.Config {
			f.fault = func(r *http.Request, _ int) *metav1.Status {
				if r.URL.Path == "/api/v1/configmaps" {
					return unauthorized
				}
				return nil
			}
			return f.config()
		}, "rejected the credentials", apierrors.IsUnauthorized},
		{"overloaded", func(f *fakeServer) *rest.Config {
			f.fault = func(*http.Request, int) *metav1.Status { return status(apierrors.NewTooManyRequests("busy", 1)) }
			return f.config()
		}, "kept answering 429 Too Many Requests (3 tries)", apierrors.IsTooManyRequests},
		{"hanging", func(f *fakeServer) *rest.Config { f.hang = 5 * time.Second; return f.config() }, "no answer within 50ms: ", isTimeout},
		{"discovery forbidden", func(f *fakeServer) *rest.Config {
			f.fault = func(r *http.Request, _ int) *metav1.Status {
				if r.URL.Path == "/apis" {
					return status(apierrors.NewForbidden(schema.GroupResource{}, "", nil))
				}
				return nil
			}
			return f.config()
		}, "discovering API resources: Forbidden (403)", apierrors.IsForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeServer(t)
			shop(f, t)
			cfg := tt.setup(f)
			_, err := load(context.Background(), cfg, Options{RequestTimeout: 50 * time.Millisecond}, fastRetry)
			if err == nil {
				t.Fatal("load succeeded")
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.HasPrefix(msg, "connecting to "+f.srv.URL+": ") || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q, want one line about %s containing %q", msg, f.srv.URL, tt.want)
			}
			if strings.Contains(msg, `Get "`) {
				t.Errorf("error = %q repeats the request URL", msg)
			}
			if tt.cause != nil && !tt.cause(err) {
				t.Errorf("error %q lost its cause", msg)
			}
		})
	}
}

func TestLoadCanceled(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	ctx, cancel := context.WithCancel(context.Background())
	f.fault = func(r *http.Request, _ int) *metav1.Status {
		if r.URL.Path == "/api/v1/pods" {
			cancel()
		}
		return nil
	}
	if _, err := load(ctx, f.config(), Options{}, fastRetry); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error = %v, want context canceled", err)
	}
}

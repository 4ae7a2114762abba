package cluster

import (
	"errors"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestConfigzObject(t *testing.T) {
	tests := []struct {
		name, body, err string
	}{
		{"answer", `{"kubeletconfig":{"readOnlyPort":10255}}`, ""},
		{"not JSON", `<html>`, "decoding the configz of node n1"},
		{"no kubeletconfig", `{"other":{}}`, "has no kubeletconfig"},
		{"null kubeletconfig", `{"kubeletconfig":null}`, "has no kubeletconfig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := configzObject("n1", []byte(tt.body))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.Name != "n1" || o.Kind != KubeletConfigKind || o.Namespace != "" || o.Meta.Annotations[AnnotationDefaulted] != "true" {
				t.Errorf("object = %+v", o)
			}
		})
	}
}

func TestStatusErrorKeepsTheServersReason(t *testing.T) {
	body := `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"nodes \"n1\" is forbidden: User \"u\" cannot get resource \"nodes/proxy\"","reason":"Forbidden","code":403}`
	err := statusError([]byte(body), errUnknown{})
	if coverageStatus(err) != StatusForbidden || !strings.Contains(err.Error(), "nodes/proxy") {
		t.Errorf("error = %v (%s)", err, coverageStatus(err))
	}
	if err := statusError([]byte("not json"), errUnknown{}); err.Error() != "unknown" {
		t.Errorf("an unreadable body keeps the original error: %v", err)
	}
}

type errUnknown struct{}

func (errUnknown) Error() string { return "unknown" }

func TestConfigzGate(t *testing.T) {
	forbidden := apierrors.NewForbidden(schema.GroupResource{Resource: "nodes/proxy"}, "n1", errors.New("no"))
	unreachable := errors.New("dial tcp 10.0.0.1:10250: i/o timeout")

	var g configzGate
	g.record(forbidden)
	if err := g.closed(); err == nil || coverageStatus(err) != StatusForbidden || !strings.Contains(err.Error(), "was forbidden") {
		t.Errorf("one forbidden answer closes the gate as forbidden: %v", err)
	}

	g = configzGate{}
	for range configzGiveUp - 1 {
		g.record(unreachable)
	}
	if g.closed() != nil {
		t.Error("fewer failures than configzGiveUp keep trying")
	}
	g.record(unreachable)
	if err := g.closed(); err == nil || !strings.Contains(err.Error(), "could not be reached") || !strings.Contains(err.Error(), "i/o timeout") {
		t.Errorf("configzGiveUp failures in a row close the gate, naming the cause: %v", err)
	}

	g = configzGate{}
	g.record(nil)
	for range 2 * configzGiveUp {
		g.record(unreachable)
	}
	if g.closed() != nil {
		t.Error("once a kubelet answered, unreachable ones are down nodes, not a firewall: keep trying")
	}
}

func TestSelectionDescribe(t *testing.T) {
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{}, ""},
		{Options{Namespaces: []string{"shop", "billing"}}, "namespaces shop, billing"},
		{Options{ExcludeNamespaces: []string{"kube-system", "ci"}}, "every namespace but ci, kube-system"},
	} {
		if got := newSelection(tt.opts).describe(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.opts, got, tt.want)
		}
	}
}

package cluster

import (
	"strings"
	"testing"
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

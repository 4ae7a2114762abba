package rbac

import (
	"strings"
	"testing"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		verb, resource, ns, name string
		want                     Request
		note, err                string
	}{
		{"get", "secrets", "shop", "", Request{Verb: "get", Resource: "secrets", Namespace: "shop"}, "", ""},
		{"update", "deployments/scale", "", "", Request{Verb: "update", APIGroup: "apps", Resource: "deployments", Subresource: "scale"}, "", ""},
		{"get", "widgets.example.com", "", "w", Request{Verb: "get", APIGroup: "example.com", Resource: "widgets", Name: "w"}, "", ""},
		{"create", "po/exec", "", "", Request{Verb: "create", Resource: "pods", Subresource: "exec"}, "po is read as pods", ""},
		{"list", "deploy", "shop", "", Request{Verb: "list", APIGroup: "apps", Resource: "deployments", Namespace: "shop"}, "deploy is read as deployments", ""},
		{"get", "no/proxy", "shop", "", Request{Verb: "get", Resource: "nodes", Subresource: "proxy"},
			"no is read as nodes; nodes are cluster-scoped: only ClusterRoleBindings grant them, --namespace is ignored", ""},
		{"get", "nodes", "shop", "", Request{Verb: "get", Resource: "nodes"},
			"nodes are cluster-scoped: only ClusterRoleBindings grant them, --namespace is ignored", ""},
		{"get", "/metrics", "", "", Request{NonResource: true, Verb: "get", Path: "/metrics"}, "", ""},
		{"get", "widgets", "", "", Request{}, "", `unknown resource "widgets"`},
		{"", "pods", "", "", Request{}, "", "want VERB"},
	}
	for _, tt := range tests {
		got, note, err := ParseRequest(tt.verb, tt.resource, tt.ns, tt.name)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s %s: error %v, want %q", tt.verb, tt.resource, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want || note != tt.note {
			t.Errorf("%s %s -n %q: got %+v %q %v, want %+v %q", tt.verb, tt.resource, tt.ns, got, note, err, tt.want, tt.note)
		}
	}
}

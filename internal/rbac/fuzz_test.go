package rbac

import (
	"os"
	"testing"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// FuzzBuild feeds arbitrary manifests to the model: whatever decodes must
// build and answer without a panic.
func FuzzBuild(f *testing.F) {
	seed, err := os.ReadFile("testdata/model.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {'': ''}}]}\n"))
	f.Add([]byte("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: x}\nroleRef: {}\nsubjects: [{}, {kind: ServiceAccount}]\n"))
	f.Add([]byte("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x}\nrules: [{}, {verbs: []}, {resources: ['*/']}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := manifest.Decode([]manifest.Input{{File: "fuzz.yaml", Data: data, Source: "file"}})
		inv := inventory.New(res.Objects, res.Errors)
		for _, opts := range []Options{{Aggregation: FromSelectors}, {Aggregation: Stored, Defaults: true}} {
			m := Build(inv, opts)
			u := User{Name: "alice", Groups: []string{"devs"}}
			for _, req := range []Request{{Verb: "get", Resource: "pods", Subresource: "log", Namespace: "x"}, {NonResource: true, Verb: "get", Path: "/x"}} {
				m.Authorize(u, req)
				m.WhoCan(req)
				m.WhoCanInAnyNamespace(req)
			}
			m.Permissions(u)
			m.Unresolved(u)
		}
	})
}

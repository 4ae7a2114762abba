package rbac

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

const tokenWorkload = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      serviceAccountName: api
      containers: [{name: app, image: app:1}]
`

// A workload's token is not judged harmless when a binding that may name
// its service account could not be read: a forbidden LIST in a cluster
// scan, or a document that does not decode.
func TestWorkloadTokenNotCheckedWhenBindingsUnread(t *testing.T) {
	forbidden := checktest.Decode(t, "deploy.yaml", []byte(tokenWorkload))
	forbidden.Cluster = &inventory.ClusterInfo{Server: "https://test"}
	forbidden.Coverage = []inventory.Coverage{{Resource: "rolebindings.rbac.authorization.k8s.io", Status: "forbidden"}}

	broken := tokenWorkload + `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: api-secrets, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects: {kind: ServiceAccount, name: api}
`
	res := manifest.Decode([]manifest.Input{{File: "broken.yaml", Data: []byte(broken), Source: "file"}})
	if len(res.Errors) != 1 {
		t.Fatalf("the RoleBinding's subjects do not decode: want 1 error, got %v", res.Errors)
	}
	undecoded := inventory.New(res.Objects, res.Errors)

	for name, inv := range map[string]*inventory.Inventory{"forbidden": forbidden, "undecoded": undecoded} {
		t.Run(name, func(t *testing.T) {
			got := checktest.Results(workloadToken, inv, &check.Options{})
			if len(got) != 1 || !strings.HasPrefix(got[0], "not-checked ") {
				t.Errorf("got %v, want one not-checked result", got)
			}
		})
	}
}

// A binding to a role that does not decode is not judged, and says why.
func TestBindingToUndecodedRole(t *testing.T) {
	const doc = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules: {verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: User, name: alice}]
`
	res := manifest.Decode([]manifest.Input{{File: "role.yaml", Data: []byte(doc), Source: "file"}})
	inv := inventory.New(res.Objects, res.Errors)
	got := checktest.Results(roleRef, inv, &check.Options{})
	if len(got) != 1 || !strings.HasPrefix(got[0], "not-checked ") || !strings.Contains(got[0], "Role shop/reader does not decode") {
		t.Errorf("got %v, want not-checked: the role does not decode", got)
	}
	if got := checktest.Results(secretsAccess, inv, &check.Options{}); len(got) != 0 {
		t.Errorf("a binding whose role is unknown is not judged: %v", got)
	}
}

package rbac

import (
	"fmt"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// benchInventory is a large cluster's RBAC and workloads: 500
// namespaces, 10,000 Deployments running as 2,000 service accounts (and
// each namespace's default), 6,000 RoleBindings of 1,500 Roles and of the
// ClusterRoles edit and view, 500 ClusterRoleBindings.
func benchInventory(b *testing.B) *inventory.Inventory {
	var doc strings.Builder
	add := func(format string, args ...any) { fmt.Fprintf(&doc, "---\n"+format, args...) }
	for i := range 1500 {
		add("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: role-%d, namespace: ns-%d}\n"+
			"rules:\n- {apiGroups: [\"\"], resources: [configmaps, pods, pods/log], verbs: [get, list, watch]}\n"+
			"- {apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, update]}\n"+
			"- {apiGroups: [\"\"], resources: [secrets], resourceNames: [s%d], verbs: [get]}\n", i, i%500, i%50)
	}
	for i := range 6000 {
		ref := fmt.Sprintf("{kind: Role, name: role-%d}", i%1500)
		if i%3 == 0 {
			ref = "{kind: ClusterRole, name: " + []string{"edit", "view"}[i%2] + "}"
		}
		add("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb-%d, namespace: ns-%d}\nroleRef: %s\n"+
			"subjects: [{kind: ServiceAccount, name: sa-%d}, {kind: User, name: user-%d}, {kind: Group, name: team-%d}]\n", i, i%500, ref, i%2000, i%300, i%40)
	}
	for i := range 500 {
		add("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: crb-%d}\nroleRef: {kind: ClusterRole, name: %s}\n"+
			"subjects: [{kind: Group, name: team-%d}]\n", i, []string{"view", "edit", "admin"}[i%3], i%40)
	}
	for i := range 10000 {
		sa := fmt.Sprintf("sa-%d", i%2000)
		if i%5 == 0 {
			sa = "default"
		}
		add("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-%d, namespace: ns-%d}\n"+
			"spec:\n  template:\n    spec:\n      serviceAccountName: %s\n      containers: [{name: app, image: app:1}]\n", i, i%500, sa)
	}
	return checktest.Decode(b, "bench.yaml", []byte(doc.String()))
}

// BenchmarkChecks runs every RBAC check over benchInventory, the shared
// model and view included (a fresh inventory per run would time the
// decoder; the derived views are dropped by copying the inventory).
func BenchmarkChecks(b *testing.B) {
	base := benchInventory(b)
	b.ResetTimer()
	for range b.N {
		inv := inventory.New(base.Objects, nil)
		for _, c := range Checks() {
			c.Run(inv, &check.Options{}, func(check.Result) {})
		}
	}
}

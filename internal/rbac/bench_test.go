package rbac

import (
	"fmt"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// benchInventory is the scale: 2,000 roles (1,500 Roles over 500
// namespaces, 500 ClusterRoles of which 20 aggregate), 5,000 bindings
// (4,500 RoleBindings, 500 ClusterRoleBindings), 500 namespaces.
func benchInventory() *inventory.Inventory {
	var objs []*inventory.Object
	add := func(kind, ns, name string, typed any, meta *metav1.ObjectMeta) {
		objs = append(objs, &inventory.Object{APIVersion: "rbac.authorization.k8s.io/v1", Kind: kind, Namespace: ns, Name: name, Typed: typed, Meta: meta})
	}
	rules := func(i int) []rbacv1.PolicyRule {
		return []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"configmaps", "pods", "pods/log"}, Verbs: []string{"get", "list", "watch"}},
			{APIGroups: []string{"apps"}, Resources: []string{"deployments", "deployments/scale"}, Verbs: []string{"get", "update"}},
			{APIGroups: []string{""}, Resources: []string{"secrets"}, ResourceNames: []string{fmt.Sprintf("s%d", i%50)}, Verbs: []string{"get"}},
		}
	}
	for i := range 500 {
		name := fmt.Sprintf("cr-%d", i)
		cr := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"group": fmt.Sprint(i % 20)}}, Rules: rules(i)}
		if i < 20 {
			cr.Rules = nil
			cr.AggregationRule = &rbacv1.AggregationRule{ClusterRoleSelectors: []metav1.LabelSelector{{MatchLabels: map[string]string{"group": fmt.Sprint((i + 1) % 20)}}}}
		}
		add("ClusterRole", "", name, cr, &cr.ObjectMeta)
	}
	for i := range 1500 {
		ns := fmt.Sprintf("ns-%d", i%500)
		r := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("role-%d", i), Namespace: ns}, Rules: rules(i)}
		add("Role", ns, r.Name, r, &r.ObjectMeta)
	}
	subjects := func(i int) []rbacv1.Subject {
		return []rbacv1.Subject{
			{Kind: "ServiceAccount", Name: fmt.Sprintf("sa-%d", i), Namespace: fmt.Sprintf("ns-%d", i%500)},
			{Kind: "User", Name: fmt.Sprintf("user-%d", i%300)},
			{Kind: "Group", Name: fmt.Sprintf("team-%d", i%40)},
		}
	}
	for i := range 500 {
		b := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("crb-%d", i)},
			RoleRef: rbacv1.RoleRef{Kind: "ClusterRole", Name: fmt.Sprintf("cr-%d", i%500)}, Subjects: subjects(i)}
		add("ClusterRoleBinding", "", b.Name, b, &b.ObjectMeta)
	}
	for i := range 4500 {
		ns := fmt.Sprintf("ns-%d", i%500)
		ref := rbacv1.RoleRef{Kind: "Role", Name: fmt.Sprintf("role-%d", i%1500)}
		if i%3 == 0 {
			ref = rbacv1.RoleRef{Kind: "ClusterRole", Name: fmt.Sprintf("cr-%d", i%500)}
		}
		b := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("rb-%d", i), Namespace: ns}, RoleRef: ref, Subjects: subjects(i)}
		add("RoleBinding", ns, b.Name, b, &b.ObjectMeta)
	}
	return inventory.New(objs, nil)
}

func BenchmarkBuild(b *testing.B) {
	inv := benchInventory()
	b.ResetTimer()
	for range b.N {
		Build(inv, Options{Aggregation: FromSelectors, Defaults: true})
	}
}

func BenchmarkWhoCan(b *testing.B) {
	m := Build(benchInventory(), Options{Aggregation: FromSelectors, Defaults: true})
	req := Request{Verb: "update", APIGroup: "apps", Resource: "deployments", Subresource: "scale", Namespace: "ns-7"}
	b.ResetTimer()
	for range b.N {
		m.WhoCan(req)
	}
}

func BenchmarkWhoCanInAnyNamespace(b *testing.B) {
	m := Build(benchInventory(), Options{Aggregation: FromSelectors, Defaults: true})
	req := Request{Verb: "get", Resource: "secrets", Name: "s7"}
	b.ResetTimer()
	for range b.N {
		m.WhoCanInAnyNamespace(req)
	}
}

func BenchmarkPermissions(b *testing.B) {
	m := Build(benchInventory(), Options{Aggregation: FromSelectors, Defaults: true})
	u := ServiceAccountUser("ns-7", "sa-7")
	b.ResetTimer()
	for range b.N {
		m.Permissions(u)
	}
}

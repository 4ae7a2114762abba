package fix

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authentication/serviceaccount"

	"github.com/palisade-dev/palisade/internal/fix/yamledit"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// noAutomount sets automountServiceAccountToken: false on the pod. That
// is safe only when the workload cannot need the token: it runs as the
// namespace's default service account, which nothing in the scan grants
// a role. A pod with its own service account, or one whose account holds
// a binding, most likely calls the API, so the fix is then risky; so it
// is when the manifest asks for the token explicitly.
func noAutomount(t target) (Remedy, error) {
	if t.pt == nil || t.path != t.pt.SpecPath+".automountServiceAccountToken" {
		return none("the finding is not about a pod's automountServiceAccountToken")
	}
	r := Remedy{
		Description: "set automountServiceAccountToken: false on the pod",
		Ops:         []yamledit.Op{set(t.path, yamledit.Bool(false))},
	}
	sa := t.pt.Spec.ServiceAccountName
	if sa == "" {
		sa = t.pt.Spec.DeprecatedServiceAccount
	}
	switch {
	case t.pt.Spec.AutomountServiceAccountToken != nil:
		r.Risky, r.Why = true, "the manifest asks for the token explicitly; API calls from the pod fail without it"
	case sa != "" && sa != "default":
		r.Risky, r.Why = true, "the pod has a service account of its own ("+sa+"), so it likely calls the API, which fails without the token"
	case bound(t.inv, t.pt.Namespace(), "default"):
		r.Risky, r.Why = true, "a binding in the scan grants the default service account a role, so the pod may call the API, which fails without the token"
	}
	return r, nil
}

// bound reports whether a RoleBinding or ClusterRoleBinding in the
// inventory names the service account, directly or through its groups.
func bound(inv *inventory.Inventory, namespace, name string) bool {
	user := serviceaccount.MakeUsername(namespace, name)
	groups := serviceaccount.MakeGroupNames(namespace)
	names := func(subjects []rbacv1.Subject, bindingNS string) bool {
		for _, s := range subjects {
			switch s.Kind {
			case rbacv1.ServiceAccountKind:
				ns := s.Namespace
				if ns == "" {
					ns = bindingNS
				}
				if ns == namespace && s.Name == name {
					return true
				}
			case rbacv1.UserKind:
				if s.Name == user {
					return true
				}
			case rbacv1.GroupKind:
				for _, g := range groups {
					if s.Name == g {
						return true
					}
				}
			}
		}
		return false
	}
	for _, o := range inv.ByKind("RoleBinding") {
		if b, ok := o.Typed.(*rbacv1.RoleBinding); ok && b.Namespace == namespace && names(b.Subjects, b.Namespace) {
			return true
		}
	}
	for _, o := range inv.ByKind("ClusterRoleBinding") {
		if b, ok := o.Typed.(*rbacv1.ClusterRoleBinding); ok && names(b.Subjects, "") {
			return true
		}
	}
	return false
}

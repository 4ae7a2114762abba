package fix

import (
	"strings"

	"github.com/palisade-dev/palisade/internal/checks/workload"
	"github.com/palisade-dev/palisade/internal/fix/yamledit"
	"github.com/palisade-dev/palisade/internal/rbac"
)

// noAutomount sets automountServiceAccountToken: false on the pod. That
// is safe only when the workload cannot need the token: it runs as the
// namespace's default service account, which nothing in the scan grants
// a role. A pod with its own service account, or one whose account holds
// a binding, most likely calls the API, so the fix is then risky; so it
// is when the manifest asks for the token explicitly, and when the
// bindings could not all be read.
func noAutomount(t target) (Remedy, error) {
	if t.pt == nil || t.path != t.pt.SpecPath+".automountServiceAccountToken" {
		return none("the finding is not about a pod's automountServiceAccountToken")
	}
	r := Remedy{
		Description: "set automountServiceAccountToken: false on the pod",
		Ops:         []yamledit.Op{set(t.path, yamledit.Bool(false))},
	}
	sa := workload.ServiceAccountName(t.pt.Spec)
	switch {
	case t.pt.Spec.AutomountServiceAccountToken != nil:
		r.Risky, r.Why = true, "the manifest asks for the token explicitly; API calls from the pod fail without it"
	case sa != "default":
		r.Risky, r.Why = true, "the pod has a service account of its own ("+sa+"), so it likely calls the API, which fails without the token"
	default:
		if why := granted(rbac.For(t.inv), t.pt.Namespace()); why != "" {
			r.Risky, r.Why = true, why
		}
	}
	return r, nil
}

// granted says why the default service account of namespace may use its
// token: a binding of the scan (not one of Kubernetes' own, which grant
// every account discovery and the like) names it, directly or through a
// group, or bindings could not be read; "" when neither.
func granted(m *rbac.Model, namespace string) string {
	if namespace == "" {
		namespace = rbac.UnsetNamespace
	}
	u := rbac.ServiceAccountUser(namespace, "default")
	for _, g := range m.Permissions(u) {
		if !g.Binding.Builtin() {
			return g.Binding.Describe() + " grants the default service account a role, so the pod may call the API, which fails without the token"
		}
	}
	for _, b := range m.Unresolved(u) {
		if !b.Builtin() {
			return b.Describe() + " names the default service account, so the pod may call the API, which fails without the token"
		}
	}
	if len(m.Unread) > 0 {
		return "bindings could not be read (" + strings.Join(m.Unread, ", ") + "), so the pod may call the API, which fails without the token"
	}
	return ""
}

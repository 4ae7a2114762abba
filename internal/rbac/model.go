// Package rbac is Palisade's effective-permission model: who may do what
// through which binding, computed once per inventory with the exact
// semantics of the Kubernetes RBAC authorizer (rule matching, subject
// matching, RoleBinding-to-ClusterRole scoping, system:masters) and of the
// ClusterRole aggregation controller. Checks, the rbac command and the
// SubjectAccessReview test all ask the same model.
package rbac

import (
	"strconv"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Role is a Role or ClusterRole with its effective rules.
type Role struct {
	Kind      string // "Role" or "ClusterRole"
	Namespace string // "" for a ClusterRole
	Name      string
	Object    *inventory.Object
	// Stored are the rules as written (or stored by the API server).
	Stored []rbacv1.PolicyRule
	// Aggregation is the ClusterRole's aggregationRule, or nil.
	Aggregation *rbacv1.AggregationRule
	// Rules are the effective rules: Stored, or for an aggregated
	// ClusterRole resolved through its selectors (see Options).
	Rules []Rule
	// Default marks a role of Kubernetes' defaults that the model added
	// because the inventory (a file scan) does not have it.
	Default bool
}

// Rule is one effective rule and where it is written: Role's
// rules[Index] (another ClusterRole's, for an aggregated role).
type Rule struct {
	rbacv1.PolicyRule
	Role  *Role
	Index int
}

// Path is the rule's field path in its role, "rules[2]".
func (r Rule) Path() string { return "rules[" + strconv.Itoa(r.Index) + "]" }

// String renders the rule compactly: "get,list secrets,configmaps",
// "create pods/exec (names: a,b)", "get /healthz,/metrics".
func (r Rule) String() string {
	s := strings.Join(r.Verbs, ",")
	if len(r.NonResourceURLs) > 0 {
		return s + " " + strings.Join(r.NonResourceURLs, ",")
	}
	res := strings.Join(r.Resources, ",")
	if g := groupsString(r.APIGroups); g != "" {
		res += " (apiGroups " + g + ")"
	}
	if len(r.ResourceNames) > 0 {
		res += " named " + strings.Join(r.ResourceNames, ",")
	}
	return s + " " + res
}

func groupsString(groups []string) string {
	if len(groups) == 1 && groups[0] == "" {
		return ""
	}
	q := make([]string, len(groups))
	for i, g := range groups {
		q[i] = strconv.Quote(g)
	}
	return strings.Join(q, ",")
}

// Describe names the role: "ClusterRole view", "Role shop/reader".
func (r *Role) Describe() string {
	if r.Namespace == "" {
		return r.Kind + " " + r.Name
	}
	return r.Kind + " " + r.Namespace + "/" + r.Name
}

// Builtin reports whether the role is one of the cluster's own (see
// Builtin).
func (r *Role) Builtin() bool { return r.Default || Builtin(r.Object) }

// Binding is a RoleBinding or ClusterRoleBinding and the role it grants.
type Binding struct {
	Kind      string // "RoleBinding" or "ClusterRoleBinding"
	Namespace string // "" for a ClusterRoleBinding
	Name      string
	Object    *inventory.Object
	RoleRef   rbacv1.RoleRef
	Subjects  []rbacv1.Subject
	// Role is the role granted, or nil (see Unresolved).
	Role *Role
	// Unresolved says why Role is nil: the role is missing, or its kind
	// is not one a binding may reference.
	Unresolved string
	// Dangling is true when the role is known not to exist: every role
	// was read (a cluster scan) and it is not there. A file scan cannot
	// know (the role may be applied from elsewhere).
	Dangling bool
	// InvalidRef is true when the roleRef can never resolve: a kind other
	// than Role or ClusterRole, or a ClusterRoleBinding to a Role.
	InvalidRef bool
	Default    bool
}

// Describe names the binding: "ClusterRoleBinding ops",
// "RoleBinding shop/deployers".
func (b *Binding) Describe() string {
	if b.Namespace == "" {
		return b.Kind + " " + b.Name
	}
	return b.Kind + " " + b.Namespace + "/" + b.Name
}

// Builtin reports whether the binding is one of the cluster's own (see
// Role.Builtin).
func (b *Binding) Builtin() bool { return b.Default || Builtin(b.Object) }

// Subject returns subject i as it applies (a ServiceAccount's namespace
// filled in from a RoleBinding); ok is false when it applies to no one.
func (b *Binding) Subject(i int) (rbacv1.Subject, bool) {
	return effectiveSubject(b.Subjects[i], b.Namespace)
}

// Rules are the effective rules the binding grants (none when unresolved).
func (b *Binding) Rules() []Rule {
	if b.Role == nil {
		return nil
	}
	return b.Role.Rules
}

// Scope says where the binding's grants apply: "cluster-wide" or
// "namespace NS".
func (b *Binding) Scope() string {
	if b.Namespace == "" {
		return "cluster-wide"
	}
	return "namespace " + b.Namespace
}

// Chain names the path from a subject to a rule: "ClusterRoleBinding ops
// -> ClusterRole admin rules[3] (from ClusterRole system:aggregate-to-admin)".
func (b *Binding) Chain(r Rule) string {
	s := b.Describe() + " -> " + b.RoleRef.Kind + " " + b.RoleRef.Name
	if r.Role == nil {
		return s
	}
	s += " " + r.Path()
	if r.Role != b.Role {
		s += " (from " + r.Role.Describe() + ")"
	}
	return s
}

// Builtin reports whether an RBAC object is one of the cluster's own:
// from Kubernetes' defaults (label kubernetes.io/bootstrapping=
// rbac-defaults, or added to a file scan, see FromDefaults), or named
// system:* or kubeadm:*.
func Builtin(o *inventory.Object) bool {
	switch {
	case o == nil:
		return false
	case FromDefaults(o), strings.HasPrefix(o.Name, "system:"), strings.HasPrefix(o.Name, "kubeadm:"):
		return true
	}
	return o.Meta != nil && o.Meta.Labels["kubernetes.io/bootstrapping"] == "rbac-defaults"
}

// FromDefaults reports whether an RBAC object is one of Kubernetes'
// defaults that the model added to a file scan (see Options.Defaults),
// not one of the scan's own.
func FromDefaults(o *inventory.Object) bool { return o != nil && o.Source == defaultsSource }

// Problem is something in the RBAC objects that grants nothing or is
// invalid: a binding to a missing role, an unknown subject kind, a
// malformed aggregation selector.
type Problem struct {
	Object  *inventory.Object
	Path    string
	Message string
}

// Model is the effective-permission model of one inventory.
type Model struct {
	Roles    []*Role
	Bindings []*Binding
	Problems []Problem
	// Unread names what may hide grants: the RBAC resources a cluster
	// scan could not read (forbidden, say) and the bindings that did not
	// decode. Answers may then miss grants.
	Unread []string
	// Aggregation is how aggregated ClusterRoles were resolved.
	Aggregation Aggregation

	roles       map[roleKey]*Role
	cluster     []*Binding
	byNamespace map[string][]*Binding
	// bySubject indexes Bindings (by position) under every user and group
	// name their subjects can match, so per-user queries read only those.
	bySubject map[subjectKey][]int
}

// subjectKey is a user name (service accounts by their user name) or a
// group name a binding's subject matches.
type subjectKey struct {
	group bool
	name  string
}

type roleKey struct{ kind, namespace, name string }

// Role returns a role by kind ("Role" or "ClusterRole"), namespace and
// name, or nil.
func (m *Model) Role(kind, namespace, name string) *Role {
	return m.roles[roleKey{kind, namespace, name}]
}

// Namespaces lists the namespaces that have RoleBindings, in no order.
func (m *Model) Namespaces() []string {
	out := make([]string, 0, len(m.byNamespace))
	for ns := range m.byNamespace {
		out = append(out, ns)
	}
	return out
}

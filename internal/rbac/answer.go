package rbac

import (
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// Answer is the result of a who-can or permissions query, for the rbac
// command's table and JSON.
type Answer struct {
	Query  string `json:"query"`
	Grants []Row  `json:"grants"`
	// Unknown are bindings that may matter but whose role could not be
	// resolved (not in the scan, or missing): their grants are unknown.
	Unknown []string `json:"unknown,omitempty"`
	// Unread are RBAC lists a cluster scan could not read.
	Unread []string `json:"unread,omitempty"`
	// Notes explain how the query was read.
	Notes []string `json:"notes,omitempty"`
}

// Row is one grant: who, where, through which binding and rule.
type Row struct {
	Subject rbacv1.Subject `json:"subject"`
	// Scope is "cluster-wide" or "namespace NS".
	Scope   string             `json:"scope"`
	Binding *ObjectRef         `json:"binding,omitempty"`
	Role    *ObjectRef         `json:"role,omitempty"`
	Rule    *rbacv1.PolicyRule `json:"rule,omitempty"`
	// RuleSource is where the rule is written: "ClusterRole x rules[2]"
	// (another role than Role for an aggregated role).
	RuleSource string `json:"ruleSource,omitempty"`
	// Note explains a grant without a binding (system:masters).
	Note string `json:"note,omitempty"`
}

// ObjectRef names a role or binding.
type ObjectRef struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
}

// mastersRow is the grant system:masters holds without any binding.
func mastersRow() Row {
	return Row{Subject: rbacv1.Subject{Kind: rbacv1.GroupKind, Name: GroupMasters}, Scope: "cluster-wide",
		Note: "all-powerful: the API server allows its members everything without asking RBAC"}
}

func rowOf(g Grant) Row {
	b := g.Binding
	r := Row{Subject: g.Subject, Scope: b.Scope(), Binding: &ObjectRef{Kind: b.Kind, Namespace: b.Namespace, Name: b.Name},
		Role: &ObjectRef{Kind: b.RoleRef.Kind, Name: b.RoleRef.Name}}
	if b.RoleRef.Kind == "Role" {
		r.Role.Namespace = b.Namespace
	}
	rule := g.Rule.PolicyRule
	r.Rule = &rule
	if g.Rule.Role != nil {
		r.RuleSource = g.Rule.Role.Describe() + " " + g.Rule.Path()
	}
	return r
}

// WhoCanAnswer answers who may make the request: in req.Namespace, or
// with anyNamespace in every namespace (for a namespaced resource asked
// without a namespace). system:masters always comes first.
func (m *Model) WhoCanAnswer(req Request, anyNamespace bool) Answer {
	a := Answer{Query: "who can " + req.String(), Grants: []Row{mastersRow()}, Unread: m.Unread}
	var grants []Grant
	if anyNamespace {
		grants = m.WhoCanInAnyNamespace(req)
		a.Query += " in any namespace"
	} else {
		grants = m.WhoCan(req)
	}
	for _, g := range grants {
		a.Grants = append(a.Grants, rowOf(g))
	}
	for _, b := range m.Bindings {
		if b.Role != nil || b.InvalidRef {
			continue
		}
		if b.Namespace == "" || (!req.NonResource && (anyNamespace || b.Namespace == req.Namespace)) {
			a.Unknown = append(a.Unknown, b.Describe()+": "+b.Unresolved)
		}
	}
	return a
}

// PermissionsAnswer lists every grant that reaches a subject, evaluated
// as user u (see ParseSubject).
func (m *Model) PermissionsAnswer(s rbacv1.Subject, u User) Answer {
	a := Answer{Query: "permissions of " + DescribeSubject(s), Unread: m.Unread}
	if slices.Contains(u.Groups, GroupMasters) {
		a.Grants = append(a.Grants, mastersRow())
	}
	for _, g := range m.Permissions(u) {
		a.Grants = append(a.Grants, rowOf(g))
	}
	for _, b := range m.Unresolved(u) {
		if !b.InvalidRef {
			a.Unknown = append(a.Unknown, b.Describe()+": "+b.Unresolved)
		}
	}
	if s.Kind == rbacv1.UserKind {
		a.Notes = append(a.Notes, "evaluated with the groups "+strings.Join(u.Groups, ", ")+"; the user's other groups (add them with --group) may grant more")
	}
	return a
}

package rbac

import (
	"slices"
	"sort"

	rbacv1 "k8s.io/api/rbac/v1"
)

// Grant is one rule reaching a subject through a binding.
type Grant struct {
	Binding *Binding
	// Subject is the binding's subject as it applies (a ServiceAccount's
	// namespace filled in from a RoleBinding), and SubjectIndex its index
	// in the binding's subjects.
	Subject      rbacv1.Subject
	SubjectIndex int
	Rule         Rule
}

// Chain names the path from the subject to the rule.
func (g Grant) Chain() string { return DescribeSubject(g.Subject) + " <- " + g.Binding.Chain(g.Rule) }

// Decision is the answer to one request.
type Decision struct {
	Allowed bool
	// Masters is true when the user is in system:masters, which the API
	// server allows everything without asking RBAC.
	Masters bool
	// Grant is the first grant that allows (nil when Masters or denied).
	Grant *Grant
}

// Authorize answers a request for a user exactly as the API server does
// with the RBAC authorizer: system:masters first, then every
// ClusterRoleBinding, then the RoleBindings of the request's namespace.
// A non-resource request has no namespace, whatever req.Namespace says.
func (m *Model) Authorize(u User, req Request) Decision {
	if req.NonResource {
		req.Namespace = ""
	}
	if slices.Contains(u.Groups, GroupMasters) {
		return Decision{Allowed: true, Masters: true}
	}
	if g := m.firstGrant(u, req, m.cluster, ""); g != nil {
		return Decision{Allowed: true, Grant: g}
	}
	if req.Namespace != "" {
		if g := m.firstGrant(u, req, m.byNamespace[req.Namespace], req.Namespace); g != nil {
			return Decision{Allowed: true, Grant: g}
		}
	}
	return Decision{}
}

func (m *Model) firstGrant(u User, req Request, bindings []*Binding, ns string) *Grant {
	for _, b := range bindings {
		i, ok := appliesTo(u, b.Subjects, ns)
		if !ok {
			continue
		}
		for _, r := range b.Rules() {
			if RuleAllows(req, &r.PolicyRule) {
				s, _ := effectiveSubject(b.Subjects[i], ns)
				return &Grant{Binding: b, Subject: s, SubjectIndex: i, Rule: r}
			}
		}
	}
	return nil
}

// WhoCan lists every subject allowed the request, with the first rule
// that allows it through each binding: subjects of ClusterRoleBindings,
// and of RoleBindings in req.Namespace. Members of system:masters are
// allowed too, with no binding (callers name that group themselves).
func (m *Model) WhoCan(req Request) []Grant {
	if req.NonResource {
		req.Namespace = ""
	}
	out := m.grantsFor(req, m.cluster)
	if req.Namespace != "" {
		out = append(out, m.grantsFor(req, m.byNamespace[req.Namespace])...)
	}
	return out
}

// WhoCanInAnyNamespace is WhoCan for a namespaced resource in every
// namespace at once: ClusterRoleBindings, and the RoleBindings of every
// namespace (each grant then holds in its binding's namespace only).
// req.Namespace is ignored.
func (m *Model) WhoCanInAnyNamespace(req Request) []Grant {
	req.Namespace = ""
	out := m.grantsFor(req, m.cluster)
	if req.NonResource {
		return out // RoleBindings never grant non-resource URLs
	}
	namespaces := m.Namespaces()
	sort.Strings(namespaces)
	for _, ns := range namespaces {
		req.Namespace = ns
		out = append(out, m.grantsFor(req, m.byNamespace[ns])...)
	}
	return out
}

// grantsFor returns, for each binding with a rule allowing req, one grant
// per subject that applies to someone.
func (m *Model) grantsFor(req Request, bindings []*Binding) []Grant {
	var out []Grant
	for _, b := range bindings {
		for _, r := range b.Rules() {
			if !RuleAllows(req, &r.PolicyRule) {
				continue
			}
			for i, s := range b.Subjects {
				if eff, ok := effectiveSubject(s, b.Namespace); ok {
					out = append(out, Grant{Binding: b, Subject: eff, SubjectIndex: i, Rule: r})
				}
			}
			break
		}
	}
	return out
}

// Permissions lists every grant that reaches the user: the rules of each
// ClusterRoleBinding that names it (cluster-wide) and of each RoleBinding
// that names it (in that binding's namespace), in the order of the
// bindings (a RoleBinding's non-resource rules, which never apply, are
// left out). Bindings whose role could not be resolved give no grant; see
// Unresolved.
func (m *Model) Permissions(u User) []Grant {
	var out []Grant
	for _, b := range m.candidates(u) {
		i, ok := appliesTo(u, b.Subjects, b.Namespace)
		if !ok {
			continue
		}
		s, _ := effectiveSubject(b.Subjects[i], b.Namespace)
		for _, r := range b.Rules() {
			if b.Namespace != "" && len(r.NonResourceURLs) > 0 {
				continue // a RoleBinding never grants non-resource URLs
			}
			out = append(out, Grant{Binding: b, Subject: s, SubjectIndex: i, Rule: r})
		}
	}
	return out
}

// Unresolved lists the bindings naming the user whose role could not be
// resolved (missing or not in the scan): their grants are unknown.
func (m *Model) Unresolved(u User) []*Binding {
	var out []*Binding
	for _, b := range m.candidates(u) {
		if _, ok := appliesTo(u, b.Subjects, b.Namespace); ok && b.Role == nil {
			out = append(out, b)
		}
	}
	return out
}

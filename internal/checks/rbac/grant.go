package rbac

import (
	"slices"
	"strconv"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/rbac"
)

// pattern is one kind of risky grant: any of verbs on any of resources
// ("pods", "pods/exec") of an API group.
type pattern struct {
	verbs     []string
	group     string
	resources []string
	// clusterScoped resources are only granted by ClusterRoleBindings: a
	// RoleBinding's grant on them never applies.
	clusterScoped bool
	// named grants (restricted by resourceNames) still count: bind on
	// the ClusterRole cluster-admin is as bad as bind on all.
	named bool
	// namespace, when set, limits the pattern to objects of that
	// namespace (kube-system ConfigMaps): RoleBindings elsewhere do not
	// count.
	namespace string
}

// match lists what a rule grants of the pattern through a binding of
// namespace ns ("" for a ClusterRoleBinding), e.g. ["get secrets",
// "list secrets"]; nothing when the binding cannot grant it there.
func (p pattern) match(r rbac.Rule, ns string) []string {
	if ns != "" && (p.clusterScoped || (p.namespace != "" && ns != p.namespace)) {
		return nil
	}
	if !p.mayGrant(&r.PolicyRule) {
		return nil
	}
	if ns == "" {
		ns = p.namespace
	}
	var out []string
	for _, res := range p.resources {
		resource, sub, _ := strings.Cut(res, "/")
		var all, named []string
		for _, verb := range p.verbs {
			req := rbac.Request{Verb: verb, APIGroup: p.group, Resource: resource, Subresource: sub, Namespace: ns}
			switch {
			case rbac.RuleAllows(req, &r.PolicyRule):
				all = append(all, verb)
			case p.named && rbac.RuleAllowsSomeName(req, &r.PolicyRule):
				named = append(named, verb)
			}
		}
		if len(all) > 0 {
			out = append(out, strings.Join(all, ",")+" "+res)
		}
		if len(named) > 0 {
			out = append(out, strings.Join(named, ",")+" "+res+" named "+strings.Join(r.ResourceNames, ","))
		}
	}
	return out
}

// mayGrant is a quick test that rules most rules out before the request
// by request matching below: a rule grants a request only when it names
// one of its verbs (or *) and its API group (or *), so a rule that names
// none of the pattern's verbs, or not its group, grants nothing of it
// (with resourceNames or without).
func (p pattern) mayGrant(r *rbacv1.PolicyRule) bool {
	verb := false
	for _, v := range r.Verbs {
		if v == rbacv1.VerbAll || slices.Contains(p.verbs, v) {
			verb = true
			break
		}
	}
	return verb && (slices.Contains(r.APIGroups, rbacv1.APIGroupAll) || slices.Contains(r.APIGroups, p.group))
}

// matchAll lists what a rule grants of any of the patterns.
func matchAll(patterns []pattern, r rbac.Rule, ns string) []string {
	var out []string
	for _, p := range patterns {
		out = append(out, p.match(r, ns)...)
	}
	return out
}

// held is what one binding grants of a check's patterns: the matches and
// the rules they come from.
type held struct {
	what  []string
	rules []rbac.Rule
}

func holdings(b *rbac.Binding, patterns []pattern) held {
	var h held
	ns := b.Namespace
	for _, r := range b.Rules() {
		if m := matchAll(patterns, r, ns); len(m) > 0 {
			h.what = append(h.what, m...)
			h.rules = append(h.rules, r)
		}
	}
	return h
}

// scope is all that a pattern set's matches depend on in a binding's
// namespace: cluster-wide (the zero scope), the namespace a pattern is
// limited to, or any other namespace.
type scope struct {
	ns    string
	other bool
}

func scopeOf(patterns []pattern, ns string) scope {
	if ns == "" {
		return scope{}
	}
	for _, p := range patterns {
		if p.namespace == ns {
			return scope{ns: ns}
		}
	}
	return scope{other: true}
}

// roleScope is a role granted in a kind of scope; with index, one rule
// of it (index is 0 where the key is the whole role).
type roleScope struct {
	role  *rbac.Role
	index int
	scope scope
}

// granted finds what bindings grant of one pattern set, once per role and
// kind of scope in a check run: a scan's many bindings grant the same few
// roles (edit, view, a team's role) over and over.
type granted struct {
	patterns []pattern
	memo     map[roleScope]held
}

func newGranted(patterns ...pattern) *granted {
	return &granted{patterns: patterns, memo: map[roleScope]held{}}
}

// by returns what b grants of the patterns.
func (g *granted) by(b *rbac.Binding) held {
	k := roleScope{role: b.Role, scope: scopeOf(g.patterns, b.Namespace)}
	h, ok := g.memo[k]
	if !ok {
		h = holdings(b, g.patterns)
		g.memo[k] = h
	}
	return h
}

// chain names the binding and the rules: "RoleBinding shop/x -> Role x
// rules[0], rules[2]".
func (h held) chain(b *rbac.Binding) string {
	s := b.Chain(h.rules[0])
	for _, r := range h.rules[1:] {
		s += ", " + r.Path()
		if r.Role != b.Role {
			s += " (from " + r.Role.Describe() + ")"
		}
	}
	return s
}

// grantCheck builds a check that fails every subject of a judged binding
// that grants one of the patterns, at subjects[i], with the severity of
// its holder and scope; bindings that grant none pass.
func grantCheck(m check.Meta, patterns ...pattern) *check.Check {
	m.Category = category
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
		v, grants := viewOf(inv), newGranted(patterns...)
		for _, b := range v.judged(opts) {
			if b.Role == nil {
				continue // rbac-binding-role-ref says why
			}
			h := grants.by(b)
			if len(h.what) == 0 {
				report(check.Result{Object: b.Object, Status: check.Pass, Path: "roleRef"})
				continue
			}
			v.reportSubjects(b, m.Severity, func(subject string) string {
				return subject + " may " + dedupe(h.what) + " " + scopeText(b) + " through " + h.chain(b)
			}, report)
		}
	}}
}

// reportSubjects fails each subject of b that applies to someone, with
// its holder's severity and the message built for it.
func (v *view) reportSubjects(b *rbac.Binding, base check.Severity, message func(subject string) string, report func(check.Result)) {
	for i := range b.Subjects {
		eff, ok := b.Subject(i)
		if !ok {
			continue // rbac-invalid-subject reports it
		}
		t, _ := v.tierOf(eff)
		report(check.Result{Object: b.Object, Path: subjectPath(i), Message: message(v.holder(eff)),
			Severity: severity(base, t, oneNamespace(b))})
	}
}

func subjectPath(i int) string { return "subjects[" + strconv.Itoa(i) + "]" }

// scopeText says where a binding's grants hold.
func scopeText(b *rbac.Binding) string {
	if b.Namespace == "" {
		return "cluster-wide"
	}
	if b.Namespace == rbac.UnsetNamespace {
		return "in the namespace chosen at apply time"
	}
	return "in namespace " + b.Namespace
}

// dedupe joins matches without repeats, in order.
func dedupe(list []string) string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

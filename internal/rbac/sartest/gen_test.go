package sartest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// The generated RBAC set: namespaces, subjects and the vocabulary of
// rules, chosen so that every matching rule of the authorizer is
// exercised (wildcards, "*/sub" and the non-wildcard "pods/*",
// resourceNames, non-resource URLs with a trailing "*").
var (
	namespaces = []string{"alpha", "beta", "gamma"}
	users      = []string{"alice", "bob", "carol", "dave"}
	groups     = []string{"devs", "ops", "auditors"}
	accounts   = [][2]string{{"alpha", "app"}, {"alpha", "default"}, {"beta", "worker"}, {"gamma", "ci"}}
	verbs      = []string{"get", "list", "watch", "create", "update", "patch", "delete", "escalate", "bind", "impersonate", "*"}
	apiGroups  = []string{"", "", "apps", "*", "rbac.authorization.k8s.io", "example.com"}
	resources  = []string{"pods", "pods/exec", "pods/log", "pods/*", "*/scale", "deployments", "deployments/scale",
		"secrets", "configmaps", "nodes", "nodes/proxy", "roles", "clusterroles", "users", "widgets", "*", "*/status", "serviceaccounts/token"}
	names   = []string{"web", "db", "n1"}
	urls    = []string{"/healthz", "/metrics", "/logs/*", "/api*", "*", "/version/", "/apis/apps"}
	nrVerbs = []string{"get", "post", "*"}
)

// generated is one RBAC set and what the generator knows of it.
type generated struct {
	objects []any
	// aggregated maps each aggregated ClusterRole to the rules it was
	// written with: the union of the roles its selectors match, computed
	// here independently of the model.
	aggregated map[string][]rbacv1.PolicyRule
}

type generator struct{ r *rand.Rand }

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *generator) some(list []string, max int) []string {
	n := 1 + g.r.IntN(max)
	var out []string
	for len(out) < n {
		if s := g.pick(list); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (g *generator) rule(nonResource bool) rbacv1.PolicyRule {
	if nonResource {
		return rbacv1.PolicyRule{Verbs: g.some(nrVerbs, 2), NonResourceURLs: g.some(urls, 2)}
	}
	r := rbacv1.PolicyRule{Verbs: g.some(verbs, 3), APIGroups: g.some(apiGroups, 2), Resources: g.some(resources, 3)}
	if g.r.IntN(4) == 0 {
		r.ResourceNames = g.some(names, 2)
	}
	return r
}

func (g *generator) rules(cluster bool) []rbacv1.PolicyRule {
	n := 1 + g.r.IntN(3)
	out := make([]rbacv1.PolicyRule, n)
	for i := range out {
		out[i] = g.rule(cluster && g.r.IntN(6) == 0)
	}
	return out
}

func (g *generator) subject(bindingNS string) rbacv1.Subject {
	switch g.r.IntN(5) {
	case 0:
		return rbacv1.Subject{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: g.pick(users)}
	case 1:
		return rbacv1.Subject{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: g.pick(groups)}
	case 2:
		ns := g.pick(namespaces)
		if g.r.IntN(3) == 0 {
			ns = bindingNS
		}
		if ns == "" {
			ns = "alpha"
		}
		return rbacv1.Subject{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: "system:serviceaccounts:" + ns}
	}
	sa := accounts[g.r.IntN(len(accounts))]
	s := rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Namespace: sa[0], Name: sa[1]}
	if bindingNS != "" && g.r.IntN(2) == 0 {
		s.Namespace, s.Name = "", g.pick([]string{"app", "default", "worker", "ci"}) // defaults to the binding's namespace
	}
	return s
}

func (g *generator) subjects(bindingNS string) []rbacv1.Subject {
	out := make([]rbacv1.Subject, 1+g.r.IntN(3))
	for i := range out {
		out[i] = g.subject(bindingNS)
	}
	return out
}

// generate builds the RBAC set of one seed.
func generate(seed uint64) *generated {
	g := &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	out := &generated{aggregated: map[string][]rbacv1.PolicyRule{}}
	var clusterRoles []string
	labelled := map[string][]rbacv1.PolicyRule{} // label -> rules of the roles carrying it, in name order
	for i := range 12 {
		name := fmt.Sprintf("sar-base-%02d", i)
		rules := g.rules(true)
		labels := map[string]string{}
		for _, l := range []string{"agg-a", "agg-b", "tier"} {
			if g.r.IntN(3) == 0 {
				labels["sartest/"+l] = "true"
				labelled[l] = appendNew(labelled[l], rules...)
			}
		}
		out.objects = append(out.objects, &rbacv1.ClusterRole{TypeMeta: typeMeta("ClusterRole"), ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}, Rules: rules})
		clusterRoles = append(clusterRoles, name)
	}
	// sar-agg-a aggregates agg-a; sar-agg-b aggregates agg-b and sar-agg-a
	// (nested, labelled agg-b); sar-agg-c has two selectors; sar-agg-none
	// selects nothing.
	aggA := labelled["agg-a"]
	out.addAggregated("sar-agg-a", map[string]string{"sartest/agg-b": "true"}, aggA, sel("agg-a"))
	out.addAggregated("sar-agg-b", nil, appendNew(slices.Clone(aggA), labelled["agg-b"]...), sel("agg-b"))
	out.addAggregated("sar-agg-c", nil, appendNew(slices.Clone(aggA), labelled["tier"]...), sel("agg-a"), sel("tier"))
	out.addAggregated("sar-agg-none", nil, nil, sel("no-such-label"))
	clusterRoles = append(clusterRoles, "sar-agg-a", "sar-agg-b", "sar-agg-c", "sar-agg-none", "cluster-admin", "sar-missing")
	for i := range 10 {
		out.objects = append(out.objects, &rbacv1.ClusterRoleBinding{TypeMeta: typeMeta("ClusterRoleBinding"),
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("sar-crb-%02d", i)},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: g.pick(clusterRoles[:len(clusterRoles)-2])},
			Subjects:   g.subjects("")})
	}
	for _, ns := range namespaces {
		g.namespace(out, ns, clusterRoles)
	}
	return out
}

// namespace adds a namespace's Roles and RoleBindings: to its Roles, to
// ClusterRoles, to a Role that does not exist.
func (g *generator) namespace(out *generated, ns string, clusterRoles []string) {
	out.objects = append(out.objects, map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}})
	for i := range 3 {
		out.objects = append(out.objects, &rbacv1.Role{TypeMeta: typeMeta("Role"),
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("sar-role-%d", i), Namespace: ns}, Rules: g.rules(false)})
	}
	for i := range 6 {
		ref := rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: fmt.Sprintf("sar-role-%d", g.r.IntN(4))} // sar-role-3 is missing
		if g.r.IntN(2) == 0 {
			ref.Kind, ref.Name = "ClusterRole", g.pick(clusterRoles)
		}
		out.objects = append(out.objects, &rbacv1.RoleBinding{TypeMeta: typeMeta("RoleBinding"),
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("sar-rb-%d", i), Namespace: ns}, RoleRef: ref, Subjects: g.subjects(ns)})
	}
}

func (out *generated) addAggregated(name string, labels map[string]string, rules []rbacv1.PolicyRule, selectors ...metav1.LabelSelector) {
	out.aggregated[name] = rules
	out.objects = append(out.objects, &rbacv1.ClusterRole{TypeMeta: typeMeta("ClusterRole"),
		ObjectMeta:      metav1.ObjectMeta{Name: name, Labels: labels},
		AggregationRule: &rbacv1.AggregationRule{ClusterRoleSelectors: selectors}, Rules: rules})
}

func sel(label string) metav1.LabelSelector {
	if label == "tier" {
		return metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "sartest/tier", Operator: metav1.LabelSelectorOpExists}}}
	}
	return metav1.LabelSelector{MatchLabels: map[string]string{"sartest/" + label: "true"}}
}

// appendNew appends the rules not already in list.
func appendNew(list []rbacv1.PolicyRule, rules ...rbacv1.PolicyRule) []rbacv1.PolicyRule {
	for _, r := range rules {
		if !slices.ContainsFunc(list, func(x rbacv1.PolicyRule) bool { return x.String() == r.String() }) {
			list = append(list, r)
		}
	}
	return list
}

func typeMeta(kind string) metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: "rbac.authorization.k8s.io/v1", Kind: kind}
}

// manifests renders the set as one YAML stream.
func (out *generated) manifests() (string, error) {
	docs := make([]string, len(out.objects))
	for i, o := range out.objects {
		y, err := yaml.Marshal(o)
		if err != nil {
			return "", err
		}
		docs[i] = string(y)
	}
	return strings.Join(docs, "---\n"), nil
}

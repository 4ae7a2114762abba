package rbac

import (
	"fmt"
	"sort"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// resolveRules sets every role's effective rules: its stored rules, or
// for an aggregated ClusterRole under FromSelectors, the aggregation.
func (m *Model) resolveRules(mode Aggregation) {
	var aggregated []*Role
	for _, r := range m.Roles {
		if r.Aggregation != nil && mode == FromSelectors {
			aggregated = append(aggregated, r)
			continue
		}
		r.Rules = make([]Rule, len(r.Stored))
		for i := range r.Stored {
			r.Rules[i] = Rule{PolicyRule: r.Stored[i], Role: r, Index: i}
		}
	}
	if len(aggregated) > 0 {
		m.aggregate(aggregated)
	}
}

// aggregation is one aggregated ClusterRole being resolved.
type aggregation struct {
	role *Role
	// sources are the other ClusterRoles its selectors match, in the
	// controller's order: selector by selector, each sorted by name.
	sources []*Role
	// broken is set when a selector is malformed: the controller then
	// leaves the role's stored rules as they are.
	broken bool
}

// aggregate mirrors the ClusterRole aggregation controller: an aggregated
// role's rules are the union (without duplicates) of the rules of the
// ClusterRoles its selectors match, itself excluded. Aggregated roles
// may select each other; the controller converges on the fixed point,
// which is computed here from empty rules up (a role's own written rules
// are replaced by the controller, so they never count).
func (m *Model) aggregate(roles []*Role) {
	var clusterRoles []*Role
	for _, r := range m.Roles {
		if r.Kind == "ClusterRole" {
			clusterRoles = append(clusterRoles, r)
		}
	}
	sort.SliceStable(clusterRoles, func(i, j int) bool { return clusterRoles[i].Name < clusterRoles[j].Name })
	aggs := make([]*aggregation, len(roles))
	for i, r := range roles {
		aggs[i] = m.selectSources(r, clusterRoles)
	}
	for changed := true; changed; {
		changed = false
		for _, a := range aggs {
			if !a.broken && a.union() {
				changed = true
			}
		}
	}
}

// selectSources finds the ClusterRoles an aggregated role selects, or
// marks it broken (keeping its stored rules) when a selector is malformed.
func (m *Model) selectSources(r *Role, clusterRoles []*Role) *aggregation {
	a := &aggregation{role: r}
	for i := range r.Aggregation.ClusterRoleSelectors {
		sel, err := metav1.LabelSelectorAsSelector(&r.Aggregation.ClusterRoleSelectors[i])
		if err != nil {
			m.Problems = append(m.Problems, Problem{Object: r.Object,
				Path:    fmt.Sprintf("aggregationRule.clusterRoleSelectors[%d]", i),
				Message: fmt.Sprintf("%s: malformed aggregation selector (%v): the aggregation controller cannot aggregate it, so it keeps its stored rules", r.Describe(), err)})
			a.broken = true
			continue
		}
		for _, c := range clusterRoles {
			if c != r && sel.Matches(labels.Set(roleLabels(c))) {
				a.sources = append(a.sources, c)
			}
		}
	}
	if a.broken {
		a.sources = nil
		r.Rules = make([]Rule, len(r.Stored))
		for i := range r.Stored {
			r.Rules[i] = Rule{PolicyRule: r.Stored[i], Role: r, Index: i}
		}
	}
	return a
}

func roleLabels(r *Role) map[string]string {
	if r.Object == nil || r.Object.Meta == nil {
		return nil
	}
	return r.Object.Meta.Labels
}

// union recomputes the role's rules from its sources' current rules and
// reports whether they grew.
func (a *aggregation) union() bool {
	seen := make(map[string]bool, len(a.role.Rules))
	var rules []Rule
	for _, src := range a.sources {
		for _, rule := range src.Rules {
			k := ruleKey(&rule.PolicyRule)
			if !seen[k] {
				seen[k] = true
				rules = append(rules, rule)
			}
		}
	}
	grew := len(rules) != len(a.role.Rules)
	a.role.Rules = rules
	return grew
}

// ruleKey identifies a rule's content, as the controller's ruleExists
// compares rules (semantic equality of every field).
func ruleKey(r *rbacv1.PolicyRule) string {
	var b strings.Builder
	for _, list := range [][]string{r.Verbs, r.APIGroups, r.Resources, r.ResourceNames, r.NonResourceURLs} {
		for _, s := range list {
			b.WriteString(s)
			b.WriteByte(0)
		}
		b.WriteByte(1)
	}
	return b.String()
}

package rbac

import (
	"fmt"
	"strconv"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/rbac"
)

var wildcardRules = &check.Check{Meta: check.Meta{
	ID:          "rbac-wildcard-rule",
	Title:       "Wildcard in a role rule",
	Severity:    check.Medium,
	Rationale:   "A \"*\" in verbs, apiGroups or resources grants everything that exists now and every resource, subresource and verb added later, custom resources and escalation verbs included; nobody can tell from the role what it allows.",
	Remediation: "Replace each \"*\" with the verbs, API groups and resources the subjects need.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.3"}, check.NSA: {"rbac"}, check.MITRE: {"T1078"}},
	Category:    category,
}, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
	v := viewOf(inv)
	holders := v.ruleHolders()
	for _, r := range v.model.Roles {
		if v.skip(r.Object, opts) || r.Aggregation != nil {
			continue // an aggregated role's rules are its sources', judged there
		}
		failed := false
		for i := range r.Stored {
			field, list := wildcards(&r.Stored[i])
			if field == "" {
				continue
			}
			failed = true
			h := holders[ruleRef{r, i}]
			msg := fmt.Sprintf("%s rules[%d] uses %s", r.Describe(), i, list)
			sev := check.Low
			if h.who == "" {
				msg += "; it is bound to no one in the scan"
			} else {
				msg += "; held by " + h.who
				sev = h.severity
			}
			report(check.Result{Object: r.Object, Path: fmt.Sprintf("rules[%d].%s", i, field), Message: msg, Severity: sev})
		}
		if !failed {
			report(check.Result{Object: r.Object, Status: check.Pass, Path: "rules"})
		}
	}
}}

// wildcards returns the path (e.g. "verbs[0]") of a rule's first
// wildcard and a description of all of them, or "".
func wildcards(r *rbacv1.PolicyRule) (string, string) {
	var first string
	var found []string
	scan := func(field string, list []string, is func(string) bool) {
		for j, s := range list {
			if !is(s) {
				continue
			}
			if first == "" {
				first = fmt.Sprintf("%s[%d]", field, j)
			}
			found = append(found, field+" "+strconv.Quote(s))
		}
	}
	all := func(s string) bool { return s == "*" }
	scan("verbs", r.Verbs, all)
	scan("apiGroups", r.APIGroups, all)
	scan("resources", r.Resources, func(s string) bool { return s == "*" || strings.HasPrefix(s, "*/") })
	scan("nonResourceURLs", r.NonResourceURLs, all)
	return first, strings.Join(found, ", ")
}

// ruleRef names one written rule: its role and index.
type ruleRef struct {
	role  *rbac.Role
	index int
}

// holding is the worst holder of a rule, as severity and description.
type holding struct {
	severity check.Severity
	who      string
}

// ruleHolders finds, for every written rule, its most severe holder
// through any binding (directly or through aggregation).
func (v *view) ruleHolders() map[ruleRef]holding {
	out := map[ruleRef]holding{}
	for _, b := range v.model.Bindings {
		for _, r := range b.Rules() {
			k := ruleRef{r.Role, r.Index}
			for i := range b.Subjects {
				s, ok := b.Subject(i)
				if !ok {
					continue
				}
				t, _ := v.tierOf(s)
				sev := severity(check.Medium, t, oneNamespace(b))
				if cur, ok := out[k]; !ok || sev.Rank() > cur.severity.Rank() {
					out[k] = holding{severity: sev, who: v.holder(s) + " " + scopeText(b) + " through " + b.Describe()}
				}
			}
		}
	}
	return out
}

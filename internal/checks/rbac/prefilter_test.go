package rbac

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/rbac"
)

// TestMayGrantIsExact proves the quick test of pattern.match exact: a rule
// it rules out grants no request of the pattern, with names or without.
func TestMayGrantIsExact(t *testing.T) {
	all := append(slices.Clone(dangerPatterns), patchPatterns...)
	pick := func(rng *rand.Rand, from []string) []string {
		var out []string
		for _, s := range from {
			if rng.IntN(3) == 0 {
				out = append(out, s)
			}
		}
		return out
	}
	verbs := []string{"*", "get", "list", "watch", "create", "update", "patch", "delete", "bind", "escalate", "impersonate", "approve", "use"}
	groups := []string{"*", "", "apps", "admissionregistration.k8s.io", "rbac.authorization.k8s.io", "certificates.k8s.io", "authentication.k8s.io"}
	resources := []string{"*", "*/exec", "secrets", "pods", "pods/exec", "pods/attach", "nodes/proxy", "serviceaccounts/token",
		"configmaps", "roles", "clusterroles", "users", "groups", "mutatingwebhookconfigurations", "persistentvolumes"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		r := rbac.Rule{PolicyRule: rbacv1.PolicyRule{Verbs: pick(rng, verbs), APIGroups: pick(rng, groups),
			Resources: pick(rng, resources), ResourceNames: pick(rng, []string{"a", "cluster-admin"})}}
		for _, p := range all {
			if p.mayGrant(&r.PolicyRule) {
				continue
			}
			for _, res := range p.resources {
				for _, v := range p.verbs {
					resource, sub, _ := strings.Cut(res, "/")
					req := rbac.Request{Verb: v, APIGroup: p.group, Resource: resource, Subresource: sub}
					if rbac.RuleAllows(req, &r.PolicyRule) || rbac.RuleAllowsSomeName(req, &r.PolicyRule) {
						t.Fatalf("mayGrant rules out %+v for %+v, which allows %s %s", r.PolicyRule, p, v, res)
					}
				}
			}
		}
	}
}

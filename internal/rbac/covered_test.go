package rbac

import (
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

func TestGrantedByDefaults(t *testing.T) {
	anonymous := User{Name: UserAnonymous, Groups: []string{GroupUnauthenticated}}
	authenticated := User{Groups: []string{GroupAuthenticated}}
	urls := func(verb string, u ...string) rbacv1.PolicyRule {
		return rbacv1.PolicyRule{Verbs: []string{verb}, NonResourceURLs: u}
	}
	cases := []struct {
		name string
		user User
		rule rbacv1.PolicyRule
		ns   string
		want bool
	}{
		{"health endpoints are public", anonymous, urls("get", "/healthz", "/readyz", "/version"), "", true},
		{"metrics are not", anonymous, urls("get", "/healthz", "/metrics"), "", false},
		{"only get", anonymous, urls("post", "/healthz"), "", false},
		{"a URL prefix is never covered", anonymous, urls("get", "/healthz*"), "", false},
		{"discovery is for authenticated users", authenticated, urls("get", "/api", "/apis/apps"), "", true},
		{"discovery is not anonymous", anonymous, urls("get", "/api"), "", false},
		{"self subject reviews", authenticated, rbacv1.PolicyRule{Verbs: []string{"create"}, APIGroups: []string{"authorization.k8s.io"},
			Resources: []string{"selfsubjectaccessreviews", "selfsubjectrulesreviews"}}, "shop", true},
		{"reading pods is not a default", authenticated, rbacv1.PolicyRule{Verbs: []string{"get"}, APIGroups: []string{""}, Resources: []string{"pods"}}, "shop", false},
		{"a wildcard verb is never covered", anonymous, urls("*", "/healthz"), "", false},
		{"a wildcard group is never covered", authenticated, rbacv1.PolicyRule{Verbs: []string{"create"}, APIGroups: []string{"*"},
			Resources: []string{"selfsubjectaccessreviews"}}, "", false},
		{"a rule granting nothing adds nothing", anonymous, rbacv1.PolicyRule{Verbs: []string{"get"}}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := GrantedByDefaults(c.user, &c.rule, c.ns); got != c.want {
				t.Errorf("GrantedByDefaults = %v, want %v", got, c.want)
			}
		})
	}
}

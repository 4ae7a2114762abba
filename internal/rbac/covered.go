package rbac

import (
	"strings"
	"sync"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// defaultsModel is the model of Kubernetes' default roles and bindings
// alone: what every cluster grants before anyone binds anything.
var defaultsModel = sync.OnceValue(func() *Model {
	return Build(inventory.New(nil, nil), Options{Aggregation: FromSelectors, Defaults: true})
})

// GrantedByDefaults reports whether Kubernetes' default bindings already
// allow user u everything rule allows, through a binding of namespace ns
// ("" for a ClusterRoleBinding): such a rule adds nothing (get /healthz
// for system:unauthenticated, say). A rule with a wildcard verb, group,
// resource or URL prefix is never taken as covered, even where it is.
func GrantedByDefaults(u User, rule *rbacv1.PolicyRule, ns string) bool {
	m := defaultsModel()
	allowed := func(req Request) bool { return m.Authorize(u, req).Allowed }
	for _, verb := range rule.Verbs {
		if verb == rbacv1.VerbAll {
			return false
		}
		for _, url := range rule.NonResourceURLs {
			if strings.Contains(url, "*") || !allowed(Request{NonResource: true, Verb: verb, Path: url}) {
				return false
			}
		}
		reqs, ok := resourceRequests(rule, verb, ns)
		if !ok {
			return false
		}
		for _, req := range reqs {
			if !allowed(req) {
				return false
			}
		}
	}
	return true
}

// resourceRequests lists the requests of one verb that a rule allows, one
// per group, resource and name; ok is false when the rule has a wildcard
// group or resource, which no list covers. ("pods/*" is no wildcard: it
// names the subresource "*".)
func resourceRequests(rule *rbacv1.PolicyRule, verb, ns string) (reqs []Request, ok bool) {
	names := rule.ResourceNames
	if len(names) == 0 {
		names = []string{""}
	}
	for _, g := range rule.APIGroups {
		for _, res := range rule.Resources {
			resource, sub, _ := strings.Cut(res, "/")
			if g == rbacv1.APIGroupAll || resource == rbacv1.ResourceAll {
				return nil, false
			}
			for _, name := range names {
				reqs = append(reqs, Request{Verb: verb, APIGroup: g, Resource: resource, Subresource: sub, Name: name, Namespace: ns})
			}
		}
	}
	return reqs, true
}

package rbac

import (
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// Request is what an API request asks, as the authorizer sees it (the
// attributes a SubjectAccessReview names). A request with NonResource set
// asks for Path; otherwise for a resource.
type Request struct {
	Verb string
	// APIGroup, Resource, Subresource, Name and Namespace describe a
	// resource request; Namespace "" is a cluster-scoped request (or a
	// request across all namespaces).
	APIGroup    string
	Resource    string
	Subresource string
	Name        string
	Namespace   string
	// NonResource marks a request for a non-resource URL such as /healthz.
	NonResource bool
	Path        string
}

// String renders the request for messages: "get secrets/x in namespace
// shop", "create pods/exec", "get /healthz".
func (r Request) String() string {
	if r.NonResource {
		return r.Verb + " " + r.Path
	}
	s := r.Verb + " " + r.Resource
	if r.APIGroup != "" {
		s += "." + r.APIGroup
	}
	if r.Subresource != "" {
		s += "/" + r.Subresource
	}
	if r.Name != "" {
		s += " named " + r.Name
	}
	if r.Namespace != "" {
		s += " in namespace " + r.Namespace
	}
	return s
}

// RuleAllows reports whether one policy rule allows the request, with the
// exact matching of the Kubernetes RBAC authorizer (RuleAllows in
// plugin/pkg/auth/authorizer/rbac): "*" verbs, groups and resources match
// all; "*/sub" matches that subresource of every resource, but "pods/*"
// is no wildcard (it matches only the literal subresource "*"); a rule
// with resourceNames matches only requests for one of those names (never
// a request without a name, such as list); a non-resource URL ending in
// "*" matches every path with that prefix.
func RuleAllows(req Request, rule *rbacv1.PolicyRule) bool {
	if !verbMatches(rule, req.Verb) {
		return false
	}
	if req.NonResource {
		return nonResourceURLMatches(rule, req.Path)
	}
	combined := req.Resource
	if req.Subresource != "" {
		combined += "/" + req.Subresource
	}
	return apiGroupMatches(rule, req.APIGroup) &&
		resourceMatches(rule, combined, req.Subresource) &&
		resourceNameMatches(rule, req.Name)
}

// RuleAllowsSomeName reports whether the rule allows the request for at
// least one object name: RuleAllows with resourceNames ignored. Checks use
// it to find grants narrowed to named objects that still matter (bind on
// the ClusterRole cluster-admin, approve for one signer).
func RuleAllowsSomeName(req Request, rule *rbacv1.PolicyRule) bool {
	if req.NonResource || len(rule.ResourceNames) == 0 {
		return RuleAllows(req, rule)
	}
	unnamed := *rule
	unnamed.ResourceNames = nil
	return RuleAllows(req, &unnamed)
}

func verbMatches(rule *rbacv1.PolicyRule, verb string) bool {
	for _, v := range rule.Verbs {
		if v == rbacv1.VerbAll || v == verb {
			return true
		}
	}
	return false
}

func apiGroupMatches(rule *rbacv1.PolicyRule, group string) bool {
	for _, g := range rule.APIGroups {
		if g == rbacv1.APIGroupAll || g == group {
			return true
		}
	}
	return false
}

func resourceMatches(rule *rbacv1.PolicyRule, combined, subresource string) bool {
	for _, r := range rule.Resources {
		if r == rbacv1.ResourceAll || r == combined {
			return true
		}
		if subresource != "" && len(r) == len(subresource)+2 && strings.HasPrefix(r, "*/") && strings.HasSuffix(r, subresource) {
			return true
		}
	}
	return false
}

func resourceNameMatches(rule *rbacv1.PolicyRule, name string) bool {
	if len(rule.ResourceNames) == 0 {
		return true
	}
	for _, n := range rule.ResourceNames {
		if n == name {
			return true
		}
	}
	return false
}

func nonResourceURLMatches(rule *rbacv1.PolicyRule, path string) bool {
	for _, u := range rule.NonResourceURLs {
		if u == rbacv1.NonResourceAll || u == path {
			return true
		}
		if strings.HasSuffix(u, "*") && strings.HasPrefix(path, strings.TrimRight(u, "*")) {
			return true
		}
	}
	return false
}

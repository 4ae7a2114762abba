package sartest

import (
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/palisade-dev/palisade/internal/rbac"
)

// settle waits until the server's authorizer sees the whole generated
// set. The RBAC authorizer reads roles and bindings through informers,
// so right after they are created a SubjectAccessReview may not see them
// yet: for every binding, one request it allows must be allowed by the
// server before the comparison starts.
func settle(t *testing.T, cs kubernetes.Interface, m *rbac.Model) {
	t.Helper()
	var probes []tuple
	for _, b := range m.Bindings {
		if tu, ok := probe(b); ok && m.Authorize(tu.user, tu.req).Allowed {
			probes = append(probes, tu)
		}
	}
	deadline := time.Now().Add(time.Minute)
	for _, tu := range probes {
		for {
			ok, err := review(cs, tu)
			if err != nil {
				t.Fatalf("SubjectAccessReview for %s: %v", tu, err)
			}
			if ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the server never allowed %s", tu)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// probe is a request a binding's first rule allows, for its first subject.
func probe(b *rbac.Binding) (tuple, bool) {
	rules := b.Rules()
	if len(rules) == 0 || len(b.Subjects) == 0 {
		return tuple{}, false
	}
	rule := rules[0]
	u := identityOf(b.Subjects[0], b.Namespace, nil)
	verb := concrete(rule.Verbs[0], "get")
	if len(rule.NonResourceURLs) > 0 {
		return tuple{user: u, req: rbac.Request{NonResource: true, Verb: verb, Path: concretePath(rule.NonResourceURLs[0])}}, true
	}
	req := rbac.Request{Verb: verb, APIGroup: concrete(rule.APIGroups[0], ""), Namespace: b.Namespace}
	res, sub, _ := strings.Cut(rule.Resources[0], "/")
	req.Resource, req.Subresource = concrete(res, "pods"), sub
	if len(rule.ResourceNames) > 0 {
		req.Name = rule.ResourceNames[0]
	}
	return tuple{user: u, req: req}, true
}

func concrete(s, instead string) string {
	if s == "*" {
		return instead
	}
	return s
}

func concretePath(url string) string {
	if p, ok := strings.CutSuffix(url, "*"); ok {
		return p + "x"
	}
	return url
}

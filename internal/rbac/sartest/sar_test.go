package sartest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"testing"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/palisade-dev/palisade/internal/rbac"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// minTuples is how many requests the server must be asked.
const minTuples = 1500

// tuple is one (identity, request) asked of both the server and the model.
type tuple struct {
	user rbac.User
	req  rbac.Request
}

func (t tuple) String() string {
	return fmt.Sprintf("user %q groups %q: %s", t.user.Name, t.user.Groups, t.req)
}

// TestSubjectAccessReviewAgreement loads a generated RBAC set (aggregated
// ClusterRoles, resourceNames, wildcards, groups, namespaced and cluster
// bindings, a dangling binding) into a real API server, and requires the
// model to agree with the server's SubjectAccessReview on every tuple.
//
// The test API server runs no controller manager, so no aggregation
// controller fills aggregated ClusterRoles: the generator writes their
// rules itself (the union of the roles their selectors match, computed
// independently), as the controller would. The model is then checked
// twice: trusting the stored rules (what a live cluster scan does), and
// resolving aggregation through the selectors (what a file scan does);
// both must agree with the server.
func TestSubjectAccessReviewAgreement(t *testing.T) {
	c := testcluster.Shared(t)
	set := generate(37)
	manifests, err := set.manifests()
	if err != nil {
		t.Fatal(err)
	}
	c.Apply(t, manifests)
	res, err := cluster.Load(context.Background(), c.AdminConfig(), cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inv := res.Inventory
	stored := rbac.Build(inv, rbac.Options{Aggregation: rbac.Stored})
	selectors := rbac.Build(inv, rbac.Options{Aggregation: rbac.FromSelectors})
	checkAggregation(t, set, selectors)

	tuples := tuplesFor(stored, 11)
	cs, err := kubernetes.NewForConfig(c.AdminConfig())
	if err != nil {
		t.Fatal(err)
	}
	settle(t, cs, stored)
	answers := ask(t, cs, tuples)
	allowed := 0
	for i, tu := range tuples {
		if answers[i] {
			allowed++
		}
		for name, m := range map[string]*rbac.Model{"stored rules": stored, "aggregation by selectors": selectors} {
			if got := m.Authorize(tu.user, tu.req); got.Allowed != answers[i] {
				t.Errorf("%s: server says allowed=%v, model (%s) says %v (grant %+v)", tu, answers[i], name, got.Allowed, got.Grant)
			}
		}
	}
	t.Logf("asked the API server %d SubjectAccessReviews (%d allowed, %d denied); the model agreed with every one in both modes",
		len(tuples), allowed, len(tuples)-allowed)
	if len(tuples) < minTuples || allowed < len(tuples)/10 || allowed > len(tuples)*9/10 {
		t.Errorf("want at least %d tuples with both answers well represented; got %d, %d allowed", minTuples, len(tuples), allowed)
	}
}

// checkAggregation requires the selectors to give each aggregated role
// exactly the rules the generator wrote.
func checkAggregation(t *testing.T, set *generated, m *rbac.Model) {
	t.Helper()
	for name, want := range set.aggregated {
		r := m.Role("ClusterRole", "", name)
		if r == nil {
			t.Fatalf("aggregated ClusterRole %s not in the model", name)
		}
		var got, exp []string
		for _, rule := range r.Rules {
			got = append(got, rule.PolicyRule.String())
		}
		for _, rule := range want {
			exp = append(exp, rule.String())
		}
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("ClusterRole %s aggregates\n%v\nwant\n%v", name, got, exp)
		}
	}
}

// identities are the users asked about: named users with groups, service
// accounts as their tokens authenticate, a group alone, anonymous, and a
// member of system:masters.
func identities() []rbac.User {
	out := []rbac.User{
		{Name: "alice", Groups: []string{rbac.GroupAuthenticated}},
		{Name: "bob", Groups: []string{rbac.GroupAuthenticated, "devs"}},
		{Name: "carol", Groups: []string{rbac.GroupAuthenticated, "ops", "auditors"}},
		{Name: "dave", Groups: []string{rbac.GroupAuthenticated}},
		{Name: "erin", Groups: []string{rbac.GroupAuthenticated, "devs"}},
		{Groups: []string{"ops"}},
		{Name: rbac.UserAnonymous, Groups: []string{rbac.GroupUnauthenticated}},
		{Name: "root", Groups: []string{rbac.GroupMasters}},
		{Name: "system:serviceaccount:alpha:app"}, // the user name alone, without the groups
	}
	for _, sa := range accounts {
		out = append(out, rbac.ServiceAccountUser(sa[0], sa[1]))
	}
	return append(out, rbac.ServiceAccountUser("delta", "app"))
}

// requestResources are the (group, resource, subresource) requests asked.
var requestResources = [][3]string{
	{"", "pods", ""}, {"", "pods", "exec"}, {"", "pods", "log"}, {"", "pods", "*"}, {"apps", "deployments", ""},
	{"apps", "deployments", "scale"}, {"apps", "replicasets", "scale"}, {"", "secrets", ""}, {"", "configmaps", ""},
	{"", "nodes", ""}, {"", "nodes", "proxy"}, {"rbac.authorization.k8s.io", "roles", ""},
	{"rbac.authorization.k8s.io", "clusterroles", ""}, {"", "users", ""}, {"example.com", "widgets", ""},
	{"example.com", "widgets", "status"}, {"", "serviceaccounts", "token"}, {"authorization.k8s.io", "selfsubjectaccessreviews", ""},
}

var requestPaths = []string{"/healthz", "/healthz/ping", "/metrics", "/logs/", "/logs/kube.log", "/api", "/apis/apps", "/version", "/version/", "/readyz", "/openapi/v2"}

// tuplesFor generates the tuples: a third aimed at a random grant of the
// model (its verb, resource and names, so that near misses are asked),
// the rest drawn from the whole vocabulary.
func tuplesFor(m *rbac.Model, seed uint64) []tuple {
	r := rand.New(rand.NewPCG(seed, seed+1))
	ids := identities()
	var out []tuple
	for len(out) < minTuples+100 {
		tu := tuple{user: ids[r.IntN(len(ids))], req: randomRequest(r)}
		if r.IntN(3) == 0 {
			tu = aimedTuple(r, m, tu)
		}
		out = append(out, tu)
	}
	return out
}

func randomRequest(r *rand.Rand) rbac.Request {
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	if r.IntN(7) == 0 {
		return rbac.Request{NonResource: true, Verb: pick([]string{"get", "post", "put"}), Path: pick(requestPaths)}
	}
	res := requestResources[r.IntN(len(requestResources))]
	req := rbac.Request{Verb: pick(verbs), APIGroup: res[0], Resource: res[1], Subresource: res[2],
		Namespace: pick(append([]string{"", "delta"}, namespaces...))}
	if r.IntN(2) == 0 {
		req.Name = pick(append([]string{"other"}, names...))
	}
	return req
}

// aimedTuple turns tu into a request near one rule of one binding, asked
// (most of the time) for one of the binding's subjects as written: a
// service account without a namespace is asked about in the binding's
// namespace and in another.
func aimedTuple(r *rand.Rand, m *rbac.Model, tu tuple) tuple {
	b := m.Bindings[r.IntN(len(m.Bindings))]
	if len(b.Subjects) > 0 && r.IntN(4) != 0 {
		tu.user = identityOf(b.Subjects[r.IntN(len(b.Subjects))], b.Namespace, r)
	}
	tu.req = aimedRequest(r, b, tu.req)
	return tu
}

// identityOf is an identity a subject names.
func identityOf(s rbacv1.Subject, bindingNS string, r *rand.Rand) rbac.User {
	switch s.Kind {
	case rbacv1.UserKind:
		return rbac.User{Name: s.Name, Groups: []string{rbac.GroupAuthenticated}}
	case rbacv1.GroupKind:
		return rbac.User{Name: "someone", Groups: []string{s.Name}}
	}
	ns := s.Namespace
	if ns == "" {
		ns = bindingNS
		if r != nil && r.IntN(3) == 0 {
			ns = "delta"
		}
	}
	return rbac.ServiceAccountUser(ns, s.Name)
}

func aimedRequest(r *rand.Rand, b *rbac.Binding, req rbac.Request) rbac.Request {
	rules := b.Rules()
	if len(rules) == 0 {
		return req
	}
	rule := rules[r.IntN(len(rules))]
	pick := func(l []string, keep string) string {
		if len(l) == 0 || r.IntN(4) == 0 {
			return keep
		}
		return l[r.IntN(len(l))]
	}
	if len(rule.NonResourceURLs) > 0 {
		return rbac.Request{NonResource: true, Verb: pick(rule.Verbs, "get"), Path: pick(requestPaths, "/healthz")}
	}
	if req.NonResource {
		req = rbac.Request{Verb: req.Verb, Resource: "pods"}
	}
	req.Verb = pick(rule.Verbs, req.Verb)
	req.APIGroup = pick(rule.APIGroups, req.APIGroup)
	req.Name = pick(rule.ResourceNames, req.Name)
	req.Namespace = pick([]string{b.Namespace}, req.Namespace)
	return req
}

// ask sends every tuple to the server as a SubjectAccessReview, eight at
// a time, and returns the answers in order.
func ask(t *testing.T, cs kubernetes.Interface, tuples []tuple) []bool {
	t.Helper()
	out := make([]bool, len(tuples))
	errs := make([]error, len(tuples))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = review(cs, tuples[i])
			}
		})
	}
	for i := range tuples {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("SubjectAccessReview for %s: %v", tuples[i], err)
		}
	}
	return out
}

func review(cs kubernetes.Interface, tu tuple) (bool, error) {
	sar := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: tu.user.Name, Groups: tu.user.Groups}}
	q := tu.req
	if q.NonResource {
		sar.Spec.NonResourceAttributes = &authorizationv1.NonResourceAttributes{Path: q.Path, Verb: q.Verb}
	} else {
		sar.Spec.ResourceAttributes = &authorizationv1.ResourceAttributes{Namespace: q.Namespace, Verb: q.Verb,
			Group: q.APIGroup, Resource: q.Resource, Subresource: q.Subresource, Name: q.Name}
	}
	got, err := cs.AuthorizationV1().SubjectAccessReviews().Create(context.Background(), sar, metav1.CreateOptions{})
	if err != nil {
		return false, err
	}
	return got.Status.Allowed, nil
}

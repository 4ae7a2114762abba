package rbac

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

func load(t testing.TB, file string) *inventory.Inventory {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Decode([]manifest.Input{{File: file, Data: data, Source: "file"}})
	if len(res.Errors) > 0 {
		t.Fatalf("%s does not decode: %v", file, res.Errors)
	}
	return inventory.New(res.Objects, nil)
}

func TestAuthorize(t *testing.T) {
	m := For(load(t, "model.yaml"))
	alice := User{Name: "alice", Groups: []string{GroupAuthenticated}}
	bob := User{Name: "bob", Groups: []string{GroupAuthenticated}}
	dev := User{Name: "dev", Groups: []string{"devs", GroupAuthenticated}}
	deployer := ServiceAccountUser("shop", "deployer")
	prom := ServiceAccountUser("monitoring", "prometheus")
	scale := Request{Verb: "update", APIGroup: "apps", Resource: "deployments", Subresource: "scale", Namespace: "shop"}
	secret := func(verb, name string) Request {
		return Request{Verb: verb, Resource: "secrets", Name: name, Namespace: "shop"}
	}
	url := func(verb, path string) Request { return Request{NonResource: true, Verb: verb, Path: path} }
	pods := func(verb, sub string) Request {
		return Request{Verb: verb, Resource: "pods", Subresource: sub, Namespace: "shop"}
	}
	cases := []struct {
		name  string
		user  User
		req   Request
		want  bool
		chain string
	}{
		{"aggregated rule", dev, pods("get", ""), true, "ClusterRoleBinding readers -> ClusterRole reader rules[0] (from ClusterRole pod-reader)"},
		{"nested aggregation, */scale", dev, scale, true, "(from ClusterRole scaler)"},
		{"aggregated role's own rules never count", dev, pods("delete", ""), false, ""},
		{"resourceNames: the named secret", dev, secret("get", "db-password"), true, "rules[1] (from ClusterRole scaler)"},
		{"resourceNames: another secret", dev, secret("get", "api-key"), false, ""},
		{"resourceNames: list has no name", dev, secret("list", ""), false, ""},
		{"service account without namespace is the RoleBinding's", deployer, scale, true, "RoleBinding shop/writers"},
		{"RoleBinding grants in its namespace only", deployer, Request{Verb: "update", APIGroup: "apps", Resource: "deployments", Subresource: "scale", Namespace: "web"}, false, ""},
		{"RoleBinding grants nothing cluster-wide", alice, Request{Verb: "update", APIGroup: "apps", Resource: "deployments", Subresource: "scale"}, false, ""},
		{"dangling roleRef grants nothing", alice, pods("get", ""), false, ""},
		{"non-resource URL", prom, url("get", "/metrics"), true, "ClusterRoleBinding metrics"},
		{"non-resource URL prefix", prom, url("get", "/logs/kube.log"), true, ""},
		{"non-resource prefix needs its slash", prom, url("get", "/logs"), false, ""},
		{"non-resource verb", prom, url("post", "/metrics"), false, ""},
		{"RoleBinding never grants non-resource URLs", bob, url("get", "/metrics"), false, ""},
		{"pods/* is no wildcard", prom, Request{Verb: "get", Resource: "pods", Subresource: "log", Namespace: "x"}, false, ""},
		{"pods/* matches itself", bob, pods("get", "*"), true, "RoleBinding shop/metrics-in-shop"},
		{"aggregation cycle resolves", ServiceAccountUser("shop", "any"), scale, true, "RoleBinding shop/cycle -> ClusterRole cycle-a"},
		{"group of service accounts of another namespace", ServiceAccountUser("web", "any"), scale, false, ""},
		{"cluster-admin from Kubernetes' defaults", User{Name: "root"}, secret("delete", "x"), true, "ClusterRoleBinding admins -> ClusterRole cluster-admin rules[0]"},
		{"system:masters needs no binding", User{Name: "x", Groups: []string{GroupMasters}}, url("delete", "/anything"), true, ""},
		{"malformed selector keeps stored rules, bound to no one", dev, Request{Verb: "get", Resource: "configmaps", Namespace: "shop"}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := m.Authorize(c.user, c.req)
			if d.Allowed != c.want {
				t.Fatalf("allowed = %v, want %v (grant %+v)", d.Allowed, c.want, d.Grant)
			}
			if c.chain != "" && (d.Grant == nil || !strings.Contains(d.Grant.Chain(), c.chain)) {
				t.Errorf("chain %v, want it to contain %q", d.Grant, c.chain)
			}
		})
	}
}

// TestProblemsAndWhoCan renders the model's problems and who-can answers
// to a golden file.
func TestProblemsAndWhoCan(t *testing.T) {
	m := Build(load(t, "model.yaml"), Options{Aggregation: FromSelectors})
	var lines []string
	for _, p := range m.Problems {
		lines = append(lines, "problem "+p.Object.Kind+"/"+p.Object.Name+" "+p.Path+": "+p.Message)
	}
	for _, req := range []Request{
		{Verb: "update", APIGroup: "apps", Resource: "deployments", Subresource: "scale", Namespace: "shop"},
		{Verb: "get", Resource: "secrets", Name: "db-password"},
		{NonResource: true, Verb: "get", Path: "/metrics", Namespace: "shop"},
	} {
		for _, g := range m.WhoCan(req) {
			lines = append(lines, "who-can "+req.String()+": "+g.Chain())
		}
		for _, g := range m.WhoCanInAnyNamespace(req) {
			lines = append(lines, "who-can-anywhere "+req.String()+": "+g.Chain())
		}
	}
	for _, g := range m.Permissions(User{Name: "alice", Groups: []string{GroupAuthenticated}}) {
		lines = append(lines, "permissions alice: "+g.Rule.String()+" in "+g.Binding.Scope()+" via "+g.Chain())
	}
	for _, b := range m.Unresolved(User{Name: "alice"}) {
		lines = append(lines, "unresolved alice: "+b.Describe()+": "+b.Unresolved)
	}
	sort.Strings(lines)
	checktest.Golden(t, "testdata/model.golden", strings.Join(lines, "\n")+"\n")
}

func TestDanglingOnlyWhenEveryRoleWasRead(t *testing.T) {
	inv := load(t, "model.yaml")
	inv.Cluster = &inventory.ClusterInfo{Server: "https://test"}
	b := findBinding(Build(inv, DefaultOptions(inv)), "dangling")
	if !b.Dangling || !strings.Contains(b.Unresolved, "does not exist") {
		t.Errorf("cluster scan: %+v, want dangling", b)
	}
	inv.Coverage = []inventory.Coverage{{Resource: "roles.rbac.authorization.k8s.io in namespace shop", Status: "forbidden"}}
	b = findBinding(Build(inv, DefaultOptions(inv)), "dangling")
	if b.Dangling || !strings.Contains(b.Unresolved, "not in the scan") {
		t.Errorf("roles unread: %+v, want unknown rather than dangling", b)
	}
	b = findBinding(For(load(t, "model.yaml")), "dangling")
	if b.Dangling {
		t.Errorf("file scan: %+v, want unknown rather than dangling", b)
	}
}

func findBinding(m *Model, name string) *Binding {
	for _, b := range m.Bindings {
		if b.Name == name {
			return b
		}
	}
	return nil
}

func TestDefaultsDecode(t *testing.T) {
	objs := Defaults()
	kinds := map[string]int{}
	for _, o := range objs {
		kinds[o.Kind]++
	}
	if kinds["ClusterRole"] < 50 || kinds["ClusterRoleBinding"] < 30 || kinds["Role"] == 0 || kinds["RoleBinding"] == 0 {
		t.Errorf("defaults by kind: %v", kinds)
	}
	m := For(inventory.New(nil, nil))
	view := m.Role("ClusterRole", "", "view")
	if view == nil || len(view.Rules) < 10 {
		t.Fatalf("the default view role aggregates system:aggregate-to-view: %+v", view)
	}
	if !view.Builtin() {
		t.Error("a default role is built in")
	}
	admin := m.Role("ClusterRole", "", "admin")
	get := Request{Verb: "get", Resource: "secrets", Namespace: "x"}
	if !RulesAllowAny(admin.Rules, get) || RulesAllowAny(view.Rules, get) {
		t.Error("admin reads secrets (through edit), view does not")
	}
}

// RulesAllowAny reports whether one of rules allows req.
func RulesAllowAny(rules []Rule, req Request) bool {
	for _, r := range rules {
		if RuleAllows(req, &r.PolicyRule) {
			return true
		}
	}
	return false
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

const rbacFixture = "testdata/rbac/rbac.yaml"

// userRows keeps the rows of a table whose binding is not one of
// Kubernetes' own (system:*, which a file scan adds from the defaults).
func userRows(table string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(table, "\n"), "\n") {
		if !strings.Contains(l, "Binding system:") && !strings.Contains(l, "/system:") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

func TestRBACGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   []string
		all    bool // keep Kubernetes' own rows
	}{
		{"who-can-secrets.txt", []string{"who-can", "get", "secrets", rbacFixture}, false},
		{"who-can-secrets-shop.txt", []string{"who-can", "list", "secrets", "-n", "shop", rbacFixture}, false},
		{"who-can-named-secret.txt", []string{"who-can", "get", "secrets", "--name", "prometheus-tls", "-n", "monitoring", rbacFixture}, false},
		{"who-can-metrics.txt", []string{"who-can", "get", "/metrics", rbacFixture}, false},
		{"who-can-nodes.json", []string{"who-can", "get", "nodes/proxy", "-n", "shop", "-o", "json", rbacFixture}, true},
		{"permissions-sa.txt", []string{"permissions", "sa:shop:api", rbacFixture}, false},
		{"permissions-user.json", []string{"permissions", "user:alice", "--group", "devs", "-o", "json", rbacFixture}, true},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			code, stdout, stderr := palisade(t, "", append([]string{"rbac"}, c.args...)...)
			if code != exitClean {
				t.Fatalf("exit code %d, want 0 (stderr: %s)", code, stderr)
			}
			if !c.all {
				stdout = userRows(stdout)
			}
			checktest.Golden(t, filepath.Join("testdata", "rbac", c.golden), stdout+"--- stderr\n"+stderr)
		})
	}
}

func TestRBACErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown resource", []string{"who-can", "get", "widgets", rbacFixture}, "name its API group"},
		{"bad subject", []string{"permissions", "robot:r2d2", rbacFixture}, "want sa:NAMESPACE:NAME"},
		{"bad service account", []string{"permissions", "sa:shop", rbacFixture}, "sa:NAMESPACE:NAME"},
		{"bad output", []string{"who-can", "get", "pods", "-o", "yaml", rbacFixture}, "table or json"},
		{"unreadable input", []string{"who-can", "get", "pods", "testdata/broken.yaml"}, "could not be read"},
		{"missing args", []string{"who-can", "get"}, "requires at least 2 arg"},
		{"paths with --cluster", []string{"who-can", "get", "pods", "--cluster", rbacFixture}, "takes no PATH"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := palisade(t, "", append([]string{"rbac"}, c.args...)...)
			if code != exitErrors || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q: want exit %d and %q", code, stderr, exitErrors, c.want)
			}
		})
	}
}

// TestRBACOnCluster runs both queries against a real API server holding
// the fixture, as the README's users would against theirs.
func TestRBACOnCluster(t *testing.T) {
	c := testcluster.Start(t)
	data, err := os.ReadFile(rbacFixture)
	if err != nil {
		t.Fatal(err)
	}
	c.Apply(t, "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n"+string(data))
	kubeconfig := c.Kubeconfig(t, testcluster.AdminUser)
	code, stdout, stderr := palisade(t, "", "rbac", "who-can", "list", "secrets", "-n", "shop", "--kubeconfig", kubeconfig, "-o", "json")
	if code != exitClean {
		t.Fatalf("who-can: exit %d: %s", code, stderr)
	}
	var a struct {
		Grants []struct {
			Subject struct{ Kind, Name, Namespace string }
		}
		Unknown []string
	}
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatal(err)
	}
	var holders []string
	for _, g := range a.Grants {
		holders = append(holders, g.Subject.Kind+":"+g.Subject.Namespace+":"+g.Subject.Name)
	}
	got := strings.Join(holders, " ")
	// The test server runs no aggregation controller, so the stored
	// ClusterRole edit is empty: devs hold nothing through it there.
	for _, want := range []string{"Group::system:masters", "ServiceAccount:shop:api"} {
		if !strings.Contains(got, want) {
			t.Errorf("who-can on the cluster: holders %s, want %s", got, want)
		}
	}
	if len(a.Unknown) != 1 || !strings.Contains(a.Unknown[0], "does not exist") {
		t.Errorf("the dangling binding is known to be dangling on a cluster: %v", a.Unknown)
	}
	code, stdout, stderr = palisade(t, "", "rbac", "permissions", "sa:shop:api", "--kubeconfig", kubeconfig)
	if code != exitClean || !strings.Contains(stdout, "RoleBinding shop/api-secrets (Role shop/secret-reader rules[0])") {
		t.Errorf("permissions on the cluster: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

package clustertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/testcluster"
)

// anonymousNamespaceLister grants system:anonymous the list of
// namespaces, to show what anonymous may list.
const anonymousNamespaceLister = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: anonymous-namespace-lister}
rules:
- apiGroups: [""]
  resources: [namespaces]
  verbs: [list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: anonymous-namespace-lister}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: anonymous-namespace-lister}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:anonymous"}
`

// TestAPIServerAnonymousOn probes an API server that lets anonymous
// requests in, where anonymous may list namespaces: the version (default
// RBAC) and the namespaces answer, the rest is forbidden. The audit log
// shows that the probe only read.
func TestAPIServerAnonymousOn(t *testing.T) {
	c := testcluster.Start(t, testcluster.WithAPIServerFlags("--anonymous-auth=true"))
	c.Apply(t, anonymousNamespaceLister)
	rep := run(t, "apiserver", c.Host())
	golden(t, "apiserver-anonymous-on", rep)

	var anonymous int
	for _, e := range c.AuditEvents(t) {
		if e.User != "system:anonymous" || strings.HasPrefix(e.RequestURI, "/readyz") {
			continue // the harness's readiness checks
		}
		anonymous++
		if e.Verb != "get" && e.Verb != "list" {
			t.Errorf("the probe sent a %s: %s", e.Verb, e.RequestURI)
		}
	}
	if anonymous != 7 {
		t.Errorf("audit log has %d anonymous requests, want the probe's 7", anonymous)
	}
}

// anonymousHealthOnly lets anonymous requests in on the health
// endpoints only: the CIS-approved alternative to --anonymous-auth=false
// (1.2.1).
const anonymousHealthOnly = `apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
anonymous:
  enabled: true
  conditions:
  - path: /livez
  - path: /readyz
  - path: /healthz
`

// TestAPIServerAnonymousOff probes API servers that reject every request
// without credentials: with --anonymous-auth=false, and outside the health
// endpoints through an AuthenticationConfiguration. The probe's requests
// are all answered 401 either way, so the findings are the same.
func TestAPIServerAnonymousOff(t *testing.T) {
	t.Run("flag", func(t *testing.T) {
		c := testcluster.Start(t, testcluster.WithAPIServerFlags("--anonymous-auth=false"))
		golden(t, "apiserver-anonymous-off", run(t, "apiserver", c.Host()))
	})
	t.Run("authentication config", func(t *testing.T) {
		cfg := filepath.Join(t.TempDir(), "authentication.yaml")
		if err := os.WriteFile(cfg, []byte(anonymousHealthOnly), 0o600); err != nil {
			t.Fatal(err)
		}
		c := testcluster.Start(t, testcluster.WithAPIServerFlags("--authentication-config="+cfg))
		golden(t, "apiserver-anonymous-off", run(t, "apiserver", c.Host()))
	})
}

package testcluster_test

import (
	"context"
	"os"
	"slices"
	"syscall"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/palisade-dev/palisade/internal/testcluster"
)

// podLister may list pods in namespace shop and nothing else.
const podLister = "pod-lister"

func TestMain(m *testing.M) {
	testcluster.Main(m, testcluster.WithUser(podLister, "testers"))
}

const shop = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: registry.example.com/api:1.0
        securityContext: {privileged: true}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop}
spec:
  containers:
  - {name: sh, image: busybox, securityContext: {privileged: true}}
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
stringData: {password: hunter2}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-lister, namespace: shop}
rules:
- {apiGroups: [""], resources: [pods], verbs: [list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: pod-lister, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-lister}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: pod-lister}
`

func TestRestrictedUserAndAudit(t *testing.T) {
	c := testcluster.Shared(t)
	applied := c.Apply(t, shop)
	if len(applied) != 6 {
		t.Fatalf("applied %d objects, want 6", len(applied))
	}
	ctx := context.Background()

	lister := clientset(t, c.UserConfig(podLister))
	pods, err := lister.CoreV1().Pods("shop").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatalf("listing pods as %s: %v", podLister, err)
	}
	if len(pods.Items) != 1 || pods.Items[0].Name != "debug" {
		t.Errorf("pods in shop = %v, want [debug]", pods.Items)
	}
	_, err = lister.CoreV1().Secrets("shop").List(ctx, metav1.ListOptions{})
	if !apierrors.IsForbidden(err) {
		t.Errorf("listing secrets as %s: err = %v, want forbidden", podLister, err)
	}
	_, err = lister.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	if !apierrors.IsForbidden(err) {
		t.Errorf("listing pods in default as %s: err = %v, want forbidden", podLister, err)
	}

	events := c.AuditEvents(t)
	for _, want := range []testcluster.AuditEvent{
		{User: testcluster.AdminUser, Verb: "patch", Resource: "deployments", Namespace: "shop", Name: "api", Code: 201},
		{User: testcluster.AdminUser, Verb: "patch", Resource: "namespaces", Namespace: "shop", Name: "shop", Code: 201},
		{User: podLister, Verb: "list", Resource: "pods", Namespace: "shop", Code: 200},
		{User: podLister, Verb: "list", Resource: "secrets", Namespace: "shop", Code: 403},
		{User: podLister, Verb: "list", Resource: "pods", Namespace: "default", Code: 403},
	} {
		if !slices.ContainsFunc(events, func(e testcluster.AuditEvent) bool { return matches(e, want) }) {
			t.Errorf("audit log has no event like %+v", want)
		}
	}
	for _, e := range events {
		if e.User == podLister && e.Verb != "list" {
			t.Errorf("unexpected %s request by %s: %+v", e.Verb, podLister, e)
		}
		if e.RequestURI == "" || e.Stage == "" {
			t.Errorf("audit event without URI or stage: %+v", e)
		}
	}
}

func TestKubeconfig(t *testing.T) {
	c := testcluster.Shared(t)
	path := c.Kubeconfig(t, podLister)
	for _, tc := range []struct {
		context    string
		wantSecret bool // may list secrets in kube-system
	}{
		{context: podLister, wantSecret: false},
		{context: testcluster.AdminUser, wantSecret: true},
	} {
		t.Run(tc.context, func(t *testing.T) {
			cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
				&clientcmd.ClientConfigLoadingRules{ExplicitPath: path},
				&clientcmd.ConfigOverrides{CurrentContext: tc.context}).ClientConfig()
			if err != nil {
				t.Fatalf("loading %s: %v", path, err)
			}
			_, err = clientset(t, cfg).CoreV1().Secrets("kube-system").List(context.Background(), metav1.ListOptions{})
			if got := err == nil; got != tc.wantSecret || (err != nil && !apierrors.IsForbidden(err)) {
				t.Errorf("listing secrets as %s: err = %v, want allowed = %v", tc.context, err, tc.wantSecret)
			}
		})
	}
}

// TestStartStops checks that a cluster of its own stops with its test,
// leaving no process behind.
func TestStartStops(t *testing.T) {
	var pids []int
	t.Run("cluster", func(t *testing.T) {
		c := testcluster.Start(t, testcluster.WithUser("solo"))
		pids = c.PIDs()
		if _, err := clientset(t, c.AdminConfig()).Discovery().ServerVersion(); err != nil {
			t.Fatalf("server version: %v", err)
		}
	})
	if len(pids) != 2 {
		t.Fatalf("PIDs() = %v, want etcd and kube-apiserver", pids)
	}
	for _, pid := range pids {
		p, err := os.FindProcess(pid)
		if err != nil {
			continue // gone (Windows)
		}
		if err := p.Signal(syscall.Signal(0)); err == nil {
			t.Errorf("process %d still exists after the test", pid)
		}
	}
}

func clientset(t *testing.T, cfg *rest.Config) *kubernetes.Clientset {
	t.Helper()
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("creating clientset: %v", err)
	}
	return cs
}

// matches compares the fields set in want.
func matches(e, want testcluster.AuditEvent) bool {
	return e.User == want.User && e.Verb == want.Verb && e.Resource == want.Resource &&
		e.Namespace == want.Namespace && (want.Name == "" || e.Name == want.Name) &&
		(want.Code == 0 || e.Code == want.Code)
}

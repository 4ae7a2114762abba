package cluster

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// fastRetry keeps the unit tests quick: three tries, milliseconds apart.
var fastRetry = retryPolicy{tries: 3, base: time.Millisecond, max: 5 * time.Millisecond}

func objMeta(ns, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Namespace: ns, Name: name, ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}}
}

func controlledBy(m metav1.ObjectMeta, kind, name string) metav1.ObjectMeta {
	yes := true
	m.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kind, Name: name, Controller: &yes}}
	return m
}

func podSpec() corev1.PodSpec {
	return corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx"}}}
}

// shop fills the server with a small namespace: a Deployment with its
// ReplicaSet and three pods, a bare pod, a secret, RBAC.
func shop(f *fakeServer, t *testing.T) {
	f.add(resourceOf(t, "namespaces"), &corev1.Namespace{ObjectMeta: objMeta("", "shop")}, &corev1.Namespace{ObjectMeta: objMeta("", "kube-system")})
	f.add(resourceOf(t, "deployments"), &appsv1.Deployment{ObjectMeta: objMeta("shop", "api"), Spec: appsv1.DeploymentSpec{Template: corev1.PodTemplateSpec{Spec: podSpec()}}})
	f.add(resourceOf(t, "replicasets"), &appsv1.ReplicaSet{ObjectMeta: controlledBy(objMeta("shop", "api-1"), "Deployment", "api"), Spec: appsv1.ReplicaSetSpec{Template: corev1.PodTemplateSpec{Spec: podSpec()}}})
	pods := resourceOf(t, "pods")
	for _, name := range []string{"api-1-a", "api-1-b", "api-1-c"} {
		f.add(pods, &corev1.Pod{ObjectMeta: controlledBy(objMeta("shop", name), "ReplicaSet", "api-1"), Spec: podSpec()})
	}
	f.add(pods, &corev1.Pod{ObjectMeta: objMeta("shop", "debug"), Spec: podSpec()})
	f.add(pods, &corev1.Pod{ObjectMeta: objMeta("kube-system", "etcd"), Spec: podSpec()})
	f.add(resourceOf(t, "secrets"), secret("shop", "db"))
	f.add(resourceOf(t, "clusterroles"), &rbacv1.ClusterRole{ObjectMeta: objMeta("", "admin")})
	f.add(resourceOf(t, "roles"), &rbacv1.Role{ObjectMeta: objMeta("shop", "reader")})
}

func mustLoad(t *testing.T, f *fakeServer, opts Options) *Result {
	t.Helper()
	res, err := load(context.Background(), f.config(), opts, fastRetry)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return res
}

func names(objs []*inventory.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.Kind+"/"+o.Namespace+"/"+o.Name)
	}
	return out
}

func TestLoadReadsEveryPage(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	res := mustLoad(t, f, Options{PageSize: 2})
	inv := res.Inventory
	if len(inv.Coverage) != 0 {
		t.Errorf("coverage = %v, want none", inv.Coverage)
	}
	if got := f.requests["/api/v1/pods"]; got != 3 {
		t.Errorf("pods were read in %d requests, want 3 pages of 2", got)
	}
	wantPods := []string{"Pod/shop/api-1-a", "Pod/shop/api-1-b", "Pod/shop/api-1-c", "Pod/shop/debug", "Pod/kube-system/etcd"}
	if got := names(inv.ByKind("Pod")); !slices.Equal(got, wantPods) {
		t.Errorf("pods = %v, want %v", got, wantPods)
	}
	if res.Version.GitVersion != "v1.37.2" || res.Server != f.srv.URL {
		t.Errorf("version %q from %q", res.Version.GitVersion, res.Server)
	}
	want := Stats{Resources: len(resources), ResourcesRead: len(resources), Lists: len(resources), ListsRead: len(resources), Objects: len(inv.Objects)}
	got := res.Stats
	read := 0
	for _, rs := range got.read {
		read += len(rs)
	}
	got.read, want.Duration = nil, got.Duration
	if got.Duration <= 0 || read != len(resources) || !reflect.DeepEqual(got, want) {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
}

func TestLoadObjects(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	inv := mustLoad(t, f, Options{}).Inventory
	d := inv.Get("Deployment", "shop", "api")
	if d == nil {
		t.Fatal("no Deployment shop/api")
	}
	typed := d.Typed.(*appsv1.Deployment)
	if d.APIVersion != "apps/v1" || typed.APIVersion != "apps/v1" || typed.Kind != "Deployment" {
		t.Errorf("apiVersion/kind = %s %s, typed %s %s", d.APIVersion, d.Kind, typed.APIVersion, typed.Kind)
	}
	if d.Location.File != "/apis/apps/v1/namespaces/shop/deployments/api" || d.Location.Line != 0 || d.Source != "cluster" || d.Text != nil {
		t.Errorf("location %+v, source %q", d.Location, d.Source)
	}
	if d.Meta != &typed.ObjectMeta || d.Meta.ManagedFields != nil {
		t.Errorf("Meta must be the typed object's, without managed fields")
	}
	if ns := inv.Get("Namespace", "", "shop"); ns == nil || ns.Location.File != "/api/v1/namespaces/shop" {
		t.Errorf("namespace shop: %+v", ns)
	}
	s := inv.Get("Secret", "shop", "db")
	if s == nil {
		t.Fatal("no Secret shop/db")
	}
	if sec := s.Typed.(*corev1.Secret); sec.Data != nil || sec.StringData != nil || sec.Kind != "Secret" || s.Meta != &sec.ObjectMeta {
		t.Errorf("secret read with data or without identity: %+v", sec)
	}
}

// TestLoadOwnership checks that pods and ReplicaSets of a Deployment are
// judged once, on the Deployment, and a bare pod on its own.
func TestLoadOwnership(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	inv := mustLoad(t, f, Options{}).Inventory
	var got []string
	for _, pt := range inv.PodTemplates {
		got = append(got, pt.Object.Kind+"/"+pt.Object.Namespace+"/"+pt.Object.Name)
	}
	want := []string{"Pod/shop/debug", "Pod/kube-system/etcd", "Deployment/shop/api"}
	if !slices.Equal(got, want) {
		t.Errorf("pod templates = %v, want %v", got, want)
	}
}

func TestLoadNamespaces(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	inv := mustLoad(t, f, Options{Namespaces: []string{"shop", "kube-system", "shop"}, ExcludeNamespaces: []string{"kube-system"}}).Inventory
	if got := names(inv.ByKind("Namespace")); !slices.Equal(got, []string{"Namespace//shop"}) {
		t.Errorf("namespaces = %v", got)
	}
	if inv.Get("Pod", "kube-system", "etcd") != nil || inv.Get("ClusterRole", "", "admin") == nil {
		t.Error("kube-system must be excluded, cluster-scoped objects kept")
	}
	if f.requests["/api/v1/namespaces/shop/pods"] != 1 || f.requests["/api/v1/pods"] != 0 || f.requests["/api/v1/namespaces/kube-system/pods"] != 0 {
		t.Errorf("pods must be listed in shop only: %v", f.requests)
	}
	inv = mustLoad(t, f, Options{ExcludeNamespaces: []string{"shop"}}).Inventory
	if got := names(inv.ByKind("Pod")); !slices.Equal(got, []string{"Pod/kube-system/etcd"}) {
		t.Errorf("pods without shop = %v", got)
	}
}

func TestLoadRetriesTransientFailures(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	f.fault = func(r *http.Request, n int) *metav1.Status {
		switch {
		case r.URL.Path == "/api/v1/pods" && n <= 2:
			return status(apierrors.NewTooManyRequests("slow down", 1))
		case r.URL.Path == "/apis/apps/v1/deployments" && n == 1:
			return status(apierrors.NewServiceUnavailable("restarting"))
		}
		return nil
	}
	inv := mustLoad(t, f, Options{}).Inventory
	if len(inv.Coverage) != 0 || len(inv.ByKind("Pod")) != 5 || len(inv.ByKind("Deployment")) != 1 {
		t.Errorf("coverage %v, %d pods, %d deployments", inv.Coverage, len(inv.ByKind("Pod")), len(inv.ByKind("Deployment")))
	}
}

func TestLoadCoverage(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	f.notServed["policy/v1"] = true
	f.fault = func(r *http.Request, n int) *metav1.Status {
		switch r.URL.Path {
		case "/api/v1/secrets":
			return status(apierrors.NewForbidden(schema.GroupResource{Resource: "secrets"}, "", nil))
		case "/apis/rbac.authorization.k8s.io/v1/roles":
			return status(apierrors.NewInternalError(errors.New("etcd is down")))
		}
		return nil
	}
	res := mustLoad(t, f, Options{})
	want := map[string]string{
		"secrets":                         StatusForbidden,
		"poddisruptionbudgets.policy":     StatusNotFound,
		"roles.rbac.authorization.k8s.io": StatusError,
	}
	for _, c := range res.Inventory.Coverage {
		if want[c.Resource] != c.Status || c.Message == "" || strings.Contains(c.Message, "\n") {
			t.Errorf("unexpected coverage %+v", c)
		}
		delete(want, c.Resource)
	}
	if len(want) != 0 {
		t.Errorf("missing coverage for %v", want)
	}
	if f.requests["/apis/rbac.authorization.k8s.io/v1/roles"] != 3 {
		t.Errorf("roles tried %d times, want 3", f.requests["/apis/rbac.authorization.k8s.io/v1/roles"])
	}
	n := len(resources)
	if s := res.Stats; s.Resources != n || s.ResourcesRead != n-3 || s.Lists != n || s.ListsRead != n-3 {
		t.Errorf("stats = %+v", s)
	}
	if res.Inventory.Get("Deployment", "shop", "api") == nil {
		t.Error("the readable resources must still be read")
	}
}

func TestLoadProgress(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	var last Progress
	calls := 0
	mustLoad(t, f, Options{PageSize: 2, Progress: func(p Progress) { last = p; calls++ }})
	if last.ListsDone != len(resources) || last.ListsTotal != len(resources) || last.Objects != 12 || calls < len(resources) {
		t.Errorf("last progress %+v after %d calls", last, calls)
	}
}

func TestLoadListTimeoutIsCoverage(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	f.fault = func(r *http.Request, _ int) *metav1.Status {
		if r.URL.Path == "/api/v1/configmaps" {
			<-r.Context().Done() // hang until the client gives up
		}
		return nil
	}
	res, err := load(context.Background(), f.config(), Options{RequestTimeout: 100 * time.Millisecond}, fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	cov := res.Inventory.Coverage
	if len(cov) != 1 || cov[0].Resource != "configmaps" || cov[0].Status != StatusError || !strings.Contains(cov[0].Message, "gave up after 3 tries") {
		t.Errorf("coverage = %+v", cov)
	}
	if len(res.Inventory.ByKind("Pod")) != 5 {
		t.Error("the other resources must be read")
	}
}

// TestLoadExpiredContinue checks that a continue token that expired while
// paging restarts the list, without duplicates.
func TestLoadExpiredContinue(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	expired := false
	f.fault = func(r *http.Request, _ int) *metav1.Status {
		if r.URL.Path == "/api/v1/pods" && r.URL.Query().Get("continue") == "4" && !expired {
			expired = true
			return status(apierrors.NewResourceExpired("the continue token is too old"))
		}
		return nil
	}
	inv := mustLoad(t, f, Options{PageSize: 2}).Inventory
	if got := len(inv.ByKind("Pod")); got != 5 || !expired || len(inv.Coverage) != 0 {
		t.Errorf("%d pods (want 5), expired %v, coverage %v", got, expired, inv.Coverage)
	}
}

func TestLoadMissingNamespace(t *testing.T) {
	f := newFakeServer(t)
	shop(f, t)
	cov := mustLoad(t, f, Options{Namespaces: []string{"shop", "shpo"}}).Inventory.Coverage
	if len(cov) != 1 || cov[0].Resource != "namespace shpo" || cov[0].Status != StatusNotFound {
		t.Errorf("coverage = %+v", cov)
	}
}

package cluster

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func all(*metav1.ObjectMeta) bool { return true }

func TestObjectsOfFillsTypeMeta(t *testing.T) {
	r := resourceOf(t, "pods")
	list := &corev1.PodList{Items: []corev1.Pod{{ObjectMeta: objMeta("shop", "a")}, {ObjectMeta: objMeta("shop", "b")}}}
	objs, err := r.objectsOf(list, func(m *metav1.ObjectMeta) bool { return m.Name != "b" })
	if err != nil || len(objs) != 1 {
		t.Fatalf("%d objects, %v", len(objs), err)
	}
	o := objs[0]
	pod := o.Typed.(*corev1.Pod)
	if pod != &list.Items[0] || pod.APIVersion != "v1" || pod.Kind != "Pod" || o.APIVersion != "v1" || o.Kind != "Pod" {
		t.Errorf("object %+v, typed %s %s", o, pod.APIVersion, pod.Kind)
	}
	if o.Location.File != "/api/v1/namespaces/shop/pods/a" || o.Meta != &pod.ObjectMeta || pod.ManagedFields != nil {
		t.Errorf("location %q, meta shared %v, managed fields %v", o.Location.File, o.Meta == &pod.ObjectMeta, pod.ManagedFields)
	}
}

func TestSecretsOfHasNoData(t *testing.T) {
	r := resourceOf(t, "secrets")
	list := partialList([]runtime.Object{secret("shop", "db")}, metav1.ListMeta{})
	objs := r.secretsOf(list, all)
	if len(objs) != 1 {
		t.Fatalf("%d objects", len(objs))
	}
	s := objs[0].Typed.(*corev1.Secret)
	if s.Data != nil || s.StringData != nil || s.Type != "" || s.Name != "db" || s.Kind != "Secret" || s.APIVersion != "v1" {
		t.Errorf("secret = %+v", s)
	}
	if objs[0].Location.File != "/api/v1/namespaces/shop/secrets/db" {
		t.Errorf("location = %q", objs[0].Location.File)
	}
}

func TestPaths(t *testing.T) {
	tests := map[string]string{
		resourceOf(t, "nodes").path("", "n1"):                         "/api/v1/nodes/n1",
		resourceOf(t, "clusterroles").path("", "admin"):               "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin",
		resourceOf(t, "cronjobs").path("jobs", ""):                    "/apis/batch/v1/namespaces/jobs/cronjobs",
		resourceOf(t, "poddisruptionbudgets").path("shop", "api"):     "/apis/policy/v1/namespaces/shop/poddisruptionbudgets/api",
		(task{r: resourceOf(t, "deployments")}).what():                "deployments.apps",
		(task{r: resourceOf(t, "secrets"), namespace: "shop"}).what(): "secrets in namespace shop",
	}
	for got, want := range tests {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestResourcesCoverManifestKinds(t *testing.T) {
	kinds := map[string]bool{}
	for _, r := range resources {
		if kinds[r.kind] {
			t.Errorf("kind %s listed twice", r.kind)
		}
		kinds[r.kind] = true
		if !r.metadataOnly {
			if _, _, err := listScheme.ObjectKinds(r.newList()); err != nil {
				t.Errorf("%s: list type not in the scheme: %v", r.kind, err)
			}
		}
	}
	for _, k := range []string{"Pod", "PodTemplate", "ReplicationController", "Service", "ConfigMap", "Secret", "Namespace",
		"ServiceAccount", "LimitRange", "ResourceQuota", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
		"CronJob", "NetworkPolicy", "Ingress", "PodDisruptionBudget", "Role", "ClusterRole", "RoleBinding",
		"ClusterRoleBinding", "Node"} {
		if !kinds[k] {
			t.Errorf("kind %s is not listed", k)
		}
	}
}

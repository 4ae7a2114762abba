package cluster

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
)

// resource is one API resource Palisade lists.
type resource struct {
	gvr        schema.GroupVersionResource
	kind       string
	namespaced bool
	// newList returns an empty typed list to decode a page into.
	newList func() runtime.Object
	// metadataOnly lists the resource as PartialObjectMetadataList: used
	// for Secrets, whose values Palisade must never receive.
	metadataOnly bool
	// custom lists a custom resource as JSON (see customResources); it is
	// listed only when the cluster serves it.
	custom bool
}

// resources are every kind the checks read (see manifest's kind table)
// plus Nodes, in the order objects appear in the inventory.
var resources = []resource{
	core("namespaces", "Namespace", false, func() runtime.Object { return &corev1.NamespaceList{} }),
	core("nodes", "Node", false, func() runtime.Object { return &corev1.NodeList{} }),
	core("pods", "Pod", true, func() runtime.Object { return &corev1.PodList{} }),
	core("podtemplates", "PodTemplate", true, func() runtime.Object { return &corev1.PodTemplateList{} }),
	core("replicationcontrollers", "ReplicationController", true, func() runtime.Object { return &corev1.ReplicationControllerList{} }),
	core("services", "Service", true, func() runtime.Object { return &corev1.ServiceList{} }),
	core("configmaps", "ConfigMap", true, func() runtime.Object { return &corev1.ConfigMapList{} }),
	{gvr: corev1.SchemeGroupVersion.WithResource("secrets"), kind: "Secret", namespaced: true, metadataOnly: true},
	core("serviceaccounts", "ServiceAccount", true, func() runtime.Object { return &corev1.ServiceAccountList{} }),
	core("limitranges", "LimitRange", true, func() runtime.Object { return &corev1.LimitRangeList{} }),
	core("resourcequotas", "ResourceQuota", true, func() runtime.Object { return &corev1.ResourceQuotaList{} }),
	apps("deployments", "Deployment", func() runtime.Object { return &appsv1.DeploymentList{} }),
	apps("statefulsets", "StatefulSet", func() runtime.Object { return &appsv1.StatefulSetList{} }),
	apps("daemonsets", "DaemonSet", func() runtime.Object { return &appsv1.DaemonSetList{} }),
	apps("replicasets", "ReplicaSet", func() runtime.Object { return &appsv1.ReplicaSetList{} }),
	batch("jobs", "Job", func() runtime.Object { return &batchv1.JobList{} }),
	batch("cronjobs", "CronJob", func() runtime.Object { return &batchv1.CronJobList{} }),
	networking("networkpolicies", "NetworkPolicy", func() runtime.Object { return &networkingv1.NetworkPolicyList{} }),
	networking("ingresses", "Ingress", func() runtime.Object { return &networkingv1.IngressList{} }),
	{gvr: policyv1.SchemeGroupVersion.WithResource("poddisruptionbudgets"), kind: "PodDisruptionBudget", namespaced: true,
		newList: func() runtime.Object { return &policyv1.PodDisruptionBudgetList{} }},
	rbac("roles", "Role", true, func() runtime.Object { return &rbacv1.RoleList{} }),
	rbac("clusterroles", "ClusterRole", false, func() runtime.Object { return &rbacv1.ClusterRoleList{} }),
	rbac("rolebindings", "RoleBinding", true, func() runtime.Object { return &rbacv1.RoleBindingList{} }),
	rbac("clusterrolebindings", "ClusterRoleBinding", false, func() runtime.Object { return &rbacv1.ClusterRoleBindingList{} }),
}

func core(name, kind string, namespaced bool, newList func() runtime.Object) resource {
	return resource{gvr: corev1.SchemeGroupVersion.WithResource(name), kind: kind, namespaced: namespaced, newList: newList}
}

func apps(name, kind string, newList func() runtime.Object) resource {
	return resource{gvr: appsv1.SchemeGroupVersion.WithResource(name), kind: kind, namespaced: true, newList: newList}
}

func batch(name, kind string, newList func() runtime.Object) resource {
	return resource{gvr: batchv1.SchemeGroupVersion.WithResource(name), kind: kind, namespaced: true, newList: newList}
}

func networking(name, kind string, newList func() runtime.Object) resource {
	return resource{gvr: networkingv1.SchemeGroupVersion.WithResource(name), kind: kind, namespaced: true, newList: newList}
}

func rbac(name, kind string, namespaced bool, newList func() runtime.Object) resource {
	return resource{gvr: rbacv1.SchemeGroupVersion.WithResource(name), kind: kind, namespaced: namespaced, newList: newList}
}

// apiVersion is the resource's apiVersion as written in manifests.
func (r resource) apiVersion() string { return r.gvr.GroupVersion().String() }

// apiPrefix is the URL prefix of the resource's group version:
// "/api/v1" for the core group, "/apis/GROUP/VERSION" otherwise.
func (r resource) apiPrefix() string {
	if r.gvr.Group == "" {
		return "/api/" + r.gvr.Version
	}
	return "/apis/" + r.gvr.Group + "/" + r.gvr.Version
}

// path is the API path of the collection (name "") or of one object.
func (r resource) path(namespace, name string) string {
	p := r.apiPrefix()
	if namespace != "" {
		p += "/namespaces/" + namespace
	}
	p += "/" + r.gvr.Resource
	if name != "" {
		p += "/" + name
	}
	return p
}

// listScheme knows the typed lists above and the list options; its codecs
// decode protobuf and JSON.
var (
	listScheme = runtime.NewScheme()
	listCodecs = serializer.NewCodecFactory(listScheme)
	paramCodec = runtime.NewParameterCodec(listScheme)
	// optionsVersion is the version list options are encoded in.
	optionsVersion = schema.GroupVersion{Version: "v1"}
)

func init() {
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme,
		networkingv1.AddToScheme, policyv1.AddToScheme, rbacv1.AddToScheme,
	} {
		utilruntime.Must(add(listScheme))
	}
	metav1.AddToGroupVersion(listScheme, optionsVersion)
}

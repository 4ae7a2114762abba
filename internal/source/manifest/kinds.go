package manifest

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	apiserverv1 "k8s.io/apiserver/pkg/apis/apiserver/v1"
	apiserverv1beta1 "k8s.io/apiserver/pkg/apis/apiserver/v1beta1"
	auditv1 "k8s.io/apiserver/pkg/apis/audit/v1"
	kubeproxyv1alpha1 "k8s.io/kube-proxy/config/v1alpha1"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"
)

// kinds maps the group and kind of every type the checks read to a
// constructor. Older API versions of the same kind (extensions/v1beta1
// Deployment, batch/v1beta1 CronJob, ...) decode into the current type:
// the fields checks read have not moved.
var kinds = map[schema.GroupKind]func() any{
	{Group: "", Kind: "Pod"}:                                         func() any { return new(corev1.Pod) },
	{Group: "", Kind: "PodTemplate"}:                                 func() any { return new(corev1.PodTemplate) },
	{Group: "", Kind: "ReplicationController"}:                       func() any { return new(corev1.ReplicationController) },
	{Group: "", Kind: "Service"}:                                     func() any { return new(corev1.Service) },
	{Group: "", Kind: "ConfigMap"}:                                   func() any { return new(corev1.ConfigMap) },
	{Group: "", Kind: "Secret"}:                                      func() any { return new(corev1.Secret) },
	{Group: "", Kind: "Node"}:                                        func() any { return new(corev1.Node) },
	{Group: "", Kind: "Namespace"}:                                   func() any { return new(corev1.Namespace) },
	{Group: "", Kind: "ServiceAccount"}:                              func() any { return new(corev1.ServiceAccount) },
	{Group: "", Kind: "LimitRange"}:                                  func() any { return new(corev1.LimitRange) },
	{Group: "", Kind: "ResourceQuota"}:                               func() any { return new(corev1.ResourceQuota) },
	{Group: "apps", Kind: "Deployment"}:                              func() any { return new(appsv1.Deployment) },
	{Group: "extensions", Kind: "Deployment"}:                        func() any { return new(appsv1.Deployment) },
	{Group: "apps", Kind: "StatefulSet"}:                             func() any { return new(appsv1.StatefulSet) },
	{Group: "apps", Kind: "DaemonSet"}:                               func() any { return new(appsv1.DaemonSet) },
	{Group: "extensions", Kind: "DaemonSet"}:                         func() any { return new(appsv1.DaemonSet) },
	{Group: "apps", Kind: "ReplicaSet"}:                              func() any { return new(appsv1.ReplicaSet) },
	{Group: "extensions", Kind: "ReplicaSet"}:                        func() any { return new(appsv1.ReplicaSet) },
	{Group: "batch", Kind: "Job"}:                                    func() any { return new(batchv1.Job) },
	{Group: "batch", Kind: "CronJob"}:                                func() any { return new(batchv1.CronJob) },
	{Group: "networking.k8s.io", Kind: "NetworkPolicy"}:              func() any { return new(networkingv1.NetworkPolicy) },
	{Group: "networking.k8s.io", Kind: "Ingress"}:                    func() any { return new(networkingv1.Ingress) },
	{Group: "policy", Kind: "PodDisruptionBudget"}:                   func() any { return new(policyv1.PodDisruptionBudget) },
	{Group: "rbac.authorization.k8s.io", Kind: "Role"}:               func() any { return new(rbacv1.Role) },
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRole"}:        func() any { return new(rbacv1.ClusterRole) },
	{Group: "rbac.authorization.k8s.io", Kind: "RoleBinding"}:        func() any { return new(rbacv1.RoleBinding) },
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRoleBinding"}: func() any { return new(rbacv1.ClusterRoleBinding) },
}

// configKinds are the component configuration documents the node checks
// read (a kubelet or kube-proxy config file, the API server's encryption,
// audit and authentication configuration). Unlike API objects their
// fields and defaults change between versions, so only the versions
// listed decode: a document of another version is kept untyped and the
// checks that need it say it was not read.
var configKinds = map[schema.GroupVersionKind]func() any{
	kubeletv1beta1.SchemeGroupVersion.WithKind("KubeletConfiguration"):          func() any { return new(kubeletv1beta1.KubeletConfiguration) },
	kubeproxyv1alpha1.SchemeGroupVersion.WithKind("KubeProxyConfiguration"):     func() any { return new(kubeproxyv1alpha1.KubeProxyConfiguration) },
	apiserverv1.SchemeGroupVersion.WithKind("EncryptionConfiguration"):          func() any { return new(apiserverv1.EncryptionConfiguration) },
	apiserverv1.SchemeGroupVersion.WithKind("AuthenticationConfiguration"):      func() any { return new(apiserverv1.AuthenticationConfiguration) },
	apiserverv1beta1.SchemeGroupVersion.WithKind("AuthenticationConfiguration"): func() any { return new(apiserverv1.AuthenticationConfiguration) },
	auditv1.SchemeGroupVersion.WithKind("Policy"):                               func() any { return new(auditv1.Policy) },
}

// newTyped returns a new typed object for an apiVersion and kind, or nil
// when the kind is not one Palisade reads.
func newTyped(apiVersion, kind string) any {
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return nil
	}
	if f, ok := kinds[schema.GroupKind{Group: gv.Group, Kind: kind}]; ok {
		return f()
	}
	if f, ok := configKinds[gv.WithKind(kind)]; ok {
		return f()
	}
	return nil
}

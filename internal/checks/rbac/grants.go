package rbac

import (
	"github.com/palisade-dev/palisade/internal/check"
)

// The risky grants, one pattern set per check. Verbs that read are get,
// list and watch; verbs that write are create, update, patch and delete.
var (
	secretsPatterns = []pattern{{verbs: []string{"get", "list", "watch"}, resources: []string{"secrets"}}}
	podPatterns     = []pattern{
		{verbs: []string{"create"}, resources: []string{"pods", "replicationcontrollers", "podtemplates"}},
		{verbs: []string{"create"}, group: "apps", resources: []string{"deployments", "replicasets", "statefulsets", "daemonsets"}},
		{verbs: []string{"create"}, group: "batch", resources: []string{"jobs", "cronjobs"}},
	}
	escalationPatterns = []pattern{
		// A RoleBinding's bind on ClusterRoles counts: it lets the subject
		// bind them in its namespace. Escalating a ClusterRole is a
		// cluster-scoped request.
		{verbs: []string{"bind", "escalate"}, group: "rbac.authorization.k8s.io", resources: []string{"roles"}, named: true},
		{verbs: []string{"bind"}, group: "rbac.authorization.k8s.io", resources: []string{"clusterroles"}, named: true},
		{verbs: []string{"escalate"}, group: "rbac.authorization.k8s.io", resources: []string{"clusterroles"}, named: true, clusterScoped: true},
		// Impersonating a service account is a request in its namespace;
		// users, groups, UIDs and extras are cluster-scoped.
		{verbs: []string{"impersonate"}, resources: []string{"serviceaccounts"}, named: true},
		{verbs: []string{"impersonate"}, resources: []string{"users", "groups"}, named: true, clusterScoped: true},
		{verbs: []string{"impersonate"}, group: "authentication.k8s.io", resources: []string{"uids", "userextras/scopes"}, named: true, clusterScoped: true},
	}
	persistentVolumePatterns = []pattern{{verbs: []string{"create"}, resources: []string{"persistentvolumes"}, clusterScoped: true}}
	nodesProxyPatterns       = []pattern{{verbs: []string{"get", "create", "update", "patch", "delete"}, resources: []string{"nodes/proxy"}, clusterScoped: true, named: true}}
	webhookPatterns          = []pattern{{verbs: []string{"create", "update", "patch", "delete"}, group: "admissionregistration.k8s.io", clusterScoped: true,
		resources: []string{"validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings"}}}
	tokenPatterns = []pattern{{verbs: []string{"create"}, resources: []string{"serviceaccounts/token"}, named: true}}
	execPatterns  = []pattern{
		{verbs: []string{"create", "get"}, resources: []string{"pods/exec", "pods/attach", "pods/portforward"}},
		{verbs: []string{"update", "patch"}, resources: []string{"pods/ephemeralcontainers"}},
	}
	patchPatterns = []pattern{
		{verbs: []string{"update", "patch"}, resources: []string{"pods"}},
		{verbs: []string{"update", "patch"}, resources: []string{"nodes"}, clusterScoped: true},
	}
	kubeSystemConfigMapPatterns = []pattern{{verbs: []string{"create", "update", "patch", "delete"}, resources: []string{"configmaps"}, namespace: "kube-system", named: true}}
)

var secretsAccess = grantCheck(check.Meta{
	ID:          "rbac-secrets-access",
	Title:       "Access to Secrets granted",
	Severity:    check.High,
	Rationale:   "Reading Secrets reveals passwords, keys and service account tokens; list and watch return every Secret of the scope at once, so one grant leaks them all.",
	Remediation: "Remove get, list and watch on secrets from the role, or narrow get to the named Secrets the subject needs with resourceNames.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.2"}, check.NSA: {"rbac"}, check.MITRE: {"T1552.007", "T1528"}},
}, secretsPatterns...)

var createPods = grantCheck(check.Meta{
	ID:          "rbac-create-pods",
	Title:       "Creation of pods or pod controllers granted",
	Severity:    check.High,
	Rationale:   "Whoever creates a pod, or a Deployment, Job or other controller that creates pods, chooses its service account, host mounts and privileges: they can run code as any service account of the namespace and, where admission allows it, take over the node.",
	Remediation: "Grant create on pods and pod controllers only to the deployment pipeline's service account, in the namespaces it deploys to.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.4"}, check.NSA: {"rbac"}, check.MITRE: {"T1610", "T1611"}},
}, podPatterns...)

var escalation = grantCheck(check.Meta{
	ID:          "rbac-escalation-verbs",
	Title:       "bind, escalate or impersonate granted",
	Severity:    check.High,
	Rationale:   "bind and escalate on roles let a subject grant itself or others permissions it does not hold; impersonate lets it act as any user, group or service account. Each is a direct path to cluster-admin.",
	Remediation: "Remove the bind, escalate and impersonate verbs from the role; where impersonation is needed, restrict it with resourceNames to the identities required.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.8"}, check.NSA: {"rbac"}, check.MITRE: {"T1098", "T1078"}},
}, escalationPatterns...)

var createPersistentVolumes = grantCheck(check.Meta{
	ID:          "rbac-create-persistent-volumes",
	Title:       "Creation of PersistentVolumes granted",
	Severity:    check.High,
	Rationale:   "A PersistentVolume can be a hostPath volume: whoever creates one and a claim on it mounts any directory of the node into a pod.",
	Remediation: "Remove create on persistentvolumes; let StorageClasses provision volumes and grant users persistentvolumeclaims instead.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.9"}, check.NSA: {"rbac"}, check.MITRE: {"T1611"}},
}, persistentVolumePatterns...)

var nodesProxy = grantCheck(check.Meta{
	ID:          "rbac-nodes-proxy",
	Title:       "Access to nodes/proxy granted",
	Severity:    check.High,
	Rationale:   "nodes/proxy reaches the kubelet API through the API server; plain get is enough to run commands in every pod of the node through the kubelet, bypassing admission and audit of pods/exec.",
	Remediation: "Remove nodes/proxy from the role; monitoring needs nodes/metrics and nodes/stats, not nodes/proxy.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.10"}, check.NSA: {"rbac"}, check.MITRE: {"T1609", "T1611"}},
}, nodesProxyPatterns...)

var admissionWebhooks = grantCheck(check.Meta{
	ID:          "rbac-admission-webhooks",
	Title:       "Changes to admission webhooks and policies granted",
	Severity:    check.High,
	Rationale:   "Whoever controls validating and mutating webhook configurations or admission policies can disable the cluster's admission controls or have every new object, Secrets included, sent to a server of their choice and rewritten.",
	Remediation: "Grant create, update, patch and delete on webhook configurations and admission policies only to the operators that own them.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.12"}, check.NSA: {"rbac"}, check.MITRE: {"T1562.001", "T1610"}},
}, webhookPatterns...)

var serviceAccountTokens = grantCheck(check.Meta{
	ID:          "rbac-service-account-token",
	Title:       "Creation of service account tokens granted",
	Severity:    check.High,
	Rationale:   "create on serviceaccounts/token issues tokens for the service accounts of the scope: the subject can act as any of them, including those of controllers with broad rights.",
	Remediation: "Remove create on serviceaccounts/token, or restrict it with resourceNames to the service accounts required.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.13"}, check.NSA: {"rbac"}, check.MITRE: {"T1528"}},
}, tokenPatterns...)

var podExec = grantCheck(check.Meta{
	ID:          "rbac-pod-exec",
	Title:       "exec, attach, port-forward or ephemeral containers granted",
	Severity:    check.High,
	Rationale:   "pods/exec, pods/attach and ephemeral containers run commands inside running pods with their service accounts and mounted Secrets; pods/portforward reaches their ports past NetworkPolicies.",
	Remediation: "Remove pods/exec, pods/attach, pods/portforward and pods/ephemeralcontainers from the role; grant them for debugging only, temporarily and in one namespace.",
	Frameworks:  map[string][]string{check.NSA: {"rbac"}, check.MITRE: {"T1609"}},
}, execPatterns...)

var patchPodsNodes = grantCheck(check.Meta{
	ID:          "rbac-patch-pods-nodes",
	Title:       "update or patch of pods or nodes granted",
	Severity:    check.Medium,
	Rationale:   "Updating a pod can replace a container's image and run other code with the pod's service account; updating a node changes its labels and taints so that chosen workloads land on it.",
	Remediation: "Remove update and patch on pods and nodes; let controllers change pods through their templates.",
	Frameworks:  map[string][]string{check.NSA: {"rbac"}, check.MITRE: {"T1610"}},
}, patchPatterns...)

var kubeSystemConfigMaps = grantCheck(check.Meta{
	ID:          "rbac-kube-system-configmaps",
	Title:       "Changes to kube-system ConfigMaps granted",
	Severity:    check.High,
	Rationale:   "ConfigMaps in kube-system configure the cluster itself: aws-auth maps cloud identities to Kubernetes groups (system:masters included), others configure kube-proxy, CoreDNS and kubeadm.",
	Remediation: "Remove create, update, patch and delete on configmaps in kube-system from the role; manage those ConfigMaps from the cluster's provisioning only.",
	Frameworks:  map[string][]string{check.NSA: {"rbac"}, check.MITRE: {"T1098"}},
}, kubeSystemConfigMapPatterns...)

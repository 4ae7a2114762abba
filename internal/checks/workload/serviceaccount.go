package workload

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// serviceAccountName is the pod's service account, with the deprecated
// serviceAccount field and the "default" the API server fills in.
func serviceAccountName(s *corev1.PodSpec) string {
	switch {
	case s.ServiceAccountName != "":
		return s.ServiceAccountName
	case s.DeprecatedServiceAccount != "":
		return s.DeprecatedServiceAccount
	}
	return "default"
}

// ServiceAccountName is the pod's service account (see serviceAccountName);
// the RBAC checks link workloads to the grants of their accounts.
func ServiceAccountName(s *corev1.PodSpec) string { return serviceAccountName(s) }

// AutomountsToken reports whether the pod's service account token is
// automounted, as automount decides it.
func AutomountsToken(inv *inventory.Inventory, pt *inventory.PodTemplate) bool {
	return automount(inv, pt).Status != check.Pass
}

var defaultServiceAccount = podCheck(check.Meta{
	ID:          "default-service-account",
	Title:       "Default service account used",
	Severity:    check.Low,
	Rationale:   "Pods that share the namespace's default service account share every permission ever bound to it; each workload should have its own account with only what it needs.",
	Remediation: "Create a dedicated ServiceAccount for the workload and set spec.serviceAccountName; leave the default account without bindings and with automountServiceAccountToken: false.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.5"}, check.NSA: {"service-account-tokens"}, check.MITRE: {"T1078.001"}},
}, func(pt *inventory.PodTemplate, fail podReport) {
	if serviceAccountName(pt.Spec) != "default" {
		return
	}
	switch {
	case pt.Spec.ServiceAccountName != "":
		fail(pt.SpecPath+".serviceAccountName", "pod names the namespace's default service account")
	case pt.Spec.DeprecatedServiceAccount != "":
		fail(pt.SpecPath+".serviceAccount", "pod names the namespace's default service account (deprecated field serviceAccount)")
	default:
		fail(pt.SpecPath, "pod sets no serviceAccountName, so it runs as the namespace's default service account")
	}
})

var automountToken = &check.Check{Meta: check.Meta{
	ID:          "automount-service-account-token",
	Title:       "Service account token automounted",
	Severity:    check.Medium,
	Category:    "workload",
	Rationale:   "Kubernetes mounts an API token into every pod unless told not to; a compromised container then holds the service account's permissions.",
	Remediation: "Set automountServiceAccountToken: false on the pod (or its ServiceAccount) unless the workload calls the Kubernetes API.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.6"}, check.NSA: {"service-account-tokens"}, check.MITRE: {"T1528", "T1552.007"}},
}, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
	for _, pt := range inv.PodTemplates {
		report(automount(inv, pt))
	}
}}

// automount decides the effective automountServiceAccountToken: the pod's
// field wins, then the ServiceAccount's (when it is in the inventory), then
// the default, true.
func automount(inv *inventory.Inventory, pt *inventory.PodTemplate) check.Result {
	r := check.Result{Object: pt.Object, Path: pt.SpecPath + ".automountServiceAccountToken"}
	if v := pt.Spec.AutomountServiceAccountToken; v != nil {
		if *v {
			r.Message = "pod sets automountServiceAccountToken: true"
		} else {
			r.Status = check.Pass
		}
		return r
	}
	name := serviceAccountName(pt.Spec)
	if o := inv.Get("ServiceAccount", pt.Namespace(), name); o != nil {
		if sa, ok := o.Typed.(*corev1.ServiceAccount); ok && sa.AutomountServiceAccountToken != nil && !*sa.AutomountServiceAccountToken {
			r.Status = check.Pass
			r.Message = "the pod's service account " + quote(name) + " disables automounting"
			return r
		}
		r.Message = "the pod's service account " + quote(name) + " does not disable automounting, and neither does the pod"
		return r
	}
	if why := inv.Unread(pt.Namespace(), "serviceaccounts"); why != "" {
		r.Status = check.NotChecked
		r.Message = "pod does not set automountServiceAccountToken; whether its service account " + quote(name) + " disables it is unknown: " + why
		return r
	}
	r.Message = "pod does not set automountServiceAccountToken: false; its service account " + quote(name) + inNamespace(pt.Namespace()) + " is not in the scan, and the default mounts the token"
	return r
}

// inNamespace names a namespace for messages, or nothing when unset.
func inNamespace(ns string) string {
	if ns == "" {
		return ""
	}
	return " (namespace " + ns + ")"
}

var defaultNamespace = &check.Check{Meta: check.Meta{
	ID:          "default-namespace",
	Title:       "Object in the default namespace",
	Severity:    check.Low,
	Category:    "workload",
	Rationale:   "The default namespace is where everything lands by accident; it carries no boundary for RBAC, network policies or quotas.",
	Remediation: "Create a namespace per application or team and move the object there.",
	Frameworks:  map[string][]string{check.CIS: {"5.6.4"}, check.NSA: {"namespaces"}},
}, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
	for _, o := range inv.Objects {
		switch {
		case o.Namespace == "" || systemDefaultObject(o) || inv.Controller(o) != nil:
			// Cluster-scoped, or namespace left to the client; or not the user's to move.
		case o.Namespace == "default":
			report(check.Result{Object: o, Path: "metadata.namespace", Message: o.Kind + " " + o.Name + " is in the default namespace"})
		default:
			report(check.Result{Object: o, Status: check.Pass, Path: "metadata.namespace"})
		}
	}
}}

// systemDefaultObject reports objects the cluster itself keeps in the
// default namespace.
func systemDefaultObject(o *inventory.Object) bool {
	switch {
	case o.Kind == "Service" && o.Name == "kubernetes",
		o.Kind == "ConfigMap" && o.Name == "kube-root-ca.crt",
		o.Kind == "ServiceAccount" && o.Name == "default",
		o.Kind == "Endpoints" && o.Name == "kubernetes",
		o.Kind == "EndpointSlice" && o.Name == "kubernetes":
		return true
	}
	return false
}

// Checks returns every workload check.
func Checks() []*check.Check {
	return []*check.Check{
		privileged, hostPID, hostIPC, hostNetwork, windowsHostProcess,
		hostPathVolume, runtimeSocket, sensitiveHostPath, hostPort, sshPort,
		privilegeEscalation, runAsRoot, netRaw, addedCapabilities, dangerousCapabilities,
		seccompProfile, appArmorProfile, seLinuxOptions, procMount, unsafeSysctls,
		readOnlyRootFS, missingSecurityContext,
		memoryLimit, cpuLimit, memoryRequest, cpuRequest,
		defaultServiceAccount, automountToken, defaultNamespace,
	}
}

package namespace

import (
	"sort"

	psaapi "k8s.io/pod-security-admission/api"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// podSecurityAdmission fails namespaces with workloads whose Pod Security
// Admission enforce level admits any pod. kube-system is not applicable
// unless it enforces a level: it runs the cluster's own privileged
// components (CNI agents, kube-proxy), and the Kubernetes documentation
// leaves it privileged. kube-public and kube-node-lease are judged like any
// other namespace (they normally run nothing).
var podSecurityAdmission = namespaceCheck(check.Meta{
	ID:          "namespace-pod-security-admission",
	Title:       "Namespace without an enforced Pod Security Standard",
	Severity:    check.Medium,
	Rationale:   "Without a pod-security.kubernetes.io/enforce label of baseline or restricted (and no policy engine), anyone who may create pods in the namespace may create privileged pods that take over the node.",
	Remediation: "Label the namespace pod-security.kubernetes.io/enforce=baseline (or restricted), after checking the workloads with the warn label or `palisade scan --pss-level`; or enforce pod security with a policy engine such as Kyverno or Gatekeeper.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.1"}, check.NSA: {"pod-security"}, check.MITRE: {"T1610"}},
}, "metadata.labels", judgePodSecurity)

func judgePodSecurity(inv *inventory.Inventory, s *space) (check.Status, string) {
	if s.Object == nil {
		return check.NotChecked, missingNamespace(inv, s)
	}
	labels := s.Object.Meta.Labels
	level, ok := labels[psaapi.EnforceLevelLabel]
	if problem := invalidLabels(labels); problem != "" {
		return check.Fail, problem
	}
	switch {
	case ok && level != string(psaapi.LevelPrivileged):
		return check.Pass, "enforces the " + level + " Pod Security Standard (version " + enforceVersion(labels) + ")"
	case s.Name == kubeSystem:
		return check.NotApplicable, "kube-system runs the cluster's own privileged components and is left privileged by design"
	}
	what := "has no " + psaapi.EnforceLevelLabel + " label"
	if ok {
		what = "enforces the privileged level"
	}
	if engine := spacesOf(inv).engine; engine != "" {
		return check.NotApplicable, "namespace " + what + ", but " + engine
	}
	if ok {
		return check.Fail, "namespace has workloads and " + what + ": Pod Security Admission admits any pod"
	}
	return check.Fail, "namespace has workloads and " + what + ": the API server's default applies, which admits any pod unless its AdmissionConfiguration sets another"
}

// missingNamespace says why the labels of a namespace with no Namespace
// object in the scan are unknown.
func missingNamespace(inv *inventory.Inventory, s *space) string {
	if s.Name == "" {
		return "workloads set no metadata.namespace: the namespace they are applied to, and its Pod Security Admission labels, are not in the scan"
	}
	if why := inv.Unread("", "namespaces"); why != "" {
		return "the labels of namespace " + s.Name + " are unknown: " + why
	}
	return "Namespace " + s.Name + " is not in the scan: its Pod Security Admission labels are unknown"
}

// invalidLabels describes an enforce label the API server would reject
// (it refuses namespaces with invalid Pod Security labels), or "".
func invalidLabels(labels map[string]string) string {
	if v, ok := labels[psaapi.EnforceLevelLabel]; ok {
		if _, err := psaapi.ParseLevel(v); err != nil {
			return "label " + psaapi.EnforceLevelLabel + "=" + v + " is invalid (" + err.Error() + "): the API server rejects the namespace"
		}
	}
	if v, ok := labels[psaapi.EnforceVersionLabel]; ok {
		if _, err := psaapi.ParseVersion(v); err != nil {
			return "label " + psaapi.EnforceVersionLabel + "=" + v + " is invalid (" + err.Error() + "): the API server rejects the namespace"
		}
	}
	return ""
}

func enforceVersion(labels map[string]string) string {
	if v, ok := labels[psaapi.EnforceVersionLabel]; ok {
		return v
	}
	return "latest"
}

// policyEngines are the API groups whose presence means a policy engine
// that may enforce pod security is installed.
var policyEngines = map[string]string{
	"kyverno.io":                "Kyverno",
	"policies.kyverno.io":       "Kyverno",
	"templates.gatekeeper.sh":   "Gatekeeper",
	"constraints.gatekeeper.sh": "Gatekeeper",
}

// findPolicyEngine describes the policy engine found, or returns "": a
// Kyverno or Gatekeeper API the cluster serves, or an object of theirs or
// a ValidatingAdmissionPolicy in the scan. The admissionregistration API
// being served says nothing: every cluster serves it.
func findPolicyEngine(inv *inventory.Inventory) string {
	if inv.Cluster != nil {
		gvs := make([]string, 0, len(inv.Cluster.Resources))
		for gv := range inv.Cluster.Resources {
			gvs = append(gvs, gv)
		}
		sort.Strings(gvs)
		for _, gv := range gvs {
			if name := policyEngines[apiGroup(gv)]; name != "" && len(inv.Cluster.Resources[gv]) > 0 {
				return "policy engine " + name + " present (the cluster serves " + gv + "); its policies are not read"
			}
		}
	}
	for _, o := range inv.Objects {
		if name := policyEngines[apiGroup(o.APIVersion)]; name != "" {
			return "policy engine " + name + " present (" + o.Kind + " " + o.Name + " is in the scan); its policies are not read"
		}
		if o.Kind == "ValidatingAdmissionPolicy" && apiGroup(o.APIVersion) == "admissionregistration.k8s.io" {
			return "ValidatingAdmissionPolicy " + o.Name + " is in the scan; what it enforces is not read"
		}
	}
	return ""
}

package rbac

import (
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/workload"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/rbac"
)

// danger is one dangerous kind of grant a workload's token may hold.
type danger struct {
	what     string
	patterns []pattern
	severity check.Severity
}

// dangers are the grants that let a compromised pod take over more than
// itself: the patterns of the high-severity grant checks.
var dangers = []danger{
	{"read Secrets", secretsPatterns, check.High},
	{"create pods", podPatterns, check.High},
	{"bind, escalate or impersonate", escalationPatterns, check.High},
	{"create PersistentVolumes", persistentVolumePatterns, check.High},
	{"reach kubelets through nodes/proxy", nodesProxyPatterns, check.High},
	{"change admission webhooks", webhookPatterns, check.High},
	{"create service account tokens", tokenPatterns, check.High},
	{"exec into pods", execPatterns, check.High},
	{"change kube-system ConfigMaps", kubeSystemConfigMapPatterns, check.High},
}

var workloadToken = &check.Check{Meta: check.Meta{
	ID:          "rbac-workload-token-grants",
	Title:       "Workload mounts a token with dangerous rights",
	Severity:    check.High,
	Rationale:   "A pod that mounts its service account's token hands the account's rights to whoever compromises the pod; with rights to read Secrets, create pods, escalate, impersonate or exec, one vulnerable container becomes a cluster takeover.",
	Remediation: "Give the workload its own ServiceAccount with only the rights it uses, remove the dangerous grants from the bindings named, and set automountServiceAccountToken: false where the workload does not call the API.",
	Frameworks:  map[string][]string{check.NSA: {"service-account-tokens", "rbac"}, check.MITRE: {"T1528", "T1552.007"}},
	Category:    category,
}, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
	v := viewOf(inv)
	for _, pt := range workloads(inv) {
		report(v.judgeWorkload(inv, pt))
	}
}}

func (v *view) judgeWorkload(inv *inventory.Inventory, pt *inventory.PodTemplate) check.Result {
	ns, name := namespaceOf(pt), workload.ServiceAccountName(pt.Spec)
	sa := "ServiceAccount " + ns + "/" + name
	r := check.Result{Object: pt.Object, Path: pt.SpecPath + ".serviceAccountName"}
	if !workload.AutomountsToken(inv, pt) && !projectsToken(pt) {
		r.Status, r.Message = check.Pass, "the pod does not mount the token of "+sa
		return r
	}
	user := rbac.ServiceAccountUser(ns, name)
	var found []string
	sev := check.Severity("")
	for _, g := range v.model.Permissions(user) {
		for _, d := range dangers {
			m := matchAll(d.patterns, g.Rule, g.Binding.Namespace)
			if len(m) == 0 {
				continue
			}
			found = append(found, d.what+" ("+dedupe(m)+") "+scopeText(g.Binding)+" through "+g.Chain())
			if s := severity(d.severity, tierWorkload, oneNamespace(g.Binding)); s.Rank() > sev.Rank() {
				sev = s
			}
		}
	}
	if len(found) > 0 {
		r.Severity = sev
		r.Message = "pods of " + pt.Object.Kind + " " + pt.Object.Name + " mount the token of " + sa + ", which may " + list(found, 4)
		return r
	}
	r.Status, r.Message = check.Pass, sa+" holds no dangerous grant"
	if unknown := v.model.Unresolved(user); len(unknown) > 0 {
		r.Status, r.Message = check.NotChecked, "the pod mounts the token of "+sa+", and what "+unknown[0].Describe()+" grants it is unknown: "+unknown[0].Unresolved
	} else if len(v.model.Unread) > 0 {
		r.Status, r.Message = check.NotChecked, "the pod mounts the token of "+sa+", but bindings could not be read: "+strings.Join(v.model.Unread, ", ")
	}
	return r
}

// projectsToken reports whether a volume of the pod projects a service
// account token, which mounts one whatever automountServiceAccountToken says.
func projectsToken(pt *inventory.PodTemplate) bool {
	for _, vol := range pt.Spec.Volumes {
		if vol.Projected == nil {
			continue
		}
		for _, src := range vol.Projected.Sources {
			if src.ServiceAccountToken != nil {
				return true
			}
		}
	}
	return false
}

// list joins up to n items and counts the rest.
func list(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:n], "; ") + "; and " + strconv.Itoa(len(items)-n) + " more"
}

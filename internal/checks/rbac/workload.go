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
	j := &tokenJudge{v: viewOf(inv), inv: inv, accounts: map[account]*tokenGrants{}, matches: map[roleScope][][]string{}}
	for _, pt := range workloads(inv) {
		report(j.judge(pt))
	}
}}

// dangerPatterns are the patterns of every danger.
var dangerPatterns = func() []pattern {
	var out []pattern
	for _, d := range dangers {
		out = append(out, d.patterns...)
	}
	return out
}()

// tokenJudge judges workloads' tokens in one check run: each service
// account once (many workloads share one), each rule once per kind of
// scope (many accounts are granted the same roles).
type tokenJudge struct {
	v        *view
	inv      *inventory.Inventory
	accounts map[account]*tokenGrants
	matches  map[roleScope][][]string
}

// tokenGrants is what a service account's token may do of the dangers,
// and why that may be incomplete.
type tokenGrants struct {
	found    []string
	severity check.Severity
	// unknown says why grants may be missing (a binding naming the
	// account whose role is unknown, RBAC lists not read), or "".
	unknown string
}

func (j *tokenJudge) judge(pt *inventory.PodTemplate) check.Result {
	a := accountOf(pt)
	sa := "ServiceAccount " + a.namespace + "/" + a.name
	r := check.Result{Object: pt.Object, Path: pt.SpecPath + ".serviceAccountName"}
	if !workload.AutomountsToken(j.inv, pt) && !projectsToken(pt) {
		r.Status, r.Message = check.Pass, "the pod does not mount the token of "+sa
		return r
	}
	g := j.accounts[a]
	if g == nil {
		g = j.grantsOf(a)
		j.accounts[a] = g
	}
	switch {
	case len(g.found) > 0:
		r.Severity = g.severity
		r.Message = "pods of " + pt.Object.Kind + " " + pt.Object.Name + " mount the token of " + sa + ", which may " + list(g.found, 4)
	case g.unknown != "":
		r.Status, r.Message = check.NotChecked, "the pod mounts the token of "+sa+", "+g.unknown
	default:
		r.Status, r.Message = check.Pass, sa+" holds no dangerous grant"
	}
	return r
}

// grantsOf judges the token of a service account.
func (j *tokenJudge) grantsOf(a account) *tokenGrants {
	user := rbac.ServiceAccountUser(a.namespace, a.name)
	g := &tokenGrants{}
	for _, p := range j.v.model.Permissions(user) {
		for i, m := range j.dangersOf(p.Rule, p.Binding.Namespace) {
			if len(m) == 0 {
				continue
			}
			d := dangers[i]
			g.found = append(g.found, d.what+" ("+dedupe(m)+") "+scopeText(p.Binding)+" through "+p.Chain())
			if s := severity(d.severity, tierWorkload, oneNamespace(p.Binding)); s.Rank() > g.severity.Rank() {
				g.severity = s
			}
		}
	}
	if unknown := j.v.model.Unresolved(user); len(unknown) > 0 {
		g.unknown = "and what " + unknown[0].Describe() + " grants it is unknown: " + unknown[0].Unresolved
	} else if len(j.v.model.Unread) > 0 {
		g.unknown = "but bindings could not be read: " + strings.Join(j.v.model.Unread, ", ")
	}
	return g
}

// dangersOf lists, by danger, what a rule grants through a binding of
// namespace ns.
func (j *tokenJudge) dangersOf(r rbac.Rule, ns string) [][]string {
	k := roleScope{role: r.Role, index: r.Index, scope: scopeOf(dangerPatterns, ns)}
	out, ok := j.matches[k]
	if !ok {
		out = make([][]string, len(dangers))
		for i, d := range dangers {
			out[i] = matchAll(d.patterns, r, ns)
		}
		j.matches[k] = out
	}
	return out
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

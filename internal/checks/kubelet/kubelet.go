// Package kubelet holds the CIS Kubernetes Benchmark checks of the
// kubelet's settings (4.2.x) and of kube-proxy's metrics binding (4.3.1).
// A kubelet's settings come from its config file (KubeletConfiguration
// v1beta1) or its running configuration (configz), and from its command
// line in a node scan, where a flag wins over the file, as in the
// kubelet. A config file's absent field takes the kubelet's v1beta1
// default; a kubelet without a config file takes the command-line
// defaults, which are not the same (anonymous authentication on,
// AlwaysAllow, read-only port 10255).
package kubelet

import (
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// Checks returns the kubelet and kube-proxy checks.
func Checks() []*check.Check {
	out := make([]*check.Check, 0, len(rules)+1)
	for i := range rules {
		out = append(out, ruleCheck(&rules[i]))
	}
	return append(out, proxyMetricsCheck())
}

// rule is one CIS item on the kubelet's settings.
type rule struct {
	cis, id   string
	severity  check.Severity
	title     string
	rationale string
	fix       string
	field
	// ok judges the effective value; why completes a failure message.
	ok    func(v string) bool
	fails string
	// judge replaces the scalar judgement for items over several settings.
	judge func(k *Kubelet, r *rule) []verdict
}

// verdict is one outcome of a rule on one kubelet.
type verdict struct {
	status  check.Status
	obj     *inventory.Object
	path    string
	message string
}

func ruleCheck(r *rule) *check.Check {
	m := check.Meta{ID: r.id, Title: r.title, Severity: r.severity, Category: "kubelet",
		Rationale: r.rationale, Remediation: r.fix, Frameworks: map[string][]string{check.CIS: {r.cis}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, k := range Kubelets(inv) {
			for _, v := range judge(k, r) {
				report(check.Result{Object: v.obj, Status: v.status, Path: v.path, Message: v.message})
			}
		}
	}}
}

// judge evaluates a rule on one kubelet: not checked when the settings
// that decide it could not be read.
func judge(k *Kubelet, r *rule) []verdict {
	if k.Unreadable != "" && !decidedByFlags(k, r) {
		return []verdict{{check.NotChecked, k.object(), "", k.Unreadable}}
	}
	if r.judge != nil {
		return r.judge(k, r)
	}
	if r.get == nil && k.Proc == nil {
		return []verdict{{check.NotChecked, k.object(), "", "--" + r.flag + " is a command-line flag, and the kubelet's command line is not part of this scan (palisade node reads it on the node)"}}
	}
	s := k.effective(r.field)
	if r.ok(s.value) {
		return []verdict{{check.Pass, s.obj, s.path, s.how}}
	}
	return []verdict{{check.Fail, s.obj, s.path, s.how + ": " + r.fails}}
}

// decidedByFlags reports whether the command line sets the rule's flag,
// which then decides whatever the unreadable file says.
func decidedByFlags(k *Kubelet, r *rule) bool {
	if k.Proc == nil || r.flag == "" || r.judge != nil {
		return false
	}
	_, ok := k.Proc.Flag(r.flag)
	return ok
}

// Package controlplane holds the CIS Kubernetes Benchmark checks of the
// control-plane components' command lines (kube-apiserver 1.2.x,
// kube-controller-manager 1.3.x, kube-scheduler 1.4.x, etcd 2.x), read
// from their static pods in kube-system, from a cluster or from manifest
// files. Every rule is one row of a table judged by one function; an
// absent flag takes its Kubernetes default before it is judged.
package controlplane

import (
	"fmt"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/cluster"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// Checks returns one check per rule of the table.
func Checks() []*check.Check {
	out := make([]*check.Check, 0, len(rules))
	for _, r := range rules {
		out = append(out, ruleCheck(r))
	}
	return append(out, extraChecks()...)
}

// rule is one CIS item on one component's flags.
type rule struct {
	cis, id   string
	component string
	flag      string
	also      string // a second flag that must be set too (opSet)
	op        op
	arg       string
	n         int
	def       string // the Kubernetes default when the flag is absent
	file      string // a flag naming a config file that overrides the command line
	explicit  bool   // the benchmark wants the flag set even where the default would pass
	// inFile decides the rule from the config document another flag names
	// when that document holds the setting in the flag's place.
	inFile    *fileSetting
	severity  check.Severity
	title     string
	rationale string
	fix       string
	fails     string // completes a failure message: what is wrong
}

func ruleCheck(r rule) *check.Check {
	m := check.Meta{ID: r.id, Title: r.title, Severity: r.severity, Category: "control-plane",
		Rationale: r.rationale, Remediation: r.fix, Frameworks: map[string][]string{check.CIS: {r.cis}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		comps := Named(inv, r.component)
		if len(comps) == 0 {
			if res, ok := notVisible(inv, r.component); ok {
				report(res)
			}
			return
		}
		for _, c := range comps {
			if res, ok := r.inFile.decide(inv, c, r.flag); ok {
				report(res)
				continue
			}
			for _, v := range judge(c, r) {
				report(check.Result{Object: c.Object, Status: v.status, Path: v.path, Message: v.message})
			}
		}
	}}
}

// notVisible is the one result of a check whose component is not in the
// inventory: nothing in a file scan; in a cluster scan, not applicable on
// a managed control plane, otherwise not checked.
func notVisible(inv *inventory.Inventory, component string) (check.Result, bool) {
	if inv.Cluster == nil {
		return check.Result{}, false
	}
	if m := managed(inv); m != nil {
		return check.Result{Status: check.NotApplicable, Message: m.Reason()}, true
	}
	msg := fmt.Sprintf("no %s static pod in kube-system: the control plane is not visible to this scan", component)
	if component == Etcd && len(Named(inv, APIServer)) > 0 {
		msg = "no etcd static pod in kube-system: etcd runs outside the cluster (external etcd) or is not visible to this scan"
	}
	for _, c := range inv.Coverage {
		if c.Resource == "pods" || c.Resource == "pods in namespace kube-system" {
			msg += fmt.Sprintf(" (%s could not be read: %s)", c.Resource, c.Status)
			break
		}
	}
	return check.Result{Status: check.NotChecked, Message: msg}, true
}

type managedKey struct{}

// managed is the managed control plane the inventory shows, or nil,
// detected once per inventory rather than once per rule (a scan over
// thousands of nodes runs some sixty rules).
func managed(inv *inventory.Inventory) *cluster.ManagedControlPlane {
	return inv.Derived(managedKey{}, func() any {
		if m, ok := cluster.DetectManaged(inv); ok {
			return &m
		}
		return (*cluster.ManagedControlPlane)(nil)
	}).(*cluster.ManagedControlPlane)
}

package namespace

import (
	"fmt"
	"slices"
	"sort"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// controlPlaneLabels are the node label and taint keys kubeadm (and most
// distributions) put on control-plane nodes; "master" is the old name.
var controlPlaneLabels = []string{"node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"}

// controlPlaneToleration fails workloads outside kube-system that may be
// scheduled onto control-plane nodes, where etcd, the API server's keys
// and the cluster's credentials are.
var controlPlaneToleration = &check.Check{Meta: check.Meta{
	ID:          "control-plane-toleration",
	Title:       "Workload may run on control-plane nodes",
	Severity:    check.Medium,
	Category:    category,
	Rationale:   "Control-plane nodes hold etcd's data, the cluster's certificate keys and the control-plane credentials; a workload that tolerates their taint or selects them shares a node with all of that, so escaping its container compromises the whole cluster.",
	Remediation: "Remove the toleration of node-role.kubernetes.io/control-plane (and any toleration with operator Exists and no key) and the nodeSelector or node affinity on control-plane labels; run cluster components that need the control plane in kube-system.",
	Frameworks:  map[string][]string{check.NSA: {"namespaces"}, check.MITRE: {"T1610"}},
}, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
	for _, pt := range inv.PodTemplates {
		if pt.Namespace() == kubeSystem {
			report(check.Result{Object: pt.Object, Status: check.NotApplicable, Path: "metadata.namespace", Message: "kube-system workloads are the cluster's own components"})
			continue
		}
		failed := false
		controlPlaneReach(pt, func(path, msg string) {
			failed = true
			report(check.Result{Object: pt.Object, Status: check.Fail, Path: path, Message: msg})
		})
		if !failed {
			report(check.Result{Object: pt.Object, Status: check.Pass, Path: pt.SpecPath})
		}
	}
}}

// controlPlaneReach reports each toleration, node selector and node
// affinity term of the pod that lets it onto control-plane nodes.
func controlPlaneReach(pt *inventory.PodTemplate, fail func(path, msg string)) {
	s := pt.Spec
	for i, t := range s.Tolerations {
		if t.Effect != "" && t.Effect != corev1.TaintEffectNoSchedule {
			continue // the control-plane taint is NoSchedule
		}
		path := fmt.Sprintf("%s.tolerations[%d]", pt.SpecPath, i)
		switch {
		case t.Key == "" && t.Operator == corev1.TolerationOpExists:
			fail(path, "toleration with operator Exists and no key tolerates every taint, the control-plane's included")
		case slices.Contains(controlPlaneLabels, t.Key):
			fail(path, "tolerates the "+t.Key+" taint")
		}
	}
	keys := make([]string, 0, len(s.NodeSelector))
	for k := range s.NodeSelector {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slices.Contains(controlPlaneLabels, k) {
			fail(pt.SpecPath+".nodeSelector", "nodeSelector selects control-plane nodes by label "+k)
		}
	}
	if s.Affinity != nil && s.Affinity.NodeAffinity != nil {
		nodeAffinityReach(s.Affinity.NodeAffinity, pt.SpecPath+".affinity.nodeAffinity", fail)
	}
}

// nodeAffinityReach reports node affinity expressions that require or
// prefer control-plane nodes (In or Exists on their labels).
func nodeAffinityReach(a *corev1.NodeAffinity, path string, fail func(path, msg string)) {
	if req := a.RequiredDuringSchedulingIgnoredDuringExecution; req != nil {
		for i, term := range req.NodeSelectorTerms {
			termPath := fmt.Sprintf("%s.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[%d]", path, i)
			selectsControlPlane(term, termPath, "requires", fail)
		}
	}
	for i, pref := range a.PreferredDuringSchedulingIgnoredDuringExecution {
		termPath := fmt.Sprintf("%s.preferredDuringSchedulingIgnoredDuringExecution[%d].preference", path, i)
		selectsControlPlane(pref.Preference, termPath, "prefers", fail)
	}
}

func selectsControlPlane(term corev1.NodeSelectorTerm, path, verb string, fail func(path, msg string)) {
	for j, e := range term.MatchExpressions {
		if !slices.Contains(controlPlaneLabels, e.Key) {
			continue
		}
		if e.Operator == corev1.NodeSelectorOpIn || e.Operator == corev1.NodeSelectorOpExists {
			fail(fmt.Sprintf("%s.matchExpressions[%d]", path, j), "node affinity "+verb+" control-plane nodes ("+e.Key+" "+string(e.Operator)+")")
		}
	}
}

package workload

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// resourceCheck builds a check that every container sets a resource
// request or limit, or gets one some other way: a pod-level value
// (spec.resources), or a default from a LimitRange of the pod's namespace
// in the inventory, which admission applies. Ephemeral containers cannot
// set resources and are skipped.
func resourceCheck(m check.Meta, limit bool, name corev1.ResourceName) *check.Check {
	m.Category = "workload"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		ranges := limitRangesOf(inv)
		for _, pt := range inv.PodTemplates {
			ns := pt.Namespace()
			missing := missingResources(pt, limit, name)
			switch {
			case len(missing) == 0 || limitRangeDefault(ranges[ns], limit, name):
				report(check.Result{Object: pt.Object, Status: check.Pass, Path: pt.SpecPath})
			case inv.Unread(ns, "limitranges") != "":
				for _, c := range missing {
					report(check.Result{Object: pt.Object, Status: check.NotChecked, Path: c.Path + ".resources",
						Message: missingResource(c, limit, name) + ", but whether a LimitRange gives a default is unknown: " + inv.Unread(ns, "limitranges")})
				}
			default:
				for _, c := range missing {
					report(check.Result{Object: pt.Object, Path: c.Path + ".resources",
						Message: missingResource(c, limit, name) + ", and neither the pod nor a LimitRange of its namespace in the scan sets one"})
				}
			}
		}
	}}
}

// missingResources lists the containers that lack the request or limit
// and get none from the pod-level resources. Ephemeral containers cannot
// set resources and are left out.
func missingResources(pt *inventory.PodTemplate, limit bool, name corev1.ResourceName) []inventory.Container {
	if podLevelResource(pt.Spec, limit, name) {
		return nil
	}
	var out []inventory.Container
	for _, c := range pt.Containers() {
		if c.Kind != inventory.Ephemeral && !hasResource(c.Resources, limit, name) {
			out = append(out, c)
		}
	}
	return out
}

type limitRangesKey struct{}

// limitRangesOf indexes the inventory's LimitRanges by namespace, once.
func limitRangesOf(inv *inventory.Inventory) map[string][]*corev1.LimitRange {
	return inv.Derived(limitRangesKey{}, func() any {
		out := map[string][]*corev1.LimitRange{}
		for _, o := range inv.ByKind("LimitRange") {
			if lr, ok := o.Typed.(*corev1.LimitRange); ok {
				out[o.Namespace] = append(out[o.Namespace], lr)
			}
		}
		return out
	}).(map[string][]*corev1.LimitRange)
}

// hasResource reports whether a container sets the request or limit. A
// limit without a request also sets the request: the API server copies it.
func hasResource(r corev1.ResourceRequirements, limit bool, name corev1.ResourceName) bool {
	_, hasLimit := r.Limits[name]
	_, hasReq := r.Requests[name]
	return hasLimit || (!limit && hasReq)
}

// podLevelResource reports whether the pod-level resources (spec.resources)
// set the request or limit, which then bounds every container together.
func podLevelResource(s *corev1.PodSpec, limit bool, name corev1.ResourceName) bool {
	return s.Resources != nil && hasResource(*s.Resources, limit, name)
}

// missingResource says which request or limit a container lacks.
func missingResource(c inventory.Container, limit bool, name corev1.ResourceName) string {
	kind, field := "request", "requests"
	if limit {
		kind, field = "limit", "limits"
	}
	return who(c) + " has no " + string(name) + " " + kind + " (resources." + field + "." + string(name) + ")"
}

// limitRangeDefault reports whether a container LimitRange of the namespace
// gives containers a default for the limit (or request). As the API server
// defaults a LimitRange, max stands in for a missing default limit, and
// the default limit, then min, for a missing default request.
func limitRangeDefault(ranges []*corev1.LimitRange, limit bool, name corev1.ResourceName) bool {
	for _, lr := range ranges {
		for _, item := range lr.Spec.Limits {
			if item.Type == corev1.LimitTypeContainer && limitItemDefault(item, limit, name) {
				return true
			}
		}
	}
	return false
}

// limitItemDefault reports whether one LimitRange item defaults the limit
// (or request) of a resource.
func limitItemDefault(item corev1.LimitRangeItem, limit bool, name corev1.ResourceName) bool {
	_, hasDefault := item.Default[name]
	_, hasMax := item.Max[name]
	if hasDefault || hasMax {
		return true
	}
	_, hasDefaultRequest := item.DefaultRequest[name]
	_, hasMin := item.Min[name]
	return !limit && (hasDefaultRequest || hasMin)
}

var (
	memoryLimit = resourceCheck(check.Meta{
		ID:          "memory-limit",
		Title:       "No memory limit",
		Severity:    check.Medium,
		Rationale:   "A container without a memory limit can use all of the node's memory, starving or evicting other workloads (denial of service, or resource hijacking such as crypto-mining).",
		Remediation: "Set resources.limits.memory on every container, or a default in a LimitRange for the namespace.",
		Frameworks:  map[string][]string{check.NSA: {"resource-policies"}, check.MITRE: {"T1496", "T1499"}},
	}, true, corev1.ResourceMemory)
	cpuLimit = resourceCheck(check.Meta{
		ID:          "cpu-limit",
		Title:       "No CPU limit",
		Severity:    check.Low,
		Rationale:   "A container without a CPU limit can use every core of its node, slowing other workloads; abuse such as crypto-mining goes unbounded.",
		Remediation: "Set resources.limits.cpu on every container, or a default in a LimitRange for the namespace.",
		Frameworks:  map[string][]string{check.NSA: {"resource-policies"}, check.MITRE: {"T1496"}},
	}, true, corev1.ResourceCPU)
	memoryRequest = resourceCheck(check.Meta{
		ID:          "memory-request",
		Title:       "No memory request",
		Severity:    check.Low,
		Rationale:   "Without a memory request the scheduler cannot place the pod sensibly and it is among the first evicted under memory pressure.",
		Remediation: "Set resources.requests.memory on every container, or a defaultRequest in a LimitRange for the namespace.",
		Frameworks:  map[string][]string{check.NSA: {"resource-policies"}},
	}, false, corev1.ResourceMemory)
	cpuRequest = resourceCheck(check.Meta{
		ID:          "cpu-request",
		Title:       "No CPU request",
		Severity:    check.Low,
		Rationale:   "Without a CPU request the pod gets no guaranteed CPU share and the scheduler may overload its node.",
		Remediation: "Set resources.requests.cpu on every container, or a defaultRequest in a LimitRange for the namespace.",
		Frameworks:  map[string][]string{check.NSA: {"resource-policies"}},
	}, false, corev1.ResourceCPU)
)

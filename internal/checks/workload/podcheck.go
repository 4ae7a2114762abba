// Package workload holds the pod security checks: every pod template of
// every controller kind, every container list, with pod-level settings and
// Kubernetes defaults applied the way the kubelet applies them.
package workload

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// podReport is what a pod check calls for each problem it finds.
type podReport func(path, message string)

// podFunc judges one pod template and reports each problem it finds.
type podFunc func(pt *inventory.PodTemplate, fail podReport)

// containerFunc judges one container of a pod template.
type containerFunc func(pt *inventory.PodTemplate, c inventory.Container, fail podReport)

// scope says whether a pod is outside a check's scope and, if so, the
// field path that puts it there and why.
type scope func(pt *inventory.PodTemplate) (path, reason string, out bool)

// podCheck builds a check that runs fn on every pod template in scope; a
// template with no problem passes, one out of scope is not applicable.
func podCheck(m check.Meta, fn podFunc, scopes ...scope) *check.Check {
	m.Category = "workload"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, pt := range inv.PodTemplates {
			judgePod(pt, fn, report, scopes)
		}
	}}
}

// judgePod runs fn on one pod template and reports its results: every
// problem, or one pass, or one not-applicable when a scope excludes it.
func judgePod(pt *inventory.PodTemplate, fn podFunc, report func(check.Result), scopes []scope) {
	for _, s := range scopes {
		if path, reason, out := s(pt); out {
			report(check.Result{Object: pt.Object, Status: check.NotApplicable, Path: path, Message: reason})
			return
		}
	}
	failed := false
	fn(pt, func(path, msg string) {
		failed = true
		report(check.Result{Object: pt.Object, Path: path, Message: msg})
	})
	if !failed {
		report(check.Result{Object: pt.Object, Status: check.Pass, Path: pt.SpecPath})
	}
}

// containerCheck builds a pod check that runs fn on every container of
// every pod template (init, regular and ephemeral).
func containerCheck(m check.Meta, fn containerFunc, scopes ...scope) *check.Check {
	return podCheck(m, eachContainer(fn), scopes...)
}

// eachContainer turns a container function into a pod function.
func eachContainer(fn containerFunc) podFunc {
	return func(pt *inventory.PodTemplate, fail podReport) {
		for _, c := range pt.Containers() {
			fn(pt, c, fail)
		}
	}
}

// linuxOnly puts Windows pods out of scope: the Linux-only settings the
// check judges do not exist there (as in the Pod Security Standards, which
// exempt Windows pods from them, and API validation, which rejects them).
func linuxOnly(pt *inventory.PodTemplate) (string, string, bool) {
	if isWindows(pt.Spec) {
		return pt.SpecPath + ".os.name", "Windows pod: the Linux setting this check judges does not apply", true
	}
	return "", "", false
}

// ownUserNamespace puts pods with hostUsers: false out of scope: their
// root is mapped to an unprivileged user of the node, and the Pod Security
// Standards (v1.35 and later) relax the root and /proc controls for them.
func ownUserNamespace(pt *inventory.PodTemplate) (string, string, bool) {
	if u := pt.Spec.HostUsers; u != nil && !*u {
		return pt.SpecPath + ".hostUsers", "pod runs in its own user namespace (hostUsers: false): its root user and its /proc are not the node's", true
	}
	return "", "", false
}

func isWindows(s *corev1.PodSpec) bool {
	return s.OS != nil && s.OS.Name == corev1.Windows
}

// who names a container for messages: `container "app"`, `init container "x"`.
func who(c inventory.Container) string { return c.Describe() }

func quote(s string) string { return `"` + s + `"` }

// scPath returns the path of a field of the container's security context.
func scPath(c inventory.Container, field string) string {
	return c.Path + ".securityContext." + field
}

// podSCPath returns the path of a field of the pod's security context.
func podSCPath(pt *inventory.PodTemplate, field string) string {
	return pt.SpecPath + ".securityContext." + field
}

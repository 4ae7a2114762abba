package pss

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/policy"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// locators point a failing check at the first offending field, for checks
// where that is a plain lookup with no policy knowledge; the verdict itself
// always comes from the library. A locator returns "" when it finds nothing.
var locators = map[policy.CheckID]func(pt *inventory.PodTemplate) string{
	"privileged": firstContainer("privileged", func(sc *corev1.SecurityContext) bool {
		return sc != nil && sc.Privileged != nil && *sc.Privileged
	}),
	"allowPrivilegeEscalation": firstContainer("allowPrivilegeEscalation", func(sc *corev1.SecurityContext) bool {
		return sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation
	}),
	"procMount":            procMountPath,
	"procMount_restricted": procMountPath,
	"runAsUser": podOrContainer("runAsUser",
		func(sc *corev1.PodSecurityContext) bool {
			return sc != nil && sc.RunAsUser != nil && *sc.RunAsUser == 0
		},
		func(sc *corev1.SecurityContext) bool { return sc != nil && sc.RunAsUser != nil && *sc.RunAsUser == 0 }),
	"windowsHostProcess": podOrContainer("windowsOptions.hostProcess",
		func(sc *corev1.PodSecurityContext) bool {
			return sc != nil && sc.WindowsOptions != nil && sc.WindowsOptions.HostProcess != nil && *sc.WindowsOptions.HostProcess
		},
		func(sc *corev1.SecurityContext) bool {
			return sc != nil && sc.WindowsOptions != nil && sc.WindowsOptions.HostProcess != nil && *sc.WindowsOptions.HostProcess
		}),
	"hostNamespaces":  hostNamespacesPath,
	"hostPorts":       hostPortPath,
	"hostPathVolumes": hostPathPath,
	"sysctls":         func(pt *inventory.PodTemplate) string { return pt.SpecPath + ".securityContext.sysctls" },
}

// failPath is the most precise field path of a failing check on pt.
func failPath(id policy.CheckID, pt *inventory.PodTemplate) string {
	if loc := locators[id]; loc != nil {
		if p := loc(pt); p != "" {
			return p
		}
	}
	return pt.SpecPath
}

// firstContainer locates securityContext.<field> of the first container
// (init, regular, ephemeral, as upstream visits them) where bad holds.
func firstContainer(field string, bad func(*corev1.SecurityContext) bool) func(*inventory.PodTemplate) string {
	return func(pt *inventory.PodTemplate) string {
		for _, c := range pt.Containers() {
			if bad(c.SecurityContext) {
				return c.Path + ".securityContext." + field
			}
		}
		return ""
	}
}

// podOrContainer locates securityContext.<field> of the pod when podBad
// holds, or else of the first container where bad holds.
func podOrContainer(field string, podBad func(*corev1.PodSecurityContext) bool, bad func(*corev1.SecurityContext) bool) func(*inventory.PodTemplate) string {
	inContainer := firstContainer(field, bad)
	return func(pt *inventory.PodTemplate) string {
		if podBad(pt.Spec.SecurityContext) {
			return pt.SpecPath + ".securityContext." + field
		}
		return inContainer(pt)
	}
}

var procMountPath = firstContainer("procMount", func(sc *corev1.SecurityContext) bool {
	return sc != nil && sc.ProcMount != nil && *sc.ProcMount != corev1.DefaultProcMount
})

func hostNamespacesPath(pt *inventory.PodTemplate) string {
	switch s := pt.Spec; {
	case s.HostNetwork:
		return pt.SpecPath + ".hostNetwork"
	case s.HostPID:
		return pt.SpecPath + ".hostPID"
	case s.HostIPC:
		return pt.SpecPath + ".hostIPC"
	}
	return ""
}

func hostPortPath(pt *inventory.PodTemplate) string {
	for _, c := range pt.Containers() {
		for i, p := range c.Ports {
			if p.HostPort != 0 {
				return c.Path + ".ports[" + strconv.Itoa(i) + "].hostPort"
			}
		}
	}
	return ""
}

func hostPathPath(pt *inventory.PodTemplate) string {
	for i, v := range pt.Spec.Volumes {
		if v.HostPath != nil {
			return pt.SpecPath + ".volumes[" + strconv.Itoa(i) + "].hostPath"
		}
	}
	return ""
}

package workload

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// setting is an effective security setting and the field path that set it
// ("" when nothing sets it and the Kubernetes default applies).
type setting[T any] struct {
	value T
	set   bool
	path  string
}

// runAsUser is the effective UID: the container's setting overrides the pod's.
func runAsUser(pt *inventory.PodTemplate, c inventory.Container) setting[int64] {
	if sc := c.SecurityContext; sc != nil && sc.RunAsUser != nil {
		return setting[int64]{*sc.RunAsUser, true, scPath(c, "runAsUser")}
	}
	if ps := pt.Spec.SecurityContext; ps != nil && ps.RunAsUser != nil {
		return setting[int64]{*ps.RunAsUser, true, podSCPath(pt, "runAsUser")}
	}
	return setting[int64]{}
}

// runAsNonRoot is the effective runAsNonRoot: container overrides pod.
func runAsNonRoot(pt *inventory.PodTemplate, c inventory.Container) setting[bool] {
	if sc := c.SecurityContext; sc != nil && sc.RunAsNonRoot != nil {
		return setting[bool]{*sc.RunAsNonRoot, true, scPath(c, "runAsNonRoot")}
	}
	if ps := pt.Spec.SecurityContext; ps != nil && ps.RunAsNonRoot != nil {
		return setting[bool]{*ps.RunAsNonRoot, true, podSCPath(pt, "runAsNonRoot")}
	}
	return setting[bool]{}
}

// seccomp is the effective seccomp profile: container overrides pod. Unset
// means the kubelet's default, Unconfined unless --seccomp-default is on.
func seccomp(pt *inventory.PodTemplate, c inventory.Container) setting[*corev1.SeccompProfile] {
	if sc := c.SecurityContext; sc != nil && sc.SeccompProfile != nil {
		return setting[*corev1.SeccompProfile]{sc.SeccompProfile, true, scPath(c, "seccompProfile.type")}
	}
	if ps := pt.Spec.SecurityContext; ps != nil && ps.SeccompProfile != nil {
		return setting[*corev1.SeccompProfile]{ps.SeccompProfile, true, podSCPath(pt, "seccompProfile.type")}
	}
	return setting[*corev1.SeccompProfile]{}
}

// appArmor is the effective AppArmor profile type: the container field,
// then the legacy per-container annotation (which the API server turns into
// the container field when the pod is created), then the pod field. An
// empty annotation counts as unset, as it does for the API server.
func appArmor(pt *inventory.PodTemplate, c inventory.Container) setting[string] {
	if sc := c.SecurityContext; sc != nil && sc.AppArmorProfile != nil {
		return setting[string]{string(sc.AppArmorProfile.Type), true, scPath(c, "appArmorProfile.type")}
	}
	key := corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix + c.Name
	if v := pt.Meta.Annotations[key]; v != "" {
		return setting[string]{annotationAppArmorType(v), true, pt.MetaPath + `.annotations["` + key + `"]`}
	}
	if ps := pt.Spec.SecurityContext; ps != nil && ps.AppArmorProfile != nil {
		return setting[string]{string(ps.AppArmorProfile.Type), true, podSCPath(pt, "appArmorProfile.type")}
	}
	return setting[string]{}
}

// annotationAppArmorType maps a legacy annotation value to the profile
// type it stands for; a value of no known form is returned as it is, so
// that it is never mistaken for a confining profile.
func annotationAppArmorType(v string) string {
	switch {
	case v == corev1.DeprecatedAppArmorBetaProfileNameUnconfined:
		return string(corev1.AppArmorProfileTypeUnconfined)
	case v == corev1.DeprecatedAppArmorBetaProfileRuntimeDefault:
		return string(corev1.AppArmorProfileTypeRuntimeDefault)
	case strings.HasPrefix(v, corev1.DeprecatedAppArmorBetaProfileNamePrefix):
		return string(corev1.AppArmorProfileTypeLocalhost)
	}
	return v
}

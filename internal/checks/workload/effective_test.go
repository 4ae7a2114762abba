package workload

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// testPod builds a pod template with one container named "app" (and one
// init container "init" when init is not nil); annotations go on the pod.
func testPod(pod *corev1.PodSecurityContext, ctr, init *corev1.SecurityContext, annotations map[string]string) (*inventory.PodTemplate, []inventory.Container) {
	spec := &corev1.PodSpec{
		SecurityContext: pod,
		Containers:      []corev1.Container{{Name: "app", SecurityContext: ctr}},
	}
	if init != nil {
		spec.InitContainers = []corev1.Container{{Name: "init", SecurityContext: init}}
	}
	meta := &metav1.ObjectMeta{Name: "p", Namespace: "ns", Annotations: annotations}
	pt := &inventory.PodTemplate{
		Object:   &inventory.Object{Kind: "Pod", Name: "p", Namespace: "ns", Meta: meta},
		Meta:     meta,
		Spec:     spec,
		SpecPath: "spec",
		MetaPath: "metadata",
	}
	return pt, pt.Containers()
}

// lastContainer is the regular container "app" (init containers come first).
func lastContainer(cs []inventory.Container) inventory.Container { return cs[len(cs)-1] }

func ptr[T any](v T) *T { return &v }

func checkSetting[T comparable](t *testing.T, got setting[T], value T, set bool, path string) {
	t.Helper()
	if got.value != value || got.set != set || got.path != path {
		t.Errorf("got {%v %v %q}, want {%v %v %q}", got.value, got.set, got.path, value, set, path)
	}
}

func TestRunAsUser(t *testing.T) {
	tests := []struct {
		name  string
		pod   *corev1.PodSecurityContext
		ctr   *corev1.SecurityContext
		value int64
		set   bool
		path  string
	}{
		{"nothing set", nil, nil, 0, false, ""},
		{"empty contexts", &corev1.PodSecurityContext{}, &corev1.SecurityContext{}, 0, false, ""},
		{"pod only", &corev1.PodSecurityContext{RunAsUser: ptr(int64(1000))}, nil, 1000, true, "spec.securityContext.runAsUser"},
		{"container only", nil, &corev1.SecurityContext{RunAsUser: ptr(int64(0))}, 0, true, "spec.containers[0].securityContext.runAsUser"},
		{"container overrides pod", &corev1.PodSecurityContext{RunAsUser: ptr(int64(1000))}, &corev1.SecurityContext{RunAsUser: ptr(int64(0))}, 0, true, "spec.containers[0].securityContext.runAsUser"},
		{"container without uid inherits pod", &corev1.PodSecurityContext{RunAsUser: ptr(int64(0))}, &corev1.SecurityContext{RunAsNonRoot: ptr(true)}, 0, true, "spec.securityContext.runAsUser"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, cs := testPod(tt.pod, tt.ctr, nil, nil)
			checkSetting(t, runAsUser(pt, cs[0]), tt.value, tt.set, tt.path)
		})
	}
}

func TestRunAsNonRoot(t *testing.T) {
	tests := []struct {
		name  string
		pod   *corev1.PodSecurityContext
		ctr   *corev1.SecurityContext
		value bool
		set   bool
		path  string
	}{
		{"nothing set", nil, nil, false, false, ""},
		{"pod true", &corev1.PodSecurityContext{RunAsNonRoot: ptr(true)}, nil, true, true, "spec.securityContext.runAsNonRoot"},
		{"container false overrides pod true", &corev1.PodSecurityContext{RunAsNonRoot: ptr(true)}, &corev1.SecurityContext{RunAsNonRoot: ptr(false)}, false, true, "spec.containers[0].securityContext.runAsNonRoot"},
		{"container true, pod unset", nil, &corev1.SecurityContext{RunAsNonRoot: ptr(true)}, true, true, "spec.containers[0].securityContext.runAsNonRoot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, cs := testPod(tt.pod, tt.ctr, nil, nil)
			checkSetting(t, runAsNonRoot(pt, cs[0]), tt.value, tt.set, tt.path)
		})
	}
}

func TestSeccomp(t *testing.T) {
	runtimeDefault := &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
	unconfined := &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeUnconfined}
	tests := []struct {
		name     string
		pod      *corev1.PodSecurityContext
		ctr      *corev1.SecurityContext
		init     *corev1.SecurityContext
		typ      corev1.SeccompProfileType // "" when unset
		path     string
		initType corev1.SeccompProfileType
	}{
		{"nothing set", nil, nil, nil, "", "", ""},
		{"pod covers every container", &corev1.PodSecurityContext{SeccompProfile: runtimeDefault}, nil, &corev1.SecurityContext{}, corev1.SeccompProfileTypeRuntimeDefault, "spec.securityContext.seccompProfile.type", corev1.SeccompProfileTypeRuntimeDefault},
		{"container Unconfined overrides pod", &corev1.PodSecurityContext{SeccompProfile: runtimeDefault}, &corev1.SecurityContext{SeccompProfile: unconfined}, nil, corev1.SeccompProfileTypeUnconfined, "spec.containers[0].securityContext.seccompProfile.type", ""},
		{"init container override leaves container on pod's", &corev1.PodSecurityContext{SeccompProfile: runtimeDefault}, nil, &corev1.SecurityContext{SeccompProfile: unconfined}, corev1.SeccompProfileTypeRuntimeDefault, "spec.securityContext.seccompProfile.type", corev1.SeccompProfileTypeUnconfined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, cs := testPod(tt.pod, tt.ctr, tt.init, nil)
			got := seccomp(pt, lastContainer(cs))
			if typ := profileType(got); typ != tt.typ || got.path != tt.path || got.set != (tt.typ != "") {
				t.Errorf("container: got {%q %v %q}, want {%q %q}", typ, got.set, got.path, tt.typ, tt.path)
			}
			if tt.init != nil {
				if typ := profileType(seccomp(pt, cs[0])); typ != tt.initType {
					t.Errorf("init container: got %q, want %q", typ, tt.initType)
				}
			}
		})
	}
}

func profileType(s setting[*corev1.SeccompProfile]) corev1.SeccompProfileType {
	if s.value == nil {
		return ""
	}
	return s.value.Type
}

func TestAppArmor(t *testing.T) {
	const key = corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix + "app"
	const annPath = `metadata.annotations["` + key + `"]`
	field := func(t corev1.AppArmorProfileType) *corev1.AppArmorProfile { return &corev1.AppArmorProfile{Type: t} }
	tests := []struct {
		name  string
		pod   *corev1.PodSecurityContext
		ctr   *corev1.SecurityContext
		ann   map[string]string
		value string
		set   bool
		path  string
	}{
		{"nothing set", nil, nil, nil, "", false, ""},
		{"pod field", &corev1.PodSecurityContext{AppArmorProfile: field(corev1.AppArmorProfileTypeRuntimeDefault)}, nil, nil, "RuntimeDefault", true, "spec.securityContext.appArmorProfile.type"},
		{"container field overrides pod", &corev1.PodSecurityContext{AppArmorProfile: field(corev1.AppArmorProfileTypeRuntimeDefault)}, &corev1.SecurityContext{AppArmorProfile: field(corev1.AppArmorProfileTypeUnconfined)}, nil, "Unconfined", true, "spec.containers[0].securityContext.appArmorProfile.type"},
		{"annotation unconfined", nil, nil, map[string]string{key: "unconfined"}, "Unconfined", true, annPath},
		{"annotation runtime/default", nil, nil, map[string]string{key: "runtime/default"}, "RuntimeDefault", true, annPath},
		{"annotation localhost", nil, nil, map[string]string{key: "localhost/k8s-nginx"}, "Localhost", true, annPath},
		{"annotation of unknown form kept as is", nil, nil, map[string]string{key: "docker-default"}, "docker-default", true, annPath},
		{"annotation overrides pod field", &corev1.PodSecurityContext{AppArmorProfile: field(corev1.AppArmorProfileTypeRuntimeDefault)}, nil, map[string]string{key: "unconfined"}, "Unconfined", true, annPath},
		{"container field overrides annotation", nil, &corev1.SecurityContext{AppArmorProfile: field(corev1.AppArmorProfileTypeLocalhost)}, map[string]string{key: "unconfined"}, "Localhost", true, "spec.containers[0].securityContext.appArmorProfile.type"},
		{"empty annotation is unset", &corev1.PodSecurityContext{AppArmorProfile: field(corev1.AppArmorProfileTypeUnconfined)}, nil, map[string]string{key: ""}, "Unconfined", true, "spec.securityContext.appArmorProfile.type"},
		{"annotation of another container ignored", nil, nil, map[string]string{corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix + "other": "unconfined"}, "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, cs := testPod(tt.pod, tt.ctr, nil, tt.ann)
			checkSetting(t, appArmor(pt, cs[0]), tt.value, tt.set, tt.path)
		})
	}
}

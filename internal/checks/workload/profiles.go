package workload

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

var seccompProfile = containerCheck(check.Meta{
	ID:          "seccomp-profile",
	Title:       "Seccomp profile not set to RuntimeDefault or Localhost",
	Severity:    check.Medium,
	Rationale:   "Without a seccomp profile a container may make any system call, which widens the kernel attack surface; the kubelet runs pods Unconfined unless its --seccomp-default flag is on.",
	Remediation: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a reviewed profile).",
	Frameworks:  map[string][]string{check.CIS: {"5.6.2"}, check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/seccompProfile_baseline", "restricted/seccompProfile_restricted"}},
}, func(pt *inventory.PodTemplate, c inventory.Container, fail podReport) {
	s := seccomp(pt, c)
	switch {
	case isPrivileged(c):
		fail(scPath(c, "privileged"), who(c)+" runs privileged, and the runtime applies no seccomp profile to privileged containers")
	case !s.set:
		fail(c.Path+".securityContext", who(c)+" has no seccomp profile (pod or container); it runs Unconfined unless the kubelet's --seccomp-default is on")
	case s.value.Type == corev1.SeccompProfileTypeUnconfined:
		fail(s.path, who(c)+" runs with seccomp Unconfined")
	case s.value.Type != corev1.SeccompProfileTypeRuntimeDefault && s.value.Type != corev1.SeccompProfileTypeLocalhost:
		fail(s.path, fmt.Sprintf("%s has unknown seccomp profile type %q", who(c), s.value.Type))
	}
}, linuxOnly)

var appArmorProfile = containerCheck(check.Meta{
	ID:          "apparmor-unconfined",
	Title:       "AppArmor disabled",
	Severity:    check.Medium,
	Rationale:   "An Unconfined AppArmor profile removes the mandatory access control the runtime applies by default on AppArmor nodes.",
	Remediation: "Remove the Unconfined AppArmor setting (field appArmorProfile or the container.apparmor.security.beta.kubernetes.io annotation) or use RuntimeDefault.",
	Frameworks:  map[string][]string{check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/appArmorProfile"}},
}, func(pt *inventory.PodTemplate, c inventory.Container, fail podReport) {
	s := appArmor(pt, c)
	switch {
	case !s.set:
	case s.value == string(corev1.AppArmorProfileTypeUnconfined):
		fail(s.path, who(c)+" runs with AppArmor Unconfined")
	case s.value != string(corev1.AppArmorProfileTypeRuntimeDefault) && s.value != string(corev1.AppArmorProfileTypeLocalhost):
		fail(s.path, fmt.Sprintf("%s has unknown AppArmor profile %q", who(c), s.value))
	}
}, linuxOnly)

// allowedSELinuxTypes are the types the baseline Pod Security Standard allows.
var allowedSELinuxTypes = []string{"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

var seLinuxOptions = podCheck(check.Meta{
	ID:          "selinux-options",
	Title:       "Custom SELinux user, role or type",
	Severity:    check.Medium,
	Rationale:   "Setting a custom SELinux user or role, or a type other than the container types, can lift the confinement SELinux puts on containers.",
	Remediation: "Remove seLinuxOptions.user and .role, and use one of container_t, container_init_t, container_kvm_t or container_engine_t as type (or none).",
	Frameworks:  map[string][]string{check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/seLinuxOptions"}},
}, func(pt *inventory.PodTemplate, fail podReport) {
	// The pod's options label the pod sandbox and its volumes even where
	// every container sets its own, so each setter is judged, as in the
	// Pod Security Standards.
	if ps := pt.Spec.SecurityContext; ps != nil && ps.SELinuxOptions != nil {
		judgeSELinux(ps.SELinuxOptions, podSCPath(pt, "seLinuxOptions"), "pod", fail)
	}
	for _, c := range pt.Containers() {
		if sc := c.SecurityContext; sc != nil && sc.SELinuxOptions != nil {
			judgeSELinux(sc.SELinuxOptions, scPath(c, "seLinuxOptions"), who(c), fail)
		}
	}
}, linuxOnly)

// judgeSELinux reports each forbidden field of one seLinuxOptions.
func judgeSELinux(o *corev1.SELinuxOptions, path, setter string, fail podReport) {
	if o.User != "" {
		fail(path+".user", fmt.Sprintf("%s sets SELinux user %q", setter, o.User))
	}
	if o.Role != "" {
		fail(path+".role", fmt.Sprintf("%s sets SELinux role %q", setter, o.Role))
	}
	if !slices.Contains(allowedSELinuxTypes, o.Type) {
		fail(path+".type", fmt.Sprintf("%s sets SELinux type %q", setter, o.Type))
	}
}

var procMount = containerCheck(check.Meta{
	ID:          "proc-mount-unmasked",
	Title:       "Unmasked /proc mount",
	Severity:    check.High,
	Rationale:   "procMount: Unmasked exposes the host's kernel information and writable /proc paths that the runtime normally masks.",
	Remediation: "Remove securityContext.procMount or set it to Default.",
	Frameworks:  map[string][]string{check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/procMount"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	if sc := c.SecurityContext; sc != nil && sc.ProcMount != nil && *sc.ProcMount != corev1.DefaultProcMount {
		fail(scPath(c, "procMount"), fmt.Sprintf("%s sets procMount: %s", who(c), *sc.ProcMount))
	}
}, ownUserNamespace)

// safeSysctls are the namespaced sysctls the baseline Pod Security
// Standard allows (as of its latest version, v1.37).
var safeSysctls = []string{
	"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
}

// sysctlName is a sysctl name in its dotted form: the API also accepts
// slashes as separators (net/ipv4/tcp_syncookies), which the kubelet
// converts; then a dot stands for a slash inside a name part.
func sysctlName(n string) string {
	if i := strings.IndexAny(n, "./"); i < 0 || n[i] == '.' {
		return n
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '/':
			return '.'
		case '.':
			return '/'
		}
		return r
	}, n)
}

var unsafeSysctls = podCheck(check.Meta{
	ID:          "unsafe-sysctls",
	Title:       "Unsafe sysctl set",
	Severity:    check.Medium,
	Rationale:   "Sysctls outside the safe set are not isolated between pods or can starve the node; setting them affects other workloads on the node.",
	Remediation: "Remove sysctls other than the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, ...).",
	Frameworks:  map[string][]string{check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/sysctls"}},
}, func(pt *inventory.PodTemplate, fail podReport) {
	if pt.Spec.SecurityContext == nil {
		return
	}
	for i, s := range pt.Spec.SecurityContext.Sysctls {
		if !slices.Contains(safeSysctls, sysctlName(s.Name)) {
			fail(pt.SpecPath+".securityContext.sysctls["+strconv.Itoa(i)+"].name", fmt.Sprintf("pod sets unsafe sysctl %s", s.Name))
		}
	}
})

var readOnlyRootFS = containerCheck(check.Meta{
	ID:          "readonly-root-filesystem",
	Title:       "Root file system is writable",
	Severity:    check.Low,
	Rationale:   "A writable root file system lets an attacker drop tools and persist changes in the container; an immutable one forces writes into declared volumes.",
	Remediation: "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the application must write.",
	Frameworks:  map[string][]string{check.NSA: {"immutable-filesystems"}, check.MITRE: {"T1525"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	if sc := c.SecurityContext; sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		fail(c.Path+".securityContext", who(c)+" does not set readOnlyRootFilesystem: true")
	}
}, linuxOnly)

var missingSecurityContext = containerCheck(check.Meta{
	ID:          "missing-security-context",
	Title:       "No security context on pod or container",
	Severity:    check.Low,
	Rationale:   "With no securityContext at all, every setting takes the permissive default: root, privilege escalation, no seccomp, writable root file system.",
	Remediation: "Add a securityContext to the pod and to each container (runAsNonRoot, allowPrivilegeEscalation: false, capabilities drop ALL, seccompProfile RuntimeDefault).",
	Frameworks:  map[string][]string{check.CIS: {"5.6.3"}, check.NSA: {"pod-security"}},
}, func(pt *inventory.PodTemplate, c inventory.Container, fail podReport) {
	if isEmptySC(c.SecurityContext) && isEmptyPodSC(pt.Spec.SecurityContext) {
		fail(c.Path, who(c)+" has no securityContext, and neither has the pod")
	}
})

// isEmptySC reports whether a container security context sets nothing
// (securityContext: {} is as permissive as none).
func isEmptySC(sc *corev1.SecurityContext) bool {
	return sc == nil || sc.Size() == 0
}

// isEmptyPodSC reports whether a pod security context sets nothing.
func isEmptyPodSC(sc *corev1.PodSecurityContext) bool {
	return sc == nil || sc.Size() == 0
}

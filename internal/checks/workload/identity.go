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

var privilegeEscalation = containerCheck(check.Meta{
	ID:          "allow-privilege-escalation",
	Title:       "Privilege escalation allowed",
	Severity:    check.Medium,
	Rationale:   "Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (setuid binaries, file capabilities); Kubernetes defaults it to true.",
	Remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.6"}, check.NSA: {"pod-security"}, check.MITRE: {"T1068"}, check.PSS: {"restricted/allowPrivilegeEscalation"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	sc := c.SecurityContext
	switch {
	case sc == nil || sc.AllowPrivilegeEscalation == nil:
		fail(c.Path+".securityContext", who(c)+" does not set allowPrivilegeEscalation: false (the default allows it)")
	case *sc.AllowPrivilegeEscalation:
		fail(scPath(c, "allowPrivilegeEscalation"), who(c)+" sets allowPrivilegeEscalation: true")
	}
}, linuxOnly)

var runAsRoot = containerCheck(check.Meta{
	ID:          "run-as-root",
	Title:       "Container may run as root",
	Severity:    check.Medium,
	Rationale:   "A process running as UID 0 in a container is root on the node if it escapes, and can do more inside the container; without runAsNonRoot the image decides.",
	Remediation: "Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser, and build the image to run as a non-root user.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.7"}, check.NSA: {"non-root-containers"}, check.MITRE: {"T1611"}, check.PSS: {"restricted/runAsNonRoot", "restricted/runAsUser"}},
}, func(pt *inventory.PodTemplate, c inventory.Container, fail podReport) {
	uid, nonRoot := runAsUser(pt, c), runAsNonRoot(pt, c)
	switch {
	case uid.set && uid.value == 0:
		fail(uid.path, who(c)+" runs as root (runAsUser: 0)")
	case uid.set:
		// A non-zero UID is not root, whatever the image says.
	case nonRoot.set && nonRoot.value:
	case nonRoot.set:
		fail(nonRoot.path, who(c)+" sets runAsNonRoot: false and no non-zero runAsUser; it runs as root if the image's user is root")
	default:
		fail(c.Path+".securityContext", who(c)+" sets neither runAsNonRoot: true nor a non-zero runAsUser (pod or container); it runs as root if the image's user is root")
	}
}, linuxOnly, ownUserNamespace)

// capPath is the path of one capability list entry.
func capPath(c inventory.Container, list string, i int) string {
	return c.Path + ".securityContext.capabilities." + list + "[" + strconv.Itoa(i) + "]"
}

// normCap is a capability's name as the runtimes read it: upper case,
// without the CAP_ prefix.
func normCap(c corev1.Capability) string {
	return strings.TrimPrefix(strings.ToUpper(string(c)), "CAP_")
}

var netRaw = containerCheck(check.Meta{
	ID:          "net-raw-capability",
	Title:       "NET_RAW capability not dropped",
	Severity:    check.Medium,
	Rationale:   "Container runtimes grant NET_RAW by default; it allows raw sockets for ARP and DNS spoofing and packet sniffing on the pod network.",
	Remediation: "Add NET_RAW (or ALL) to securityContext.capabilities.drop, and do not add it.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.8"}, check.NSA: {"pod-security"}, check.MITRE: {"T1040", "T1557"}, check.PSS: {"restricted/capabilities_restricted"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	caps := c.Capabilities()
	if i := slices.IndexFunc(caps.Add, isNetRaw); i >= 0 {
		fail(capPath(c, "add", i), fmt.Sprintf("%s adds %s", who(c), caps.Add[i]))
		return
	}
	switch {
	case isPrivileged(c):
		fail(scPath(c, "privileged"), who(c)+" runs privileged, which grants NET_RAW whatever capabilities.drop says")
	case !slices.ContainsFunc(caps.Drop, isNetRaw):
		fail(c.Path+".securityContext", who(c)+" does not drop NET_RAW, which the runtime grants by default")
	}
}, linuxOnly)

// isNetRaw reports whether a capability entry names NET_RAW (or ALL).
func isNetRaw(c corev1.Capability) bool {
	n := normCap(c)
	return n == "NET_RAW" || n == "ALL"
}

// allowedAdd are capabilities whose addition is not a finding: the
// restricted Pod Security Standard allows NET_BIND_SERVICE.
var allowedAdd = []string{"NET_BIND_SERVICE"}

var addedCapabilities = containerCheck(check.Meta{
	ID:          "added-capabilities",
	Title:       "Capabilities added",
	Severity:    check.Medium,
	Rationale:   "Every added Linux capability widens what a compromised process can do; workloads rarely need more than NET_BIND_SERVICE.",
	Remediation: "Remove capabilities.add entries other than NET_BIND_SERVICE, and drop ALL.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.9"}, check.NSA: {"pod-security"}, check.MITRE: {"T1068"}, check.PSS: {"baseline/capabilities_baseline", "restricted/capabilities_restricted"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	for i, a := range c.Capabilities().Add {
		if !slices.Contains(allowedAdd, normCap(a)) {
			fail(capPath(c, "add", i), fmt.Sprintf("%s adds capability %s", who(c), a))
		}
	}
}, linuxOnly)

// dangerousCaps are capabilities that amount to root on the node or let a
// process break out of its container. Capabilities of the runtime's default
// set (DAC_OVERRIDE, SETFCAP, SYS_CHROOT ...), which the baseline Pod
// Security Standard allows, are left to added-capabilities.
var dangerousCaps = []string{"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "SYS_BOOT", "BPF", "PERFMON", "NET_ADMIN", "DAC_READ_SEARCH", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG", "SYS_TIME"}

var dangerousCapabilities = containerCheck(check.Meta{
	ID:          "dangerous-capabilities",
	Title:       "Dangerous capability added",
	Severity:    check.High,
	Rationale:   "Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE, BPF or NET_ADMIN let a process load kernel modules, trace other processes, reconfigure the network or escape the container.",
	Remediation: "Remove the capability from capabilities.add; find the narrow permission the workload really needs, or move the task out of the cluster's workloads.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.9"}, check.NSA: {"pod-security"}, check.MITRE: {"T1611", "T1068"}, check.PSS: {"baseline/capabilities_baseline"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	for i, a := range c.Capabilities().Add {
		if slices.Contains(dangerousCaps, normCap(a)) {
			fail(capPath(c, "add", i), fmt.Sprintf("%s adds dangerous capability %s", who(c), a))
		}
	}
}, linuxOnly)

// isPrivileged reports whether the container sets privileged: true.
func isPrivileged(c inventory.Container) bool {
	sc := c.SecurityContext
	return sc != nil && sc.Privileged != nil && *sc.Privileged
}

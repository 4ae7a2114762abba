package fix

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/fix/yamledit"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

// fixers maps check IDs to their fixers. Checks without one (resource
// limits, image tags and digests, service accounts, namespaces, secrets)
// need a value only the user knows: a limit, a version, a name.
var fixers = map[string]fixer{
	"allow-privilege-escalation":      noEscalation,
	"missing-security-context":        noEscalation,
	"seccomp-profile":                 seccompRuntimeDefault,
	"net-raw-capability":              dropNetRaw,
	"added-capabilities":              removeCapability,
	"dangerous-capabilities":          removeCapability,
	"privileged-container":            setFalse("privileged", "the container loses access to the node's devices and every capability"),
	"host-pid":                        setFalse("hostPID", "the pod no longer sees the node's processes"),
	"host-ipc":                        setFalse("hostIPC", "the pod no longer shares the node's IPC namespace"),
	"host-network":                    setFalse("hostNetwork", "the pod gets its own network namespace and IP address"),
	"proc-mount-unmasked":             procMountDefault,
	"run-as-root":                     runAsNonRoot,
	"readonly-root-filesystem":        readOnlyRoot,
	"host-path-volume":                hostPathToEmptyDir,
	"sensitive-host-path":             hostPathToEmptyDir,
	"runtime-socket-mount":            hostPathToEmptyDir,
	"host-port":                       removeHostPort,
	"apparmor-unconfined":             appArmorRuntimeDefault,
	"automount-service-account-token": noAutomount,
	"service-external-ips":            removeExternalIPs,
}

func set(path string, v *yamltree.Node) yamledit.Op {
	return yamledit.Op{Kind: yamledit.Set, Path: path, Value: v}
}

func scPath(c *inventory.Container, field string) string {
	return c.Path + ".securityContext." + field
}

func containerSC(c *inventory.Container) *corev1.SecurityContext {
	if c.SecurityContext == nil {
		return &corev1.SecurityContext{}
	}
	return c.SecurityContext
}

// noEscalation sets allowPrivilegeEscalation: false, which only stops
// setuid binaries and file capabilities from raising privileges.
func noEscalation(t target) (Remedy, error) {
	if t.c == nil {
		return none("the finding is not about a container")
	}
	sc := containerSC(t.c)
	if (sc.Privileged != nil && *sc.Privileged) || addsCapability(t.c, "SYS_ADMIN") {
		return none("the API server rejects allowPrivilegeEscalation: false on a privileged container or one that adds SYS_ADMIN; fix privileged-container and dangerous-capabilities first")
	}
	r := Remedy{
		Description: "set securityContext.allowPrivilegeEscalation: false on " + t.c.Describe(),
		Ops:         []yamledit.Op{set(scPath(t.c, "allowPrivilegeEscalation"), yamledit.Bool(false))},
	}
	if sc.AllowPrivilegeEscalation != nil {
		r.Risky, r.Why = true, "the manifest sets allowPrivilegeEscalation: true on purpose; setuid programs in the image stop working"
	}
	return r, nil
}

// seccompRuntimeDefault gives the pod the runtime's default seccomp
// profile where none is set (safe: the profile blocks only rarely used
// system calls), or replaces an Unconfined or unknown profile (risky).
func seccompRuntimeDefault(t target) (Remedy, error) {
	if t.pt == nil {
		return none("the finding is not about a pod")
	}
	rd := yamledit.Str(string(corev1.SeccompProfileTypeRuntimeDefault))
	switch {
	case t.c != nil && t.path == t.c.Path+".securityContext":
		return Remedy{
			Description: "set securityContext.seccompProfile.type: RuntimeDefault on the pod (for every container without a profile of its own)",
			Ops:         []yamledit.Op{set(t.pt.SpecPath+".securityContext.seccompProfile.type", rd)},
		}, nil
	case strings.HasSuffix(t.path, ".seccompProfile.type"):
		ops := []yamledit.Op{set(t.path, rd)}
		if p := seccompAt(t); p != nil && p.LocalhostProfile != nil {
			ops = append(ops, yamledit.Op{Kind: yamledit.Remove, Path: strings.TrimSuffix(t.path, "type") + "localhostProfile"})
		}
		return Remedy{
			Description: "replace the seccomp profile at " + t.path + " by RuntimeDefault",
			Ops:         ops, Risky: true,
			Why: "the manifest chose this profile; system calls that RuntimeDefault blocks start failing",
		}, nil
	}
	return none("a privileged container gets no seccomp profile; fix privileged-container instead")
}

// seccompAt is the seccomp profile the finding's path names.
func seccompAt(t target) *corev1.SeccompProfile {
	if t.c != nil && within(t.path, t.c.Path) {
		return containerSC(t.c).SeccompProfile
	}
	if ps := t.pt.Spec.SecurityContext; ps != nil {
		return ps.SeccompProfile
	}
	return nil
}

// dropNetRaw adds NET_RAW to capabilities.drop; a container that adds
// NET_RAW loses that addition too (risky).
func dropNetRaw(t target) (Remedy, error) {
	if t.c == nil {
		return none("the finding is not about a container")
	}
	drop := yamledit.Op{Kind: yamledit.Add, Path: scPath(t.c, "capabilities.drop"), Value: yamledit.Str("NET_RAW")}
	switch {
	case t.path == t.c.Path+".securityContext":
		return Remedy{Description: "add NET_RAW to securityContext.capabilities.drop of " + t.c.Describe(), Ops: []yamledit.Op{drop}}, nil
	case strings.Contains(t.path, ".capabilities.add["):
		return Remedy{
			Description: "remove NET_RAW from capabilities.add of " + t.c.Describe() + " and drop it",
			Ops:         []yamledit.Op{{Kind: yamledit.Remove, Path: t.path}, drop},
			Risky:       true, Why: "the manifest adds NET_RAW on purpose; raw sockets (ping, packet capture) stop working",
		}, nil
	}
	return none("a privileged container has NET_RAW whatever it drops; fix privileged-container instead")
}

// removeCapability removes one entry of capabilities.add.
func removeCapability(t target) (Remedy, error) {
	if t.c == nil || !strings.Contains(t.path, ".capabilities.add[") {
		return none("the finding is not about an added capability")
	}
	name := "the capability"
	if i := indexOf(t.path); i >= 0 && i < len(t.c.Capabilities().Add) {
		name = string(t.c.Capabilities().Add[i])
	}
	return Remedy{
		Description: "remove " + name + " from securityContext.capabilities.add of " + t.c.Describe(),
		Ops:         []yamledit.Op{{Kind: yamledit.Remove, Path: t.path}},
		Risky:       true, Why: "the manifest adds " + name + " on purpose; what the workload does with it stops working",
	}, nil
}

func addsCapability(c *inventory.Container, name string) bool {
	for _, a := range c.Capabilities().Add {
		if strings.TrimPrefix(strings.ToUpper(string(a)), "CAP_") == name {
			return true
		}
	}
	return false
}

// indexOf is the index in the last [i] of a path, or -1.
func indexOf(path string) int {
	open := strings.LastIndexByte(path, '[')
	if open < 0 || !strings.HasSuffix(path, "]") {
		return -1
	}
	n := 0
	for _, r := range path[open+1 : len(path)-1] {
		if r < '0' || r > '9' {
			return -1
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// setFalse builds the fixer of a boolean field the finding names.
func setFalse(field, why string) fixer {
	return func(t target) (Remedy, error) {
		if !strings.HasSuffix(t.path, "."+field) {
			return none("the finding does not name the " + field + " field")
		}
		what := "the pod"
		if t.c != nil {
			what = t.c.Describe()
		}
		return Remedy{
			Description: "set " + field + ": false on " + what,
			Ops:         []yamledit.Op{set(t.path, yamledit.Bool(false))},
			Risky:       true, Why: why,
		}, nil
	}
}

func procMountDefault(t target) (Remedy, error) {
	if t.c == nil || !strings.HasSuffix(t.path, ".procMount") {
		return none("the finding does not name the procMount field")
	}
	return Remedy{
		Description: "set securityContext.procMount: Default on " + t.c.Describe(),
		Ops:         []yamledit.Op{set(t.path, yamledit.Str(string(corev1.DefaultProcMount)))},
		Risky:       true, Why: "nested container runtimes that need an unmasked /proc stop working",
	}, nil
}

func runAsNonRoot(t target) (Remedy, error) {
	if t.c == nil {
		return none("the finding is not about a container")
	}
	switch {
	case t.path == t.c.Path+".securityContext" || strings.HasSuffix(t.path, ".runAsNonRoot"):
		path := t.path
		if !strings.HasSuffix(path, ".runAsNonRoot") {
			path = scPath(t.c, "runAsNonRoot")
		}
		return Remedy{
			Description: "set runAsNonRoot: true at " + path,
			Ops:         []yamledit.Op{set(path, yamledit.Bool(true))},
			Risky:       true, Why: "the kubelet refuses to start the container if its image runs as root",
		}, nil
	}
	return none("runAsUser: 0 needs a non-root UID that the image supports; only its owner can choose one")
}

func readOnlyRoot(t target) (Remedy, error) {
	if t.c == nil {
		return none("the finding is not about a container")
	}
	return Remedy{
		Description: "set securityContext.readOnlyRootFilesystem: true on " + t.c.Describe(),
		Ops:         []yamledit.Op{set(scPath(t.c, "readOnlyRootFilesystem"), yamledit.Bool(true))},
		Risky:       true, Why: "writes outside mounted volumes fail; mount an emptyDir where the application writes",
	}, nil
}

// hostPathToEmptyDir replaces the hostPath source of a volume by an
// emptyDir, so that the volume's mounts stay valid.
func hostPathToEmptyDir(t target) (Remedy, error) {
	vol, ok := strings.CutSuffix(t.path, ".hostPath.path")
	if !ok || t.pt == nil {
		return none("the finding does not name a hostPath volume")
	}
	name := vol
	if i := indexOf(vol); i >= 0 && i < len(t.pt.Spec.Volumes) {
		name = "volume \"" + t.pt.Spec.Volumes[i].Name + "\""
	}
	return Remedy{
		Description: "replace the hostPath of " + name + " by an empty emptyDir",
		Ops:         []yamledit.Op{{Kind: yamledit.Replace, Path: vol + ".hostPath", Key: "emptyDir", Value: yamledit.EmptyMap()}},
		Risky:       true, Why: "the workload no longer sees the node's files; what it read or wrote there is gone",
	}, nil
}

func removeHostPort(t target) (Remedy, error) {
	if t.c == nil || !strings.HasSuffix(t.path, ".hostPort") {
		return none("the port is a host port because the pod uses hostNetwork; fix host-network instead")
	}
	return Remedy{
		Description: "remove " + strings.TrimPrefix(t.path, t.c.Path+".") + " from " + t.c.Describe(),
		Ops:         []yamledit.Op{{Kind: yamledit.Remove, Path: t.path}},
		Risky:       true, Why: "clients that reach the pod on the node's address lose it; expose it through a Service",
	}, nil
}

func appArmorRuntimeDefault(t target) (Remedy, error) {
	switch {
	case strings.HasSuffix(t.path, "appArmorProfile.type"):
		return Remedy{
			Description: "set the AppArmor profile at " + t.path + " to RuntimeDefault",
			Ops:         []yamledit.Op{set(t.path, yamledit.Str(string(corev1.AppArmorProfileTypeRuntimeDefault)))},
			Risky:       true, Why: "the manifest turned AppArmor off on purpose; what the default profile denies starts failing",
		}, nil
	case strings.Contains(t.path, corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix):
		return Remedy{
			Description: "set the AppArmor annotation at " + t.path + " to " + corev1.DeprecatedAppArmorBetaProfileRuntimeDefault,
			Ops:         []yamledit.Op{set(t.path, yamledit.Str(corev1.DeprecatedAppArmorBetaProfileRuntimeDefault))},
			Risky:       true, Why: "the manifest turned AppArmor off on purpose; what the default profile denies starts failing",
		}, nil
	}
	return none("the finding does not name an AppArmor setting")
}

func removeExternalIPs(t target) (Remedy, error) {
	if t.path != "spec.externalIPs" {
		return none("the finding does not name spec.externalIPs")
	}
	return Remedy{
		Description: "remove spec.externalIPs from the Service",
		Ops:         []yamledit.Op{{Kind: yamledit.Remove, Path: t.path}},
		Risky:       true, Why: "clients that reach the Service on those addresses lose it",
	}, nil
}

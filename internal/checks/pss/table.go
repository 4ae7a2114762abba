package pss

import (
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/palisade-dev/palisade/internal/check"
)

// entry is the static metadata of one upstream Pod Security Standards
// check. TestTableMatchesLibrary fails when this table and
// policy.DefaultChecks() disagree on the set of checks or their levels.
type entry struct {
	upstream policy.CheckID
	level    api.Level
	meta     check.Meta
}

// cis is a shorthand for a CIS Kubernetes Benchmark reference.
func cis(ids ...string) map[string][]string { return map[string][]string{check.CIS: ids} }

var table = []entry{
	// Baseline: prevents known privilege escalations.
	{"privileged", api.LevelBaseline, check.Meta{
		ID: "pss-privileged", Title: "PSS baseline: privileged containers", Severity: check.Critical,
		Rationale:   "A privileged container has every capability and every host device; escaping to the node is trivial.",
		Remediation: "Remove securityContext.privileged or set it to false in every container.",
		Frameworks:  cis("5.2.2"),
	}},
	{"hostNamespaces", api.LevelBaseline, check.Meta{
		ID: "pss-hostnamespaces", Title: "PSS baseline: host namespaces", Severity: check.High,
		Rationale:   "Sharing the node's network, PID or IPC namespace lets the pod see and interfere with the node's and other pods' processes and traffic.",
		Remediation: "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false.",
		Frameworks:  cis("5.2.3", "5.2.4", "5.2.5"),
	}},
	{"hostPathVolumes", api.LevelBaseline, check.Meta{
		ID: "pss-hostpathvolumes", Title: "PSS baseline: hostPath volumes", Severity: check.High,
		Rationale:   "A hostPath volume exposes the node's file system to the pod, from which credentials, the container runtime socket or the kubelet can be reached.",
		Remediation: "Replace hostPath volumes with persistentVolumeClaim, emptyDir, configMap or secret volumes.",
		Frameworks:  cis("5.2.11"),
	}},
	{"hostPorts", api.LevelBaseline, check.Meta{
		ID: "pss-hostports", Title: "PSS baseline: host ports", Severity: check.Medium,
		Rationale:   "A host port binds the container to the node's network interface, bypassing network policies and limiting scheduling.",
		Remediation: "Remove hostPort from container ports and expose the pod through a Service instead.",
		Frameworks:  cis("5.2.12"),
	}},
	{"capabilities_baseline", api.LevelBaseline, check.Meta{
		ID: "pss-capabilities-baseline", Title: "PSS baseline: non-default capabilities", Severity: check.High,
		Rationale:   "Capabilities beyond the container runtime's default set, such as SYS_ADMIN or NET_RAW, let a process reconfigure the node or escape the container.",
		Remediation: "Remove capabilities.add entries outside the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).",
		Frameworks:  cis("5.2.9"),
	}},
	{"appArmorProfile", api.LevelBaseline, check.Meta{
		ID: "pss-apparmorprofile", Title: "PSS baseline: AppArmor profile", Severity: check.Medium,
		Rationale:   "Disabling or overriding the runtime's default AppArmor profile removes a mandatory access control layer between the container and the node.",
		Remediation: "Set appArmorProfile.type to RuntimeDefault or Localhost, or leave it unset, and remove unconfined AppArmor annotations.",
	}},
	{"seLinuxOptions", api.LevelBaseline, check.Meta{
		ID: "pss-selinuxoptions", Title: "PSS baseline: SELinux options", Severity: check.Medium,
		Rationale:   "A custom SELinux type, user or role can give the container a label that is not confined like container_t.",
		Remediation: "Remove seLinuxOptions.user and seLinuxOptions.role, and set seLinuxOptions.type only to container_t, container_init_t, container_kvm_t or container_engine_t.",
	}},
	{"procMount", api.LevelBaseline, check.Meta{
		ID: "pss-procmount", Title: "PSS baseline: /proc mount type", Severity: check.Medium,
		Rationale:   "An unmasked /proc exposes kernel interfaces the runtime normally hides, unless the pod runs in its own user namespace.",
		Remediation: "Remove securityContext.procMount or set it to Default, or run the pod in a user namespace with spec.hostUsers: false.",
	}},
	{"seccompProfile_baseline", api.LevelBaseline, check.Meta{
		ID: "pss-seccompprofile-baseline", Title: "PSS baseline: seccomp profile", Severity: check.Medium,
		Rationale:   "An Unconfined seccomp profile lets the container make every system call, widening the kernel attack surface.",
		Remediation: "Set seccompProfile.type to RuntimeDefault or Localhost, or leave it unset, at pod and container level.",
		Frameworks:  cis("5.6.2"),
	}},
	{"sysctls", api.LevelBaseline, check.Meta{
		ID: "pss-sysctls", Title: "PSS baseline: unsafe sysctls", Severity: check.Medium,
		Rationale:   "Sysctls outside the safe, namespaced set can disable security mechanisms or affect every pod on the node.",
		Remediation: "Remove spec.securityContext.sysctls entries outside the safe set allowed by the Pod Security Standards.",
	}},
	{"windowsHostProcess", api.LevelBaseline, check.Meta{
		ID: "pss-windowshostprocess", Title: "PSS baseline: Windows HostProcess containers", Severity: check.Critical,
		Rationale:   "A Windows HostProcess container runs directly on the node with the node's network and file system, like a privileged Linux container.",
		Remediation: "Remove securityContext.windowsOptions.hostProcess or set it to false, at pod and container level.",
		Frameworks:  cis("5.2.10"),
	}},
	{"hostProbesAndHostLifecycle", api.LevelBaseline, check.Meta{
		ID: "pss-hostprobesandhostlifecycle", Title: "PSS baseline: host in probes and lifecycle handlers", Severity: check.Medium,
		Rationale:   "A probe or lifecycle handler with a host makes the kubelet send requests to an arbitrary address from the node's network.",
		Remediation: "Remove the host field from httpGet and tcpSocket probes and lifecycle handlers so they target the pod itself.",
	}},

	// Restricted: current pod hardening best practice.
	{"allowPrivilegeEscalation", api.LevelRestricted, check.Meta{
		ID: "pss-allowprivilegeescalation", Title: "PSS restricted: privilege escalation", Severity: check.Medium,
		Rationale:   "Unless allowPrivilegeEscalation is false, a process can gain privileges through set-user-ID binaries or file capabilities.",
		Remediation: "Set securityContext.allowPrivilegeEscalation: false in every container.",
		Frameworks:  cis("5.2.6"),
	}},
	{"capabilities_restricted", api.LevelRestricted, check.Meta{
		ID: "pss-capabilities-restricted", Title: "PSS restricted: capabilities", Severity: check.Medium,
		Rationale:   "Container runtimes grant capabilities such as NET_RAW by default; dropping ALL leaves a compromised process only what it was given on purpose.",
		Remediation: "Set securityContext.capabilities.drop: [\"ALL\"] in every container and add back only NET_BIND_SERVICE if needed.",
		Frameworks:  cis("5.2.8", "5.2.9"),
	}},
	{"runAsNonRoot", api.LevelRestricted, check.Meta{
		ID: "pss-runasnonroot", Title: "PSS restricted: run as non-root", Severity: check.Medium,
		Rationale:   "A container running as root on the node's user namespace is one kernel or runtime bug away from root on the node.",
		Remediation: "Set securityContext.runAsNonRoot: true on the pod (or every container), or run the pod in a user namespace with spec.hostUsers: false.",
		Frameworks:  cis("5.2.7"),
	}},
	{"runAsUser", api.LevelRestricted, check.Meta{
		ID: "pss-runasuser", Title: "PSS restricted: run as user 0", Severity: check.Medium,
		Rationale:   "runAsUser: 0 runs the container as root on the node's user namespace, whatever the image says.",
		Remediation: "Set securityContext.runAsUser to a non-zero user ID, or remove it and let runAsNonRoot enforce a non-root image user.",
		Frameworks:  cis("5.2.7"),
	}},
	{"restrictedVolumes", api.LevelRestricted, check.Meta{
		ID: "pss-restrictedvolumes", Title: "PSS restricted: volume types", Severity: check.Medium,
		Rationale:   "Inline volume sources other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret reach node or network storage without the controls of a PersistentVolume.",
		Remediation: "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes; move other storage behind a PersistentVolumeClaim.",
		Frameworks:  cis("5.2.11"),
	}},
	{"seccompProfile_restricted", api.LevelRestricted, check.Meta{
		ID: "pss-seccompprofile-restricted", Title: "PSS restricted: seccomp profile required", Severity: check.Medium,
		Rationale:   "Without a seccomp profile a container may make every system call, widening the kernel attack surface.",
		Remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost) on the pod, and do not override it with Unconfined in containers.",
		Frameworks:  cis("5.6.2"),
	}},
	{"procMount_restricted", api.LevelRestricted, check.Meta{
		ID: "pss-procmount-restricted", Title: "PSS restricted: /proc mount type", Severity: check.Medium,
		Rationale:   "An unmasked /proc exposes kernel interfaces the runtime normally hides; the restricted level forbids it even in a user namespace.",
		Remediation: "Remove securityContext.procMount or set it to Default in every container.",
	}},
}

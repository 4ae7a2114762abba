package workload

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

var privileged = containerCheck(check.Meta{
	ID:          "privileged-container",
	Title:       "Privileged container",
	Severity:    check.Critical,
	Rationale:   "A privileged container has every capability and access to all host devices; escaping to the node is trivial.",
	Remediation: "Remove securityContext.privileged or set it to false; grant only the specific capabilities the workload needs.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.2"}, check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/privileged"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	if isPrivileged(c) {
		fail(scPath(c, "privileged"), who(c)+" runs privileged")
	}
})

// hostNamespace builds the check of one host namespace flag of the pod.
func hostNamespace(id, cis, field, title, what string, get func(pt *inventory.PodTemplate) bool) *check.Check {
	return podCheck(check.Meta{
		ID:          id,
		Title:       title,
		Severity:    check.High,
		Rationale:   "Sharing the host's " + what + " lets the pod see and interfere with processes and traffic of the node and every other pod on it.",
		Remediation: "Remove spec." + field + " or set it to false.",
		Frameworks:  map[string][]string{check.CIS: {cis}, check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/hostNamespaces"}},
	}, func(pt *inventory.PodTemplate, fail podReport) {
		if get(pt) {
			fail(pt.SpecPath+"."+field, "pod shares the host's "+what+" ("+field+": true)")
		}
	})
}

var (
	hostPID     = hostNamespace("host-pid", "5.2.3", "hostPID", "Host PID namespace shared", "process ID namespace", func(pt *inventory.PodTemplate) bool { return pt.Spec.HostPID })
	hostIPC     = hostNamespace("host-ipc", "5.2.4", "hostIPC", "Host IPC namespace shared", "IPC namespace", func(pt *inventory.PodTemplate) bool { return pt.Spec.HostIPC })
	hostNetwork = hostNamespace("host-network", "5.2.5", "hostNetwork", "Host network namespace shared", "network namespace", func(pt *inventory.PodTemplate) bool { return pt.Spec.HostNetwork })
)

var windowsHostProcess = podCheck(check.Meta{
	ID:          "windows-host-process",
	Title:       "Windows HostProcess container",
	Severity:    check.High,
	Rationale:   "A Windows HostProcess container runs directly on the host with the host's network and file system, like a privileged Linux container.",
	Remediation: "Remove windowsOptions.hostProcess or set it to false, at pod and container level.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.10"}, check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/windowsHostProcess"}},
}, func(pt *inventory.PodTemplate, fail podReport) {
	// The API requires the pod and all its containers to agree, so each
	// setter is reported once, as in the Pod Security Standards.
	if ps := pt.Spec.SecurityContext; ps != nil && isHostProcess(ps.WindowsOptions) {
		fail(podSCPath(pt, "windowsOptions.hostProcess"), "pod runs its containers as Windows HostProcess containers")
	}
	for _, c := range pt.Containers() {
		if sc := c.SecurityContext; sc != nil && isHostProcess(sc.WindowsOptions) {
			fail(scPath(c, "windowsOptions.hostProcess"), who(c)+" runs as a Windows HostProcess container")
		}
	}
})

// isHostProcess reports whether Windows options set hostProcess: true.
func isHostProcess(o *corev1.WindowsSecurityContextOptions) bool {
	return o != nil && o.HostProcess != nil && *o.HostProcess
}

var hostPathVolume = podCheck(check.Meta{
	ID:          "host-path-volume",
	Title:       "hostPath volume",
	Severity:    check.Medium,
	Rationale:   "A hostPath volume exposes the node's file system to the pod; writable ones let it tamper with the node, and even read-only ones leak node data.",
	Remediation: "Replace hostPath volumes with emptyDir, configMap, secret or persistent volumes; if one is unavoidable, mount it readOnly and as narrow a path as possible.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.11"}, check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/hostPathVolumes"}},
}, func(pt *inventory.PodTemplate, fail podReport) {
	for i, v := range pt.Spec.Volumes {
		if v.HostPath != nil {
			fail(volumePath(pt, i)+".hostPath.path", fmt.Sprintf("volume %q mounts host path %s", v.Name, v.HostPath.Path))
		}
	}
})

// volumePath is the path of the pod's i-th volume.
func volumePath(pt *inventory.PodTemplate, i int) string {
	return pt.SpecPath + ".volumes[" + strconv.Itoa(i) + "]"
}

// runtimeSockets are container runtime sockets; mounting one, or any
// directory above it, gives control of every container on the node.
var runtimeSockets = []string{
	"/var/run/docker.sock", "/run/docker.sock", "/var/run/dockershim.sock", "/run/dockershim.sock",
	"/var/run/cri-dockerd.sock", "/run/cri-dockerd.sock",
	"/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
	"/var/run/crio/crio.sock", "/run/crio/crio.sock",
	"/var/run/k3s/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock",
	"/run/k0s/containerd.sock", "/var/snap/microk8s/common/run/containerd.sock",
	"/var/run/podman/podman.sock", "/run/podman/podman.sock",
}

// runtimePipes are the Windows named pipes of the container runtimes,
// compared without regard to case as Windows does.
var runtimePipes = []string{`\\.\pipe\docker_engine`, `\\.\pipe\containerd-containerd`}

var runtimeSocket = podCheck(check.Meta{
	ID:          "runtime-socket-mount",
	Title:       "Container runtime socket mounted",
	Severity:    check.Critical,
	Rationale:   "Whoever can talk to the container runtime socket (docker, containerd, CRI-O) can start privileged containers on the node and read every other container: full node takeover.",
	Remediation: "Do not mount the container runtime socket or its directory; use the Kubernetes API, or a dedicated build service, instead.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.11"}, check.NSA: {"pod-security"}, check.MITRE: {"T1611", "T1610"}, check.PSS: {"baseline/hostPathVolumes"}},
}, func(pt *inventory.PodTemplate, fail podReport) {
	for i, v := range pt.Spec.Volumes {
		if v.HostPath == nil {
			continue
		}
		if s := exposedSocket(v.HostPath.Path); s != "" {
			fail(volumePath(pt, i)+".hostPath.path", fmt.Sprintf("volume %q mounts %s, which exposes the container runtime socket %s", v.Name, v.HostPath.Path, s))
		}
	}
})

// exposedSocket returns the runtime socket or pipe a host path exposes
// (the socket itself or a directory above it), or "".
func exposedSocket(hostPath string) string {
	for _, pipe := range runtimePipes {
		if strings.EqualFold(strings.TrimRight(hostPath, `\`), pipe) {
			return pipe
		}
	}
	p := cleanHostPath(hostPath)
	for _, s := range runtimeSockets {
		if p != "" && within(s, p) {
			return s
		}
	}
	return ""
}

// sensitiveHostPaths are node directories whose exposure gives away the
// node: credentials, kubelet state, kernel interfaces, binaries.
var sensitiveHostPaths = []string{
	"/", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sys", "/usr", "/bin", "/sbin", "/root", "/home",
	"/var/lib/kubelet", "/var/log", "/var/lib/docker", "/var/lib/containerd", "/var/lib/etcd", "/etc/kubernetes",
}

var sensitiveHostPath = podCheck(check.Meta{
	ID:          "sensitive-host-path",
	Title:       "Sensitive host path mounted",
	Severity:    check.High,
	Rationale:   "Mounting system directories of the node (/, /etc, /proc, /sys, /var/lib/kubelet, /var/log ...) exposes credentials and kernel interfaces and, when writable, lets the pod take over the node.",
	Remediation: "Remove the hostPath volume; if node data is truly needed, mount the narrowest file readOnly from a dedicated, audited DaemonSet.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.11"}, check.NSA: {"pod-security"}, check.MITRE: {"T1611"}, check.PSS: {"baseline/hostPathVolumes"}},
}, func(pt *inventory.PodTemplate, fail podReport) {
	for i, v := range pt.Spec.Volumes {
		if v.HostPath == nil {
			continue
		}
		if s := exposedSensitivePath(v.HostPath.Path); s != "" {
			fail(volumePath(pt, i)+".hostPath.path", fmt.Sprintf("volume %q mounts %s, which exposes the sensitive host path %s", v.Name, v.HostPath.Path, s))
		}
	}
})

// exposedSensitivePath returns the sensitive path a host path exposes: one
// it lies in, or one it holds (mounting /var exposes /var/lib/kubelet).
func exposedSensitivePath(hostPath string) string {
	p := cleanHostPath(hostPath)
	if p == "" {
		return ""
	}
	found := ""
	for _, s := range sensitiveHostPaths {
		if within(p, s) && (s != "/" || p == "/") && len(s) > len(found) {
			found = s // the most specific: /etc/kubernetes rather than /etc
		}
	}
	if found != "" {
		return found
	}
	for _, s := range sensitiveHostPaths {
		if within(s, p) {
			return s
		}
	}
	return ""
}

// within reports whether path p is dir or lies under it; both are clean.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}

// cleanHostPath makes a host path absolute and clean ("" stays "").
func cleanHostPath(p string) string {
	if p == "" {
		return ""
	}
	return path.Clean("/" + p)
}

var hostPort = containerCheck(check.Meta{
	ID:          "host-port",
	Title:       "hostPort used",
	Severity:    check.Medium,
	Rationale:   "A hostPort binds a port on the node's own address, bypassing Services and most network policies, and limits scheduling.",
	Remediation: "Remove hostPort and expose the workload through a Service (or an Ingress) instead.",
	Frameworks:  map[string][]string{check.CIS: {"5.2.12"}, check.NSA: {"network-separation"}, check.MITRE: {"T1133"}, check.PSS: {"baseline/hostPorts"}},
}, func(pt *inventory.PodTemplate, c inventory.Container, fail podReport) {
	for i, p := range c.Ports {
		port, path := effectiveHostPort(pt, c, i)
		switch {
		case port == 0:
		case p.HostPort == 0:
			fail(path, fmt.Sprintf("%s binds host port %d: with hostNetwork: true every container port is a host port", who(c), port))
		default:
			fail(path, fmt.Sprintf("%s binds host port %d", who(c), port))
		}
	}
})

// effectiveHostPort is the host port a container port binds and the path
// that decides it: the hostPort field, or, for a pod on the host network,
// the containerPort, which the API server copies into an unset hostPort.
func effectiveHostPort(pt *inventory.PodTemplate, c inventory.Container, i int) (int32, string) {
	p := c.Ports[i]
	path := c.Path + ".ports[" + strconv.Itoa(i) + "]"
	switch {
	case p.HostPort != 0:
		return p.HostPort, path + ".hostPort"
	case pt.Spec.HostNetwork:
		return p.ContainerPort, path + ".containerPort"
	}
	return 0, ""
}

var sshPort = containerCheck(check.Meta{
	ID:          "ssh-port",
	Title:       "SSH port exposed by a container",
	Severity:    check.Medium,
	Rationale:   "An SSH server in a container is a remote way in that bypasses Kubernetes access control and audit logging.",
	Remediation: "Remove the SSH server and port 22; use kubectl exec or debug containers, which are authorized and audited.",
	Frameworks:  map[string][]string{check.NSA: {"network-separation"}, check.MITRE: {"T1133", "T1021.004"}},
}, func(_ *inventory.PodTemplate, c inventory.Container, fail podReport) {
	for i, p := range c.Ports {
		path := c.Path + ".ports[" + strconv.Itoa(i) + "]"
		switch {
		case p.ContainerPort == 22:
			fail(path+".containerPort", who(c)+" exposes SSH port 22")
		case p.HostPort == 22:
			fail(path+".hostPort", fmt.Sprintf("%s exposes container port %d as SSH port 22 of the node", who(c), p.ContainerPort))
		}
	}
})

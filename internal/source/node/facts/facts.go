// Package facts defines what a node scan knows about a node, as the typed
// objects of the inventory that checks read: the processes of the
// Kubernetes components, the files that matter with their modes and
// owners, and the certificates of the node's PKI and kubeconfigs. Checks
// read these types without knowing how they were gathered.
package facts

import (
	"io/fs"
	"time"
)

// APIVersion is the apiVersion of the node facts' objects.
const APIVersion = "node.palisade.dev/v1"

// Kinds of the node facts' objects.
const (
	KindProcess     = "Process"
	KindFile        = "File"
	KindCertificate = "Certificate"
)

// DefaultsAppliedAnnotation, set to "true" on a KubeletConfiguration (or
// KubeProxyConfiguration) object, says that its absent fields already hold
// the component's defaults: a running kubelet's /configz. Without it the
// object is a config file, whose absent fields take the kubelet's defaults
// before they are judged.
const DefaultsAppliedAnnotation = "palisade.dev/defaults-applied"

// Process is a Kubernetes component's command line on the node: a running
// process, or the command line its systemd unit would run.
type Process struct {
	// PID is the process id, 0 when the component is not running.
	PID int
	// Binary is the base name of the executable, e.g. "kubelet".
	Binary string
	// Argv is the whole command line, Argv[0] included.
	Argv []string
	// Origins holds, per argument of Argv, where it was written when that
	// is more than the command line: a systemd unit, drop-in or
	// environment file as "file:line"; "" when unknown.
	Origins []string
	// UID is the user the process runs as, -1 when unknown.
	UID int
}

// Origin returns where argument i was written, or "".
func (p *Process) Origin(i int) string {
	if i >= 0 && i < len(p.Origins) {
		return p.Origins[i]
	}
	return ""
}

// File is one file or directory that matters to the node's security, with
// its mode and owner as the node's own user and group databases name them.
type File struct {
	// Path is the path as the node (or the process that names it) sees it.
	Path string
	// Roles say what the file is to the benchmark, e.g. RoleAdminKubeconfig.
	Roles []string
	// NamedBy says what made the file relevant, e.g. "--kubeconfig of
	// kubelet", or "" for a well-known path.
	NamedBy string
	// Missing is true when no file exists at Path.
	Missing bool
	// Error says why the file could not be examined ("permission
	// denied"), or "".
	Error string
	Dir   bool
	// Mode holds the permission bits.
	Mode fs.FileMode
	UID  int
	GID  int
	// User and Group are the names of UID and GID in the node's
	// /etc/passwd and /etc/group, or "" when they have none there.
	User  string
	Group string
}

// HasRole reports whether the file has a role.
func (f *File) HasRole(role string) bool {
	for _, r := range f.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Certificate is one X.509 certificate of the node: a PKI file, or a client
// certificate embedded in (or named by) a kubeconfig.
type Certificate struct {
	// Path is the certificate file, or the kubeconfig that embeds it.
	Path string
	// User is the kubeconfig user entry holding the certificate, or "".
	User string
	// Index is the certificate's position in its file (bundles), from 0.
	Index     int
	Subject   string
	Issuer    string
	NotBefore time.Time
	NotAfter  time.Time
	IsCA      bool
	// SHA256 is the fingerprint of the DER certificate, in hex.
	SHA256 string
	// Error says why the certificate could not be read, or "".
	Error string
}

// File roles: what a file is to the CIS Kubernetes Benchmark.
const (
	RoleAPIServerManifest         = "kube-apiserver-manifest"
	RoleControllerManagerManifest = "kube-controller-manager-manifest"
	RoleSchedulerManifest         = "kube-scheduler-manifest"
	RoleEtcdManifest              = "etcd-manifest"
	RoleCNIConfig                 = "cni-config"
	RoleEtcdDataDir               = "etcd-data-dir"
	RoleAdminKubeconfig           = "admin-kubeconfig"
	RoleSuperAdminKubeconfig      = "super-admin-kubeconfig"
	RoleSchedulerKubeconfig       = "scheduler-kubeconfig"
	RoleControllerKubeconfig      = "controller-manager-kubeconfig"
	RolePKIDir                    = "pki-dir"
	RolePKICert                   = "pki-cert"
	RolePKIKey                    = "pki-key"
	RoleKubeletService            = "kubelet-service"
	RoleKubeProxyKubeconfig       = "kube-proxy-kubeconfig"
	RoleKubeletKubeconfig         = "kubelet-kubeconfig"
	RoleKubeletClientCA           = "kubelet-client-ca"
	RoleKubeletConfig             = "kubelet-config"
	RoleKubeProxyConfig           = "kube-proxy-config"
	// RoleConfig is any other config file a flag names (an encryption
	// configuration, an audit policy, ...), kept for its read error.
	RoleConfig = "config"
)

package node

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// file records a well-known path's mode and owner under a role.
func (l *loader) file(p, role, by string) *facts.File { return l.fileAt(p, p, role, by) }

// fileAt records the file read at access, shown as display, adding role
// to its roles when it was already recorded.
func (l *loader) fileAt(display, access, role, by string) *facts.File {
	if f, ok := l.files[display]; ok {
		if role != "" && !f.HasRole(role) {
			f.Roles = append(f.Roles, role)
		}
		return f
	}
	f := &facts.File{Path: display, NamedBy: by, UID: -1, GID: -1}
	if role != "" {
		f.Roles = []string{role}
	}
	info, err := l.fsys.Stat(access)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f.Missing = true
	case err != nil:
		f.Error = reason(err)
	default:
		f.Dir, f.Mode = info.IsDir(), info.Mode().Perm()
		f.UID, f.GID = owner(info)
		f.User, f.Group = l.ids.users[f.UID], l.ids.groups[f.GID]
	}
	l.files[display] = f
	l.order = append(l.order, display)
	return f
}

// hasRole reports whether a file with the role was already recorded.
func (l *loader) hasRole(role string) bool {
	for _, f := range l.files {
		if f.HasRole(role) && !f.Missing {
			return true
		}
	}
	return false
}

// wellKnownKubeconfigs are kubeadm's kubeconfigs and their roles.
var wellKnownKubeconfigs = []struct{ path, role string }{
	{"/etc/kubernetes/admin.conf", facts.RoleAdminKubeconfig},
	{"/etc/kubernetes/super-admin.conf", facts.RoleSuperAdminKubeconfig},
	{"/etc/kubernetes/scheduler.conf", facts.RoleSchedulerKubeconfig},
	{"/etc/kubernetes/controller-manager.conf", facts.RoleControllerKubeconfig},
	{"/etc/kubernetes/kubelet.conf", facts.RoleKubeletKubeconfig},
}

// wellKnown records kubeadm's paths that no flag named: kubeconfigs, the
// PKI directory and the CNI configuration. A missing one is recorded as
// missing, which checks report as not applicable to the node.
func (l *loader) wellKnown() {
	for _, k := range wellKnownKubeconfigs {
		if l.hasRole(k.role) {
			continue
		}
		if f := l.file(k.path, k.role, ""); !f.Missing && f.Error == "" {
			l.kubeconfig(k.path, k.path)
		}
	}
	l.pki("/etc/kubernetes/pki")
	l.dirFiles("/etc/cni/net.d", facts.RoleCNIConfig)
}

// pki records the PKI directory, its subdirectories, certificates and keys
// (CIS 1.1.19-1.1.21), and reads the certificates' expiry.
func (l *loader) pki(dir string) {
	if f := l.file(dir, facts.RolePKIDir, ""); f.Missing || f.Error != "" {
		return
	}
	entries, err := l.fsys.ReadDir(dir)
	if err != nil {
		l.files[dir].Error = reason(err)
		return
	}
	for _, e := range entries {
		p := dir + "/" + e.Name()
		switch {
		case e.IsDir():
			l.pki(p)
		case strings.HasSuffix(e.Name(), ".crt"):
			l.file(p, facts.RolePKICert, "")
			l.certFile(p, p)
		case strings.HasSuffix(e.Name(), ".key"):
			l.file(p, facts.RolePKIKey, "")
		}
	}
}

// dirFiles records every file of a directory under a role, or the
// directory itself when it is missing or unreadable.
func (l *loader) dirFiles(dir, role string) {
	entries, err := l.fsys.ReadDir(dir)
	if err != nil {
		f := l.file(dir, role, "")
		if !f.Missing && f.Error == "" {
			f.Error = reason(err)
		}
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			l.file(dir+"/"+e.Name(), role, "")
		}
	}
}

// manifestRoles are the static pod manifests of CIS 1.1.1-1.1.8.
var manifestRoles = map[string]string{
	"kube-apiserver":          facts.RoleAPIServerManifest,
	"kube-controller-manager": facts.RoleControllerManagerManifest,
	"kube-scheduler":          facts.RoleSchedulerManifest,
	"etcd":                    facts.RoleEtcdManifest,
}

// staticPods decodes every manifest of the static pod directory (they are
// workloads like any other, and the control plane's when no process of
// the component runs) and records the control plane's manifests' modes.
func (l *loader) staticPods(dir string) {
	names := make([]string, 0, len(manifestRoles))
	for n := range manifestRoles {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		l.file(dir+"/"+n+".yaml", manifestRoles[n], "")
	}
	entries, err := l.fsys.ReadDir(dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.errs = append(l.errs, errorAt(dir, "cannot read the static pod directory: "+reason(err)))
		}
		return
	}
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			continue
		}
		p := dir + "/" + e.Name()
		for _, o := range l.decode(p, p) {
			l.staticPod(o)
		}
	}
}

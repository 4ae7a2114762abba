package node

import (
	"path"
	"strconv"
	"strings"

	kubeproxyv1alpha1 "k8s.io/kube-proxy/config/v1alpha1"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// use is what a flag's value is to the scan.
type use int

const (
	useCert       use = iota // a certificate or CA bundle: its expiry
	useKubeconfig            // a kubeconfig: its mode, owner and client certificate
	useConfig                // a config document to decode
	useDataDir               // etcd's data directory
	useFile                  // a file whose mode and owner matter
)

// namedFile is a flag that names a file, and what the file is.
type namedFile struct {
	flag string
	use  use
	role string
}

// flagFiles are the files each component's flags name.
var flagFiles = map[string][]namedFile{
	"kube-apiserver": {
		{"client-ca-file", useCert, ""}, {"tls-cert-file", useCert, ""}, {"etcd-cafile", useCert, ""},
		{"etcd-certfile", useCert, ""}, {"kubelet-client-certificate", useCert, ""}, {"kubelet-certificate-authority", useCert, ""},
		{"proxy-client-cert-file", useCert, ""}, {"requestheader-client-ca-file", useCert, ""},
		{"encryption-provider-config", useConfig, facts.RoleConfig}, {"audit-policy-file", useConfig, facts.RoleConfig},
		{"authentication-config", useConfig, facts.RoleConfig}, {"token-auth-file", useFile, facts.RoleConfig},
	},
	"kube-controller-manager": {
		{"kubeconfig", useKubeconfig, facts.RoleControllerKubeconfig}, {"root-ca-file", useCert, ""},
		{"cluster-signing-cert-file", useCert, ""}, {"client-ca-file", useCert, ""},
	},
	"kube-scheduler": {{"kubeconfig", useKubeconfig, facts.RoleSchedulerKubeconfig}},
	"etcd": {
		{"cert-file", useCert, ""}, {"trusted-ca-file", useCert, ""}, {"peer-cert-file", useCert, ""},
		{"peer-trusted-ca-file", useCert, ""}, {"data-dir", useDataDir, facts.RoleEtcdDataDir},
	},
	"kubelet": {
		{"config", useConfig, facts.RoleKubeletConfig}, {"kubeconfig", useKubeconfig, facts.RoleKubeletKubeconfig},
		{"client-ca-file", useCert, facts.RoleKubeletClientCA}, {"tls-cert-file", useCert, ""},
	},
	"kube-proxy": {{"config", useConfig, facts.RoleKubeProxyConfig}, {"kubeconfig", useKubeconfig, facts.RoleKubeProxyKubeconfig}},
}

const defaultStaticPodPath = "/etc/kubernetes/manifests"

// component reads the files a component's flags name. pid is 0 for a
// component read from a static pod or a unit file. For the kubelet it
// returns its static pod directory, or "".
func (l *loader) component(binary string, pid int, flags []facts.Flag) string {
	seen := map[string]bool{}
	for i := len(flags) - 1; i >= 0; i-- { // the last occurrence wins
		f := flags[i]
		if seen[f.Name] || f.Value == "" {
			continue
		}
		seen[f.Name] = true
		for _, nf := range flagFiles[binary] {
			if nf.flag == f.Name {
				l.proxyKubeconfig(pid, l.named(binary, pid, nf, f.Value))
			}
		}
	}
	if binary != "kubelet" {
		return ""
	}
	return l.kubeletFiles(pid, flags)
}

// named reads one file a flag names, as the process sees it.
func (l *loader) named(binary string, pid int, nf namedFile, value string) []any {
	display, access := l.resolve(pid, value)
	by := "--" + nf.flag + " of " + binary
	switch nf.use {
	case useCert:
		l.certFile(display, access)
		if nf.role != "" {
			l.fileAt(display, access, nf.role, by)
		}
	case useKubeconfig:
		l.fileAt(display, access, nf.role, by)
		l.kubeconfig(display, access)
	case useConfig:
		f := l.fileAt(display, access, nf.role, by)
		if !f.Missing && f.Error == "" {
			var typed []any
			for _, o := range l.decode(display, access) {
				typed = append(typed, o.Typed)
			}
			return typed
		}
	case useDataDir, useFile:
		l.fileAt(display, access, nf.role, by)
	}
	return nil
}

// resolve returns the path to show (the flag's value) and the path to read:
// through /proc/PID/root for a running process, so a file in the
// component's container (a ConfigMap, a hostPath at another path) is the
// one it reads; relative paths start at the process's working directory.
func (l *loader) resolve(pid int, value string) (display, access string) {
	if pid <= 0 {
		return value, path.Join("/", value)
	}
	proc := "/proc/" + strconv.Itoa(pid)
	if !path.IsAbs(value) {
		return value, path.Join(proc, "cwd", value)
	}
	if _, err := l.fsys.Stat(path.Join(proc, "root", value)); err == nil {
		return value, path.Join(proc, "root", value)
	}
	return value, value
}

// kubeletFiles reads what the kubelet's config file and its --config-dir
// drop-ins name (its client CA and static pod directory), flags winning,
// and returns the static pod directory.
func (l *loader) kubeletFiles(pid int, flags []facts.Flag) string {
	var cfgs []*kubeletv1beta1.KubeletConfiguration // the file, then its drop-ins
	if f, ok := facts.LastFlag(flags, "config"); ok && f.Value != "" {
		display, _ := l.resolve(pid, f.Value)
		cfgs = append(cfgs, kubeletConfigs(l.decoded[display])...)
	}
	if f, ok := facts.LastFlag(flags, "config-dir"); ok && f.Value != "" {
		cfgs = append(cfgs, l.kubeletDropIns(pid, f.Value)...)
	}
	staticPods, clientCA := "", ""
	for _, c := range cfgs { // a later drop-in wins
		if c.StaticPodPath != "" {
			staticPods = c.StaticPodPath
		}
		if c.Authentication.X509.ClientCAFile != "" {
			clientCA = c.Authentication.X509.ClientCAFile
		}
	}
	if _, flagged := facts.LastFlag(flags, "client-ca-file"); !flagged && clientCA != "" {
		l.named("kubelet", pid, namedFile{"client-ca-file", useCert, facts.RoleKubeletClientCA}, clientCA)
	}
	if f, ok := facts.LastFlag(flags, "pod-manifest-path"); ok {
		staticPods = f.Value
	}
	if staticPods != "" && pid > 0 {
		staticPods, _ = l.resolve(pid, staticPods)
	}
	return strings.TrimSuffix(staticPods, "/")
}

func kubeletConfigs(objs []*inventory.Object) []*kubeletv1beta1.KubeletConfiguration {
	var out []*kubeletv1beta1.KubeletConfiguration
	for _, o := range objs {
		if c, ok := o.Typed.(*kubeletv1beta1.KubeletConfiguration); ok {
			out = append(out, c)
		}
	}
	return out
}

// kubeletDropIns reads the drop-in files of the kubelet's --config-dir
// (*.conf, in the lexical, depth-first order the kubelet walks them and
// merges them over its config file) and returns their configurations. A
// directory that cannot be read is an error naming it.
func (l *loader) kubeletDropIns(pid int, dir string) []*kubeletv1beta1.KubeletConfiguration {
	display, access := l.resolve(pid, dir)
	return l.dropInDir(display, access)
}

func (l *loader) dropInDir(display, access string) []*kubeletv1beta1.KubeletConfiguration {
	entries, err := l.fsys.ReadDir(access)
	if err != nil {
		l.errs = append(l.errs, errorAt(display, "cannot read the kubelet's --config-dir: "+reason(err)))
		return nil
	}
	var out []*kubeletv1beta1.KubeletConfiguration
	for _, e := range entries {
		d, a := path.Join(display, e.Name()), path.Join(access, e.Name())
		switch {
		case e.IsDir():
			out = append(out, l.dropInDir(d, a)...)
		case path.Ext(e.Name()) == ".conf":
			if f := l.fileAt(d, a, facts.RoleKubeletConfig, "--config-dir of kubelet"); !f.Missing && f.Error == "" {
				out = append(out, kubeletConfigs(l.decode(d, a))...)
			}
		}
	}
	return out
}

// proxyKubeconfig reads the kubeconfig a KubeProxyConfiguration names.
func (l *loader) proxyKubeconfig(pid int, typed []any) {
	for _, t := range typed {
		if c, ok := t.(*kubeproxyv1alpha1.KubeProxyConfiguration); ok && c.ClientConnection.Kubeconfig != "" {
			l.named("kube-proxy", pid, namedFile{"kubeconfig", useKubeconfig, facts.RoleKubeProxyKubeconfig}, c.ClientConnection.Kubeconfig)
		}
	}
}

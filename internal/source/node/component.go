package node

import (
	"path"
	"strconv"
	"strings"

	kubeproxyv1alpha1 "k8s.io/kube-proxy/config/v1alpha1"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

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

// kubeletFiles reads what the kubelet's config file names (its client CA
// and static pod directory), flags winning, and returns the static pod
// directory.
func (l *loader) kubeletFiles(pid int, flags []facts.Flag) string {
	var cfg *kubeletv1beta1.KubeletConfiguration
	if f, ok := facts.LastFlag(flags, "config"); ok && f.Value != "" {
		display, _ := l.resolve(pid, f.Value)
		for _, o := range l.decoded[display] {
			if c, ok := o.Typed.(*kubeletv1beta1.KubeletConfiguration); ok {
				cfg = c
			}
		}
	}
	staticPods := ""
	if cfg != nil {
		staticPods = cfg.StaticPodPath
		if _, flagged := facts.LastFlag(flags, "client-ca-file"); !flagged && cfg.Authentication.X509.ClientCAFile != "" {
			l.named("kubelet", pid, namedFile{"client-ca-file", useCert, facts.RoleKubeletClientCA}, cfg.Authentication.X509.ClientCAFile)
		}
	}
	if f, ok := facts.LastFlag(flags, "pod-manifest-path"); ok {
		staticPods = f.Value
	}
	if staticPods != "" && pid > 0 {
		staticPods, _ = l.resolve(pid, staticPods)
	}
	return strings.TrimSuffix(staticPods, "/")
}

// proxyKubeconfig reads the kubeconfig a KubeProxyConfiguration names.
func (l *loader) proxyKubeconfig(pid int, typed []any) {
	for _, t := range typed {
		if c, ok := t.(*kubeproxyv1alpha1.KubeProxyConfiguration); ok && c.ClientConnection.Kubeconfig != "" {
			l.named("kube-proxy", pid, namedFile{"kubeconfig", useKubeconfig, facts.RoleKubeProxyKubeconfig}, c.ClientConnection.Kubeconfig)
		}
	}
}

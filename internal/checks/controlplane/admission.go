package controlplane

import (
	"fmt"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
)

// defaultOnPlugins are the admission plugins of the rules that kube-apiserver
// enables when no flag names them (of those the rules judge: NodeRestriction,
// EventRateLimit, AlwaysPullImages, AlwaysAdmit and DenyServiceExternalIPs
// are off by default).
var defaultOnPlugins = set("NamespaceLifecycle", "ServiceAccount")

// pluginState says whether kube-apiserver runs an admission plugin, the
// path of the argument that decides it (argvPath when no flag does) and
// how, for messages. The deprecated --admission-control, when given, is
// the whole list; otherwise --disable-admission-plugins turns a plugin
// off, --enable-admission-plugins turns it on, and the default applies.
func pluginState(c *Component, plugin string) (on bool, path, how string) {
	if _, legacy := c.Flag("admission-control"); legacy {
		for _, it := range c.Items("admission-control") {
			if it.Value == plugin {
				return true, it.Path, "--admission-control lists " + plugin
			}
		}
		occ := c.Flags["admission-control"]
		return false, occ[len(occ)-1].Path, "--admission-control (the whole list of plugins when given) does not list " + plugin
	}
	for _, it := range c.Items("disable-admission-plugins") {
		if it.Value == plugin {
			return false, it.Path, "--disable-admission-plugins lists " + plugin
		}
	}
	for _, it := range c.Items("enable-admission-plugins") {
		if it.Value == plugin {
			return true, it.Path, "--enable-admission-plugins lists " + plugin
		}
	}
	path = c.ArgvPath
	if occ := c.Flags["enable-admission-plugins"]; len(occ) > 0 {
		path = occ[len(occ)-1].Path
	}
	if defaultOnPlugins[plugin] {
		return true, path, plugin + " is on by default and not disabled"
	}
	return false, path, plugin + " is off by default and --enable-admission-plugins does not list it"
}

func judgePlugin(c *Component, r rule) []verdict {
	on, path, how := pluginState(c, r.arg)
	if on == (r.op == opPluginOn) {
		return []verdict{{check.Pass, path, how}}
	}
	return []verdict{{check.Fail, path, how + ": " + r.fails}}
}

// strongCiphers are the TLS 1.2 and 1.3 suites the CIS Benchmark accepts.
var strongCiphers = set(
	"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
)

// StrongCipher reports whether the CIS Benchmark accepts a TLS cipher
// suite (CIS 1.2.29, 4.2.12).
func StrongCipher(name string) bool { return strongCiphers[name] }

// judgeCiphers passes when --tls-min-version is VersionTLS13 (TLS 1.3
// suites are not configurable and all strong) or every suite listed is
// strong; absent, Go's default suites apply, which include CBC-SHA1 ones.
func judgeCiphers(c *Component, r rule) []verdict {
	if f, ok := c.Flag("tls-min-version"); ok && f.Value == "VersionTLS13" {
		return []verdict{{check.Pass, f.Path, "--tls-min-version=VersionTLS13: only TLS 1.3 suites, all strong, are used"}}
	}
	items := c.Items(r.flag)
	if len(items) == 0 {
		return []verdict{{check.Fail, c.ArgvPath, fmt.Sprintf("--%s is absent: Go's default suites apply, which include CBC-mode SHA-1 suites; %s", r.flag, r.fails)}}
	}
	var weak []string
	path := items[len(items)-1].Path
	for _, it := range items {
		if !strongCiphers[it.Value] {
			if len(weak) == 0 {
				path = it.Path
			}
			weak = append(weak, it.Value)
		}
	}
	if len(weak) > 0 {
		return []verdict{{check.Fail, path, fmt.Sprintf("--%s includes %s; %s", r.flag, strings.Join(weak, ", "), r.fails)}}
	}
	return []verdict{{check.Pass, path, fmt.Sprintf("--%s lists only strong suites", r.flag)}}
}

package kubelet

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/controlplane"
	"github.com/palisade-dev/palisade/internal/inventory"
)

var (
	tlsCertFile = field{path: "tlsCertFile", flag: "tls-cert-file", get: str(func(c *config) string { return c.TLSCertFile })}
	tlsKeyFile  = field{path: "tlsPrivateKeyFile", flag: "tls-private-key-file", get: str(func(c *config) string { return c.TLSPrivateKeyFile })}
	serverBoot  = field{path: "serverTLSBootstrap", flag: "rotate-server-certificates", fileDef: "false", argDef: "false",
		get: boolVal(func(c *config) bool { return c.ServerTLSBootstrap })}
	cipherSuites = field{path: "tlsCipherSuites", flag: "tls-cipher-suites", get: list(func(c *config) []string { return c.TLSCipherSuites })}
	minVersion   = field{path: "tlsMinVersion", flag: "tls-min-version", get: str(func(c *config) string { return c.TLSMinVersion })}
)

// judgeServingCert (4.2.9) passes with a configured serving certificate
// and key, or with serverTLSBootstrap.
func judgeServingCert(k *Kubelet, r *rule) []verdict {
	if s := k.effective(serverBoot); isTrue(s.value) {
		return []verdict{{check.Pass, s.obj, s.path, s.how + ": the serving certificate is issued by the cluster"}}
	}
	cert, key := k.effective(tlsCertFile), k.effective(tlsKeyFile)
	if nonEmpty(cert.value) && nonEmpty(key.value) {
		return []verdict{{check.Pass, cert.obj, cert.path, cert.how + "; " + key.how}}
	}
	return []verdict{{check.Fail, cert.obj, cert.path, "neither tlsCertFile and tlsPrivateKeyFile nor serverTLSBootstrap is set: the kubelet serves a self-signed certificate"}}
}

// judgeServerRotation (4.2.11) passes when serverTLSBootstrap is on and the
// RotateKubeletServerCertificate gate (on by default) is not turned off.
func judgeServerRotation(k *Kubelet, r *rule) []verdict {
	if gate, how, obj, path := k.featureGate("RotateKubeletServerCertificate"); gate == "false" {
		return []verdict{{check.Fail, obj, path, how + ": serving certificates are never rotated"}}
	}
	s := k.effective(serverBoot)
	if isTrue(s.value) {
		return []verdict{{check.Pass, s.obj, s.path, s.how}}
	}
	return []verdict{{check.Fail, s.obj, s.path, s.how + ": the kubelet's serving certificate is self-signed and never rotated"}}
}

// featureGate returns a gate's value ("" when not set) from --feature-gates
// (which wins), the drop-ins' or the config's featureGates.
func (k *Kubelet) featureGate(name string) (value, how string, obj *inventory.Object, path string) {
	if k.Proc != nil {
		for _, it := range k.Proc.Items("feature-gates") {
			if g, v, _ := strings.Cut(it.Value, "="); strings.TrimSpace(g) == name {
				value, how, path = strings.TrimSpace(v), "--feature-gates sets "+it.Value, it.Path
			}
		}
		if value != "" {
			b, _ := strconv.ParseBool(value)
			return strconv.FormatBool(b), how, k.Proc.Object, path
		}
	}
	for i := len(k.dropIns) - 1; i >= 0; i-- {
		if v, ok := k.dropIns[i].cfg.FeatureGates[name]; ok {
			d := k.dropIns[i].obj
			return strconv.FormatBool(v), fmt.Sprintf("featureGates.%s: %v in the --config-dir drop-in %s", name, v, d.Location.File), d, "featureGates." + name
		}
	}
	if k.Config != nil {
		if v, ok := k.Config.FeatureGates[name]; ok {
			return strconv.FormatBool(v), fmt.Sprintf("featureGates.%s: %v in %s", name, v, k.configFile()), k.ConfigObj, "featureGates." + name
		}
	}
	return "", "", nil, ""
}

// judgeCiphers (4.2.12) passes with tlsMinVersion VersionTLS13 or only
// strong suites; with none listed Go's defaults apply, which include
// CBC-mode SHA-1 suites.
func judgeCiphers(k *Kubelet, r *rule) []verdict {
	if mv := k.effective(minVersion); mv.value == "VersionTLS13" {
		return []verdict{{check.Pass, mv.obj, mv.path, mv.how + ": only TLS 1.3 suites, all strong, are used"}}
	}
	s := k.effective(cipherSuites)
	if s.value == "" {
		return []verdict{{check.Fail, s.obj, s.path, "no cipher suites are configured: Go's default suites apply, which include CBC-mode SHA-1 suites"}}
	}
	var weak []string
	for _, c := range strings.Split(s.value, ",") {
		if c = strings.TrimSpace(c); c != "" && !controlplane.StrongCipher(c) {
			weak = append(weak, c)
		}
	}
	if len(weak) > 0 {
		return []verdict{{check.Fail, s.obj, s.path, s.how + ": includes " + strings.Join(weak, ", ") + "; CIS accepts only ECDHE suites with AES-GCM or ChaCha20-Poly1305"}}
	}
	return []verdict{{check.Pass, s.obj, s.path, s.how + ": only strong suites"}}
}

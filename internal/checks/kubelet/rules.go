package kubelet

import (
	"strconv"
	"strings"
	"time"

	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/palisade-dev/palisade/internal/check"
)

type config = kubeletv1beta1.KubeletConfiguration

// rules are CIS 4.2: the kubelet's settings, in CIS order. Defaults are
// those of kubelet v1.30 to v1.37 (KubeletConfiguration v1beta1 defaulting
// for a config file; applyLegacyDefaults for a kubelet without one).
var rules = []rule{
	{cis: "4.2.1", id: "kubelet-anonymous-auth", severity: check.Critical,
		title:     "Kubelet rejects anonymous requests",
		rationale: "With anonymous authentication on, anyone who reaches the kubelet's port (10250) is served as system:anonymous; with AlwaysAllow authorization that is command execution in every pod of the node.",
		fix:       "Set authentication.anonymous.enabled: false in the kubelet config file (and remove --anonymous-auth=true from its command line).",
		field: field{path: "authentication.anonymous.enabled", flag: "anonymous-auth", fileDef: "false", argDef: "true",
			get: boolPtr(func(c *config) *bool { return c.Authentication.Anonymous.Enabled })},
		ok: isFalse, fails: "anonymous requests reach the kubelet's API"},
	{cis: "4.2.2", id: "kubelet-authorization-mode", severity: check.Critical,
		title:     "Kubelet authorizes requests through the API server",
		rationale: "With AlwaysAllow every authenticated request to the kubelet (exec, logs, pod listing) is allowed; Webhook asks the API server, so RBAC applies.",
		fix:       "Set authorization.mode: Webhook in the kubelet config file (and remove --authorization-mode=AlwaysAllow from its command line).",
		field: field{path: "authorization.mode", flag: "authorization-mode", fileDef: "Webhook", argDef: "AlwaysAllow",
			get: str(func(c *config) string { return string(c.Authorization.Mode) })},
		ok: func(v string) bool { return v != "AlwaysAllow" }, fails: "every request to the kubelet is allowed"},
	{cis: "4.2.3", id: "kubelet-client-ca-file", severity: check.High,
		title:     "Kubelet verifies client certificates",
		rationale: "Without a client CA the kubelet cannot authenticate the API server and other clients by certificate.",
		fix:       "Set authentication.x509.clientCAFile in the kubelet config file to the cluster CA.",
		field: field{path: "authentication.x509.clientCAFile", flag: "client-ca-file",
			get: str(func(c *config) string { return c.Authentication.X509.ClientCAFile })},
		ok: nonEmpty, fails: "client certificates are not verified"},
	{cis: "4.2.4", id: "kubelet-read-only-port", severity: check.High,
		title:     "Kubelet's unauthenticated read-only port is off",
		rationale: "The read-only port (10255) serves pod specs, environment and metrics to anyone, with no authentication or authorization.",
		fix:       "Set readOnlyPort: 0 in the kubelet config file (and remove --read-only-port from its command line).",
		field: field{path: "readOnlyPort", flag: "read-only-port", fileDef: "0", argDef: "10255",
			get: func(c *config) (string, bool) { return strconv.Itoa(int(c.ReadOnlyPort)), c.ReadOnlyPort != 0 }},
		ok: func(v string) bool { return v == "0" }, fails: "pod details are served unauthenticated"},
	{cis: "4.2.5", id: "kubelet-streaming-idle-timeout", severity: check.Low,
		title:     "Kubelet closes idle streaming connections",
		rationale: "A streaming connection (exec, attach, port-forward) with no idle timeout stays open forever, which helps denial of service and hides abandoned sessions.",
		fix:       "Set streamingConnectionIdleTimeout in the kubelet config file to a positive duration (the default is 4h; 5m is common).",
		field: field{path: "streamingConnectionIdleTimeout", flag: "streaming-connection-idle-timeout", fileDef: "4h0m0s", argDef: "4h0m0s",
			get: func(c *config) (string, bool) {
				return c.StreamingConnectionIdleTimeout.Duration.String(), c.StreamingConnectionIdleTimeout.Duration != 0
			}},
		ok: positiveDuration, fails: "idle streaming connections are never closed"},
	{cis: "4.2.6", id: "kubelet-iptables-util-chains", severity: check.Low,
		title:     "Kubelet manages its iptables utility chains",
		rationale: "The kubelet keeps the iptables rules pods' networking relies on consistent with its configuration.",
		fix:       "Remove makeIPTablesUtilChains: false from the kubelet config file (it defaults to true).",
		field: field{path: "makeIPTablesUtilChains", flag: "make-iptables-util-chains", fileDef: "true", argDef: "true",
			get: boolPtr(func(c *config) *bool { return c.MakeIPTablesUtilChains })},
		ok: isTrue, fails: "iptables utility chains are not maintained"},
	{cis: "4.2.7", id: "kubelet-hostname-override", severity: check.Low,
		title:     "Kubelet does not override its hostname (manual review)",
		rationale: "Overriding the hostname can break the TLS identity between the kubelet and the API server; some cloud providers need it.",
		fix:       "Remove --hostname-override from the kubelet's command line unless the platform requires it.",
		field:     field{path: "", flag: "hostname-override"},
		ok:        func(v string) bool { return v == "" }, fails: "the node's name differs from its hostname"},
	{cis: "4.2.8", id: "kubelet-event-qps", severity: check.Info,
		title:     "Kubelet records events at a chosen rate (manual review)",
		rationale: "The event rate limit decides how many events the kubelet records; 0 records every event, a low limit may drop security-relevant ones.",
		fix:       "Set eventRecordQPS in the kubelet config file to 0 or a rate that captures the node's events (the default is 50).",
		field: field{path: "eventRecordQPS", flag: "event-qps", fileDef: "50", argDef: "50",
			get: func(c *config) (string, bool) {
				if c.EventRecordQPS == nil {
					return "", false
				}
				return strconv.Itoa(int(*c.EventRecordQPS)), true
			}},
		ok: func(v string) bool { n, err := strconv.Atoi(v); return err == nil && n >= 0 }, fails: "is not a rate of 0 or more"},
	{cis: "4.2.9", id: "kubelet-tls-cert", severity: check.Medium,
		title:     "Kubelet serves TLS with a certificate the cluster can verify",
		rationale: "Without tlsCertFile/tlsPrivateKeyFile or serverTLSBootstrap the kubelet serves a self-signed certificate, so the API server cannot verify it talks to the real kubelet.",
		fix:       "Set serverTLSBootstrap: true in the kubelet config file (and approve the serving CSRs), or set tlsCertFile and tlsPrivateKeyFile.",
		judge:     judgeServingCert},
	{cis: "4.2.10", id: "kubelet-rotate-certificates", severity: check.Medium,
		title:     "Kubelet rotates its client certificate",
		rationale: "Without rotation the kubelet's client certificate expires and the node drops out of the cluster, or is replaced by hand with a long-lived one.",
		fix:       "Set rotateCertificates: true in the kubelet config file (it defaults to false).",
		field: field{path: "rotateCertificates", flag: "rotate-certificates", fileDef: "false", argDef: "false",
			get: boolVal(func(c *config) bool { return c.RotateCertificates })},
		ok: isTrue, fails: "the client certificate is not rotated"},
	{cis: "4.2.11", id: "kubelet-rotate-server-certificates", severity: check.Medium,
		title:     "Kubelet rotates its serving certificate",
		rationale: "Serving certificate rotation (serverTLSBootstrap, with the RotateKubeletServerCertificate feature gate, on by default) replaces the kubelet's serving certificate before it expires, with one the cluster CA signs.",
		fix:       "Set serverTLSBootstrap: true in the kubelet config file and approve the kubelet-serving CSRs; do not disable the RotateKubeletServerCertificate feature gate.",
		judge:     judgeServerRotation},
	{cis: "4.2.12", id: "kubelet-tls-cipher-suites", severity: check.Low,
		title:     "Kubelet offers only strong TLS cipher suites",
		rationale: "Weak suites (CBC mode, SHA-1, RSA key exchange, 3DES, RC4) expose connections to downgrade and decryption attacks.",
		fix:       "Set tlsCipherSuites in the kubelet config file to ECDHE suites with AES-GCM or ChaCha20-Poly1305 only, or tlsMinVersion: VersionTLS13.",
		judge:     judgeCiphers},
	{cis: "4.2.13", id: "kubelet-pod-pids-limit", severity: check.Low,
		title:     "Kubelet limits the processes of each pod",
		rationale: "Without a PID limit one pod can exhaust the node's process table (a fork bomb) and starve every other pod.",
		fix:       "Set podPidsLimit in the kubelet config file to a positive number suited to the workloads (for example 4096).",
		field: field{path: "podPidsLimit", flag: "pod-max-pids", fileDef: "-1", argDef: "-1",
			get: func(c *config) (string, bool) {
				if c.PodPidsLimit == nil {
					return "", false
				}
				return strconv.FormatInt(*c.PodPidsLimit, 10), true
			}},
		ok: func(v string) bool { n, err := strconv.Atoi(v); return err == nil && n > 0 }, fails: "pods may use every PID of the node"},
	{cis: "4.2.14", id: "kubelet-seccomp-default", severity: check.Low,
		title:     "Kubelet applies the RuntimeDefault seccomp profile by default",
		rationale: "With seccompDefault on, containers that ask for no seccomp profile run with the runtime's default profile instead of unconfined.",
		fix:       "Set seccompDefault: true in the kubelet config file.",
		field: field{path: "seccompDefault", flag: "seccomp-default", fileDef: "false", argDef: "false",
			get: boolPtr(func(c *config) *bool { return c.SeccompDefault })},
		ok: isTrue, fails: "containers without a seccomp profile run unconfined"},
}

func isTrue(v string) bool   { b, err := strconv.ParseBool(v); return err == nil && b }
func isFalse(v string) bool  { b, err := strconv.ParseBool(v); return err == nil && !b }
func nonEmpty(v string) bool { return strings.TrimSpace(v) != "" }

func positiveDuration(v string) bool {
	d, err := time.ParseDuration(v)
	return err == nil && d > 0
}

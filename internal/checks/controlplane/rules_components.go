package controlplane

import "github.com/palisade-dev/palisade/internal/check"

// rules is the whole table, in CIS order.
var rules = concat(apiServerRules, controllerManagerRules, schedulerRules, etcdRules, auditRules)

// auditRules are CIS 3.2.1: an audit policy exists (3.2.2, its content, is
// apiserver-audit-policy-coverage).
var auditRules = []rule{
	{cis: "3.2.1", id: "apiserver-audit-policy-file", component: APIServer, flag: "audit-policy-file", op: opSet, severity: check.Medium,
		title:     "API server has an audit policy",
		rationale: "Without --audit-policy-file the API server records no audit events, whatever --audit-log-path says: nobody can tell afterwards who did what.",
		fix:       "Set --audit-policy-file on kube-apiserver to an audit Policy that logs at least request metadata.",
		fails:     "no audit events are recorded"},
}

func concat(lists ...[]rule) []rule {
	var out []rule
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// controllerManagerRules are CIS 1.3: kube-controller-manager's flags.
var controllerManagerRules = []rule{
	{cis: "1.3.1", id: "controller-manager-terminated-pod-gc", component: ControllerManager, flag: "terminated-pod-gc-threshold", op: opPositiveInt, def: "12500", explicit: true, severity: check.Low,
		title:     "Controller manager garbage-collects terminated pods at a chosen threshold (manual review)",
		rationale: "Terminated pods are deleted only past the threshold; the default of 12500 can let them accumulate and slow the control plane, and 0 or less disables collection.",
		fix:       "Set --terminated-pod-gc-threshold on kube-controller-manager to a positive value suited to the cluster (for example 10).",
		fails:     "terminated pods accumulate up to the threshold, and are never collected at 0 or less"},
	{cis: "1.3.2", id: "controller-manager-profiling", component: ControllerManager, flag: "profiling", op: opBool, arg: "false", def: "true", severity: check.Low,
		title:     "Controller manager profiling is off",
		rationale: "The profiling endpoints (/debug/pprof) reveal detailed program and performance data and are rarely needed in production.",
		fix:       "Set --profiling=false on kube-controller-manager.",
		fails:     "serves /debug/pprof"},
	{cis: "1.3.3", id: "controller-manager-service-account-credentials", component: ControllerManager, flag: "use-service-account-credentials", op: opBool, arg: "true", def: "false", severity: check.Medium,
		title:     "Controllers run with their own service accounts",
		rationale: "Without per-controller service accounts every controller acts with the controller manager's own broad credentials, defeating least privilege.",
		fix:       "Set --use-service-account-credentials=true on kube-controller-manager.",
		fails:     "every controller uses the controller manager's credentials"},
	{cis: "1.3.4", id: "controller-manager-service-account-private-key", component: ControllerManager, flag: "service-account-private-key-file", op: opSet, severity: check.Medium,
		title:     "Controller manager signs service account tokens with a configured key",
		rationale: "The key that signs legacy service account tokens should be named so it can be rotated with the API server's --service-account-key-file.",
		fix:       "Set --service-account-private-key-file on kube-controller-manager.",
		fails:     "no key signs service account tokens"},
	{cis: "1.3.5", id: "controller-manager-root-ca-file", component: ControllerManager, flag: "root-ca-file", op: opSet, severity: check.Low,
		title:     "Controller manager publishes the cluster CA to service accounts",
		rationale: "Pods verify the API server's certificate with the CA bundle the controller manager publishes; without it they cannot detect interception.",
		fix:       "Set --root-ca-file on kube-controller-manager to the cluster CA.",
		fails:     "pods cannot verify the API server"},
	{cis: "1.3.6", id: "controller-manager-rotate-kubelet-server-cert", component: ControllerManager, flag: "feature-gates", op: opGateNotFalse, arg: "RotateKubeletServerCertificate", severity: check.Medium,
		title:     "Kubelet serving certificate rotation is not disabled",
		rationale: "The RotateKubeletServerCertificate feature gate (on by default) lets kubelets renew their serving certificates before they expire.",
		fix:       "Remove RotateKubeletServerCertificate=false from --feature-gates on kube-controller-manager.",
		fails:     "kubelet serving certificates are not rotated"},
	{cis: "1.3.7", id: "controller-manager-bind-address", component: ControllerManager, flag: "bind-address", op: opEquals, arg: "127.0.0.1", def: "0.0.0.0", severity: check.Medium,
		title:     "Controller manager serves on localhost only",
		rationale: "The controller manager's HTTPS endpoint (health, metrics, profiling) needs no network exposure beyond the node.",
		fix:       "Set --bind-address=127.0.0.1 on kube-controller-manager.",
		fails:     "exposes the controller manager's endpoint beyond localhost"},
}

// schedulerRules are CIS 1.4: kube-scheduler's flags. Its --profiling is
// ignored when --config names a KubeSchedulerConfiguration.
var schedulerRules = []rule{
	{cis: "1.4.1", id: "scheduler-profiling", component: Scheduler, flag: "profiling", op: opBool, arg: "false", def: "true", file: "config", severity: check.Low,
		title:     "Scheduler profiling is off",
		rationale: "The profiling endpoints (/debug/pprof) reveal detailed program and performance data and are rarely needed in production.",
		fix:       "Set --profiling=false on kube-scheduler (or enableProfiling: false in its --config file).",
		fails:     "serves /debug/pprof"},
	{cis: "1.4.2", id: "scheduler-bind-address", component: Scheduler, flag: "bind-address", op: opEquals, arg: "127.0.0.1", def: "0.0.0.0", severity: check.Medium,
		title:     "Scheduler serves on localhost only",
		rationale: "The scheduler's HTTPS endpoint (health, metrics, profiling) needs no network exposure beyond the node.",
		fix:       "Set --bind-address=127.0.0.1 on kube-scheduler.",
		fails:     "exposes the scheduler's endpoint beyond localhost"},
}

// etcdRules are CIS 2: etcd's flags (or ETCD_* variables). A
// --config-file replaces both.
var etcdRules = []rule{
	{cis: "2.1", id: "etcd-tls", component: Etcd, flag: "cert-file", also: "key-file", op: opSet, file: "config-file", severity: check.High,
		title:     "etcd serves clients over TLS",
		rationale: "etcd holds every object of the cluster, secrets included; without TLS its client traffic is readable on the network.",
		fix:       "Set --cert-file and --key-file on etcd.",
		fails:     "client traffic is not encrypted"},
	{cis: "2.2", id: "etcd-client-cert-auth", component: Etcd, flag: "client-cert-auth", op: opBool, arg: "true", def: "false", file: "config-file", severity: check.High,
		title:     "etcd requires client certificates",
		rationale: "Without client certificate authentication anyone who reaches etcd's client port can read and write every object of the cluster.",
		fix:       "Set --client-cert-auth=true and --trusted-ca-file on etcd.",
		fails:     "any client that reaches etcd can read and write the cluster's data"},
	{cis: "2.3", id: "etcd-no-auto-tls", component: Etcd, flag: "auto-tls", op: opBool, arg: "false", def: "false", file: "config-file", severity: check.Medium,
		title:     "etcd does not use self-signed client certificates",
		rationale: "With auto-tls etcd serves clients with a generated self-signed certificate that clients cannot verify.",
		fix:       "Remove --auto-tls=true from etcd and configure --cert-file and --key-file.",
		fails:     "clients cannot verify etcd"},
	{cis: "2.4", id: "etcd-peer-tls", component: Etcd, flag: "peer-cert-file", also: "peer-key-file", op: opSet, file: "config-file", severity: check.Medium,
		title:     "etcd members talk over TLS",
		rationale: "Replication traffic between etcd members carries every object of the cluster; it must be encrypted (the item applies to clusters of more than one member).",
		fix:       "Set --peer-cert-file and --peer-key-file on etcd.",
		fails:     "peer traffic is not encrypted"},
	{cis: "2.5", id: "etcd-peer-client-cert-auth", component: Etcd, flag: "peer-client-cert-auth", op: opBool, arg: "true", def: "false", file: "config-file", severity: check.Medium,
		title:     "etcd members require peer certificates",
		rationale: "Without peer certificate authentication any host that reaches the peer port can join or impersonate a member.",
		fix:       "Set --peer-client-cert-auth=true and --peer-trusted-ca-file on etcd.",
		fails:     "peers are not authenticated"},
	{cis: "2.6", id: "etcd-no-peer-auto-tls", component: Etcd, flag: "peer-auto-tls", op: opBool, arg: "false", def: "false", file: "config-file", severity: check.Medium,
		title:     "etcd does not use self-signed peer certificates",
		rationale: "With peer-auto-tls members use generated self-signed certificates that cannot authenticate them to each other.",
		fix:       "Remove --peer-auto-tls=true from etcd and configure --peer-cert-file and --peer-key-file.",
		fails:     "peers cannot verify each other"},
}

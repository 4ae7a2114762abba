package facts

import (
	"strconv"
	"strings"
)

// Flag is one flag occurrence on a command line.
type Flag struct {
	Name  string
	Value string
	// Index is the position of the argument that names the flag.
	Index int
	// Note explains a surprising reading, for messages.
	Note string
}

// BoolFlags are the boolean flags of each component, by binary name:
// written bare they mean true and, as in pflag and Go's flag package,
// never take the next argument as their value (`--profiling false` is
// profiling on plus a stray argument).
var BoolFlags = map[string]map[string]bool{
	"kube-apiserver": set("anonymous-auth", "profiling", "contention-profiling", "service-account-lookup",
		"service-account-extend-token-expiration", "allow-privileged", "enable-bootstrap-token-auth",
		"enable-aggregator-routing", "enable-garbage-collector", "enable-priority-and-fairness",
		"enable-logs-handler", "logtostderr", "alsologtostderr", "watch-cache"),
	"kube-controller-manager": set("profiling", "contention-profiling", "use-service-account-credentials",
		"allocate-node-cidrs", "leader-elect", "enable-garbage-collector", "enable-hostpath-provisioner",
		"enable-dynamic-provisioning", "enable-taint-manager", "configure-cloud-routes", "logtostderr", "alsologtostderr"),
	"kube-scheduler": set("profiling", "contention-profiling", "leader-elect", "logtostderr", "alsologtostderr"),
	"etcd": set("client-cert-auth", "auto-tls", "peer-client-cert-auth", "peer-auto-tls", "enable-pprof",
		"strict-reconfig-check", "force-new-cluster", "enable-v2", "debug", "experimental-initial-corrupt-check",
		"experimental-enable-distributed-tracing", "log-rotation", "enable-grpc-gateway",
		"client-crl-check", "peer-skip-client-san-verification", "unsafe-no-fsync"),
	"kubelet": set("anonymous-auth", "make-iptables-util-chains", "rotate-certificates", "rotate-server-certificates",
		"seccomp-default", "protect-kernel-defaults", "fail-swap-on", "register-node", "enable-server",
		"enable-debugging-handlers", "cgroups-per-qos", "logtostderr", "alsologtostderr", "exit-on-lock-contention",
		"authentication-token-webhook", "read-only-port-disabled"),
	"kube-proxy": set("profiling", "bind-address-hard-fail", "masquerade-all", "cleanup", "logtostderr", "alsologtostderr"),
}

// SingleDash lists the components that also accept `-name` (Go's flag
// package): etcd.
var SingleDash = set("etcd")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// ParseFlags reads flags the way pflag does: `--name=value`, `--name
// value`, bare boolean `--name`, every occurrence kept in order (the last
// wins for scalars); parsing stops at `--`. singleDash also accepts
// `-name` (Go's flag package, which etcd uses). A flag not known to be
// boolean takes the next argument as its value unless that argument is
// itself a flag (a command line that would not start otherwise).
func ParseFlags(argv []string, bools map[string]bool, singleDash bool) []Flag {
	var out []Flag
	for i := 0; i < len(argv); i++ {
		if argv[i] == "--" {
			break
		}
		name, ok := flagName(argv[i], singleDash)
		if !ok {
			continue // a positional argument or a pflag shorthand (-v=2)
		}
		if n, v, hasValue := strings.Cut(name, "="); hasValue {
			out = append(out, Flag{Name: n, Value: v, Index: i})
			continue
		}
		if bools[name] || i+1 == len(argv) || strings.HasPrefix(argv[i+1], "-") {
			f := Flag{Name: name, Value: "true", Index: i}
			if _, err := strconv.ParseBool(next(argv, i)); err == nil && bools[name] {
				f.Note = "written bare: the next argument " + strconv.Quote(next(argv, i)) + " is not its value"
			}
			out = append(out, f)
			continue
		}
		out = append(out, Flag{Name: name, Value: argv[i+1], Index: i})
		i++
	}
	return out
}

// LastFlag returns the effective value of a scalar flag in parsed flags.
func LastFlag(flags []Flag, name string) (Flag, bool) {
	for i := len(flags) - 1; i >= 0; i-- {
		if flags[i].Name == name {
			return flags[i], true
		}
	}
	return Flag{}, false
}

func flagName(s string, singleDash bool) (string, bool) {
	switch {
	case strings.HasPrefix(s, "--") && len(s) > 2:
		return s[2:], true
	case singleDash && strings.HasPrefix(s, "-") && len(s) > 1 && s[1] != '-':
		return s[1:], true
	}
	return "", false
}

func next(argv []string, i int) string {
	if i+1 < len(argv) {
		return argv[i+1]
	}
	return ""
}

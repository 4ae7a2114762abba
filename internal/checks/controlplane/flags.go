package controlplane

import (
	"strconv"
	"strings"
)

// arg is one command-line argument and its field path.
type arg struct{ text, path string }

// boolFlags are the boolean flags of each component: written bare they
// mean true and, as in pflag and Go's flag package, never take the next
// argument as their value (`--profiling false` is profiling on plus a
// stray argument).
var boolFlags = map[string]map[string]bool{
	APIServer: set("anonymous-auth", "profiling", "contention-profiling", "service-account-lookup",
		"service-account-extend-token-expiration", "allow-privileged", "enable-bootstrap-token-auth",
		"enable-aggregator-routing", "enable-garbage-collector", "enable-priority-and-fairness",
		"enable-logs-handler", "logtostderr", "alsologtostderr", "watch-cache"),
	ControllerManager: set("profiling", "contention-profiling", "use-service-account-credentials",
		"allocate-node-cidrs", "leader-elect", "enable-garbage-collector", "enable-hostpath-provisioner",
		"enable-dynamic-provisioning", "enable-taint-manager", "configure-cloud-routes", "logtostderr", "alsologtostderr"),
	Scheduler: set("profiling", "contention-profiling", "leader-elect", "logtostderr", "alsologtostderr"),
	Etcd: set("client-cert-auth", "auto-tls", "peer-client-cert-auth", "peer-auto-tls", "enable-pprof",
		"strict-reconfig-check", "force-new-cluster", "enable-v2", "debug", "experimental-initial-corrupt-check",
		"experimental-enable-distributed-tracing", "log-rotation", "enable-grpc-gateway",
		"client-crl-check", "peer-skip-client-san-verification"),
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// parseFlags reads flags the way pflag does: `--name=value`, `--name
// value`, bare boolean `--name`, every occurrence kept (last wins for
// scalars, see Component.Flag); parsing stops at `--`. singleDash also
// accepts `-name` (Go's flag package, which etcd uses). A flag not known
// to be boolean takes the next argument as its value unless that argument
// is itself a flag (a command line that would not start otherwise).
func parseFlags(argv []arg, bools map[string]bool, singleDash bool) map[string][]FlagValue {
	out := map[string][]FlagValue{}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if a.text == "--" {
			break
		}
		name, ok := flagName(a.text, singleDash)
		if !ok {
			continue // a positional argument or a pflag shorthand (-v=2)
		}
		if n, v, hasValue := strings.Cut(name, "="); hasValue {
			out[n] = append(out[n], FlagValue{Value: v, Path: a.path})
			continue
		}
		if bools[name] || i+1 == len(argv) || strings.HasPrefix(argv[i+1].text, "-") {
			f := FlagValue{Value: "true", Path: a.path}
			if _, err := strconv.ParseBool(next(argv, i)); err == nil && bools[name] {
				f.Note = "written bare: the next argument " + strconv.Quote(next(argv, i)) + " is not its value"
			}
			out[name] = append(out[name], f)
			continue
		}
		i++
		out[name] = append(out[name], FlagValue{Value: argv[i].text, Path: a.path})
	}
	return out
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

func next(argv []arg, i int) string {
	if i+1 < len(argv) {
		return argv[i+1].text
	}
	return ""
}

package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/probe"
)

type probeFlags struct {
	reportFlags
	timeout     time.Duration
	concurrency int
}

func newProbeCommand() *cobra.Command {
	f := &probeFlags{}
	cmd := &cobra.Command{
		Use:   "probe TARGET...",
		Short: "Probe named kubelet, API server, etcd and control-plane ports for anonymous access and exposure",
		Long: `Probe the Kubernetes components at the named targets, live, without credentials.

TARGET is one of:
  HOST                     every well-known port of HOST (6443, 2379, 10250,
                           10255, 10249, 10257, 10259)
  HOST:PORT                the component of a well-known port (443 and 6443
                           are the API server)
  COMPONENT://HOST[:PORT]  apiserver, etcd, kubelet, kubelet-read-only,
                           kube-proxy, controller-manager or scheduler, at
                           any port (its well-known one by default)

Only the named targets are contacted, directly (no proxy, no redirect
followed), and every request reads: GETs of /pods on kubelets; /version,
/api, /apis and one-item, metadata-only LISTs of namespaces, pods, secrets
and nodes on API servers; /version, /health and a count-only range request
(POST /v3/kv/range, which reads no key or value) on etcd; /metrics and
/healthz on kube-proxy, the controller manager and the scheduler. No
credentials or client certificates are sent; server certificates are not
verified. Each target gets --timeout for all its requests; --concurrency
targets are probed at a time. A target that cannot be reached is reported
as not checked, with the reason.

Exit codes: 0 no failing finding at or above --fail-on; 1 failing findings
at or above --fail-on; 2 usage or configuration errors, or no target could
be probed at all.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runProbe(cmd, f, args) },
	}
	fl := cmd.Flags()
	f.register(fl, "probe check")
	fl.DurationVar(&f.timeout, "timeout", probe.DefaultTimeout, "time limit of all the requests to one target")
	fl.IntVar(&f.concurrency, "concurrency", probe.DefaultConcurrency, "targets probed at a time")
	return cmd
}

func runProbe(cmd *cobra.Command, f *probeFlags, args []string) error {
	setup, err := f.prepare()
	if err != nil {
		return err
	}
	if f.timeout <= 0 || f.concurrency <= 0 {
		return fmt.Errorf("--timeout and --concurrency must be positive (got %s and %d)", f.timeout, f.concurrency)
	}
	targets, err := probe.ParseTargets(args)
	if err != nil {
		return err
	}
	rep, err := probe.Run(cmd.Context(), probe.Options{
		Targets: targets, Collect: probe.CollectOptions{Timeout: f.timeout, Concurrency: f.concurrency},
		Only: f.only, Config: setup.cfg, IncludePassed: f.all, Version: version,
	})
	if err != nil {
		return err
	}
	if err := f.write(cmd, setup, rep); err != nil {
		return err
	}
	if probe.Unreachable(rep) == len(targets) {
		fmt.Fprintf(cmd.ErrOrStderr(), "palisade: none of the %d targets could be probed\n", len(targets))
		return exitError{code: exitErrors}
	}
	return exitError{code: exitCode(rep, setup.threshold)}
}

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/probe"
)

type probeFlags struct {
	output      string
	outputFiles []string
	failOn      string
	configFile  string
	all         bool
	only        []string
	noColor     bool
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
	fl.StringVarP(&f.output, "output", "o", "table", "output format on stdout: table, json, sarif, junit")
	fl.StringArrayVar(&f.outputFiles, "output-file", nil, "also write FORMAT=PATH (repeatable), e.g. sarif=palisade.sarif")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when a failing finding is at or above: critical, high, medium, low, info, none (default high, or failOn in the config)")
	fl.StringVar(&f.configFile, "config", "", "config file with exceptions (default ./.palisade.yaml when present)")
	fl.BoolVar(&f.all, "all", false, "report passing and not-applicable results too")
	fl.StringSliceVar(&f.only, "check", nil, "run only these probe check IDs (repeatable or comma-separated)")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the table (NO_COLOR is honoured too)")
	fl.DurationVar(&f.timeout, "timeout", probe.DefaultTimeout, "time limit of all the requests to one target")
	fl.IntVar(&f.concurrency, "concurrency", probe.DefaultConcurrency, "targets probed at a time")
	return cmd
}

func runProbe(cmd *cobra.Command, f *probeFlags, args []string) error {
	cfg, err := loadConfig(f.configFile)
	if err != nil {
		return err
	}
	threshold, err := failThreshold(f.failOn, cfg.FailOn)
	if err != nil {
		return err
	}
	outputs, err := parseOutputs(f.output, f.outputFiles)
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
		Only: f.only, Config: cfg, IncludePassed: f.all, Version: version,
	})
	if err != nil {
		return err
	}
	color := !f.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(cmd.OutOrStdout())
	if err := writeOutputs(cmd.OutOrStdout(), outputs, rep, color); err != nil {
		return err
	}
	if probe.Unreachable(rep) == len(targets) {
		fmt.Fprintf(cmd.ErrOrStderr(), "palisade: none of the %d targets could be probed\n", len(targets))
		return exitError{code: exitErrors}
	}
	return exitError{code: exitCode(rep, threshold)}
}

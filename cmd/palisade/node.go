package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/checks/controlplane"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/source/node"
)

type nodeFlags struct {
	reportFlags
	root      string
	benchmark string
}

func newNodeCommand() *cobra.Command {
	f := &nodeFlags{}
	cmd := &cobra.Command{
		Use:   "node",
		Short: "Scan this node (or a node's file system mounted at --root) against the CIS Kubernetes Benchmark",
		Long: `Scan a Kubernetes node: the running components' command lines
(/proc), the kubelet's systemd unit and drop-ins, static pod manifests, the
kubelet config file its --config names, and the kubeconfigs, config files
and PKI the flags name, with file modes and owners resolved through the
node's own /etc/passwd and /etc/group. Run it on the node, or in a pod with
hostPID and the host's root mounted read-only at --root (see deploy/).

Exit codes are those of palisade scan.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runNode(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.root, "root", "/", "where the node's root file system is mounted")
	fl.StringVar(&f.benchmark, "benchmark", "", "CIS Kubernetes Benchmark version: cis-1.12 (default: chosen from the detected Kubernetes version)")
	f.register(fl, "check")
	return cmd
}

func runNode(cmd *cobra.Command, f *nodeFlags) error {
	start := time.Now()
	setup, err := f.prepare()
	if err != nil {
		return err
	}
	if _, err := controlplane.SelectBenchmark(f.benchmark, ""); err != nil {
		return err
	}
	inv := node.Load(node.Options{Root: f.root})
	bench, _ := controlplane.SelectBenchmark(f.benchmark, controlplane.DetectVersion(inv))
	// Scoring the benchmark lists the manual items with what to look at.
	rep, err := scan.RunContext(cmd.Context(), scan.Options{Inventory: inv, Config: setup.cfg, Only: f.only,
		IncludePassed: f.all, Now: start, Version: version, Frameworks: []string{benchmarkFramework(bench)}})
	if err != nil {
		return err
	}
	rep.Summary.Benchmark = bench
	rep.Summary.DurationMS = time.Since(start).Milliseconds()
	return finishNode(cmd, f, setup, rep)
}

// benchmarkFramework is the framework key of a benchmark ("cis-1.12 (...)"
// is CIS-1.12).
func benchmarkFramework(bench string) string {
	name, _, _ := strings.Cut(bench, " ")
	return strings.ToUpper(name[:3]) + name[3:]
}

func finishNode(cmd *cobra.Command, f *nodeFlags, setup *reportSetup, rep *report.Report) error {
	// In a pod, stderr and stdout share the log: a machine-readable report
	// on stdout carries the errors and the benchmark itself.
	if f.output == "table" {
		for _, e := range rep.Errors {
			fmt.Fprintln(cmd.ErrOrStderr(), "error:", e.Error())
		}
	}
	if err := f.write(cmd, setup, rep); err != nil {
		return err
	}
	return exitError{code: exitCode(rep, setup.threshold)}
}

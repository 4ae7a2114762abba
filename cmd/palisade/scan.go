package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/baseline"
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/pss"
	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/frameworks"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/scan"
)

type scanFlags struct {
	reportFlags
	inputFlags
	pssLevel   string
	pssVersion string
	frameworks []string
	baseline   string
	systemRBAC bool
}

func newScanCommand() *cobra.Command {
	f := &scanFlags{}
	cmd := &cobra.Command{
		Use:   "scan [PATH... | -]",
		Short: "Scan manifests, directories, Helm charts, Kustomize directories or a live cluster",
		Long: `Scan Kubernetes manifests, or a live cluster, for security problems.

PATH may be a YAML or JSON file (multi-document and List kinds included),
a directory (read recursively), a Helm chart (directory or .tgz), a
Kustomize directory, or - for standard input. With no PATH (or with
--cluster) Palisade scans the cluster of the current kubeconfig context,
read-only: it only lists and gets, and never reads Secret values.

Exit codes: 0 no failing finding at or above --fail-on; 1 failing findings
at or above --fail-on (with --baseline, new ones only); 2 usage or configuration errors, or inputs that
could not be read (the rest is still scanned and reported).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runScan(cmd, f, args) },
	}
	fl := cmd.Flags()
	f.reportFlags.register(fl, "check")
	fl.StringVar(&f.pssLevel, "pss-level", "", "also evaluate the Pod Security Standards at this level: baseline or restricted")
	fl.StringVar(&f.pssVersion, "pss-version", "latest", "Pod Security Standards version: v1.N or latest")
	f.inputFlags.register(fl, true)
	fl.StringSliceVar(&f.frameworks, "framework", nil, "score a compliance framework: CIS-1.12, NSA, MITRE, PSS (repeatable or comma-separated; palisade frameworks lists them)")
	fl.BoolVar(&f.systemRBAC, "include-system-rbac", false, "also judge the cluster's own RBAC roles and bindings (system:*, kubeadm:*), which are not findings by default")
	fl.StringVar(&f.baseline, "baseline", "", "a previous JSON report: mark findings new or existing, and let --fail-on count only new ones")
	return cmd
}

func runScan(cmd *cobra.Command, f *scanFlags, args []string) error {
	setup, err := f.prepare()
	if err != nil {
		return err
	}
	if err := validatePSS(f.pssLevel, f.pssVersion); err != nil {
		return err
	}
	opts, err := f.options(cmd, args)
	if err != nil {
		return err
	}
	base, err := f.analyses()
	if err != nil {
		return err
	}
	opts.Config, opts.Check = setup.cfg, check.Options{PSSLevel: f.pssLevel, PSSVersion: f.pssVersion, SystemRBAC: f.systemRBAC}
	opts.Only, opts.IncludePassed, opts.Version = f.only, f.all, version
	opts.Frameworks, opts.Baseline = f.frameworks, base
	rep, err := scan.RunContext(cmd.Context(), opts)
	if err != nil {
		return err
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(cmd.ErrOrStderr(), "error:", e.Error())
	}
	if err := f.write(cmd, setup, rep); err != nil {
		return err
	}
	return exitError{code: exitCode(rep, setup.threshold)}
}

func loadConfig(file string) (*config.Config, error) {
	if file != "" {
		return config.Load(file, true)
	}
	return config.Load(config.FileName, false)
}

// failThreshold resolves --fail-on, the config's failOn, then "high".
// It returns the lowest failing severity rank, or 0 for "none".
func failThreshold(flag, fromConfig string) (int, error) {
	v := flag
	if v == "" {
		v = fromConfig
	}
	if v == "" {
		v = string(check.High)
	}
	if v == "none" {
		return 0, nil
	}
	if r := check.Severity(v).Rank(); r > 0 {
		return r, nil
	}
	return 0, fmt.Errorf("--fail-on must be critical, high, medium, low, info or none, not %q", v)
}

func exitCode(rep *report.Report, threshold int) int {
	if len(rep.Errors) > 0 {
		return exitErrors
	}
	if threshold == 0 {
		return exitClean
	}
	if rep.Summary.Baseline != nil {
		return newFailures(rep, threshold)
	}
	for sev, n := range rep.Summary.Failed {
		if n > 0 && sev.Rank() >= threshold {
			return exitFindings
		}
	}
	return exitClean
}

// newFailures is exitCode with --baseline: only failing findings that are
// new since the baseline count.
func newFailures(rep *report.Report, threshold int) int {
	for _, f := range rep.Findings {
		if f.Status == check.Fail && f.Baseline == baseline.New && f.Check.Severity.Rank() >= threshold {
			return exitFindings
		}
	}
	return exitClean
}

// analyses checks --framework names and reads --baseline before the scan,
// so that a typo fails at once.
func (f *scanFlags) analyses() (*baseline.Baseline, error) {
	for _, name := range f.frameworks {
		if _, err := frameworks.Get(name); err != nil {
			return nil, err
		}
	}
	if f.baseline == "" {
		return nil, nil
	}
	return baseline.Load(f.baseline)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// validatePSS checks the Pod Security Standards flags when a level is set.
func validatePSS(level, version string) error {
	if level == "" {
		return nil
	}
	_, err := pss.ParseOptions(level, version)
	return err
}

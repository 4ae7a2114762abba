package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/baseline"
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/pss"
	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/frameworks"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/source/helm"
)

type scanFlags struct {
	reportFlags
	pssLevel    string
	pssVersion  string
	helm        helm.Options
	namespaces  []string
	cluster     bool
	clusterOpts cluster.Options
	frameworks  []string
	baseline    string
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
	f.register(fl, "check")
	fl.StringVar(&f.pssLevel, "pss-level", "", "also evaluate the Pod Security Standards at this level: baseline or restricted")
	fl.StringVar(&f.pssVersion, "pss-version", "latest", "Pod Security Standards version: v1.N or latest")
	fl.StringArrayVarP(&f.helm.ValuesFiles, "values", "f", nil, "Helm values file (repeatable)")
	fl.StringArrayVar(&f.helm.Set, "set", nil, "Helm value key=value (repeatable)")
	fl.StringArrayVar(&f.helm.SetString, "set-string", nil, "Helm string value key=value (repeatable)")
	fl.StringVar(&f.helm.ReleaseName, "release-name", "", "Helm release name (default release-name)")
	fl.StringArrayVarP(&f.namespaces, "namespace", "n", nil, "cluster: namespaces to scan (repeatable; default all); Helm: the release namespace (default default)")
	fl.BoolVar(&f.cluster, "cluster", false, "scan the live cluster (the default when no PATH is given)")
	fl.StringVar(&f.clusterOpts.Kubeconfig, "kubeconfig", "", "kubeconfig file (default $KUBECONFIG or ~/.kube/config; in-cluster config in a pod)")
	fl.StringVar(&f.clusterOpts.Context, "context", "", "kubeconfig context (default the current context)")
	fl.StringSliceVar(&f.clusterOpts.ExcludeNamespaces, "exclude-namespaces", nil, "namespaces not to scan (comma-separated or repeatable)")
	fl.DurationVar(&f.clusterOpts.RequestTimeout, "request-timeout", cluster.DefaultRequestTimeout, "timeout of each request to the API server")
	fl.Float32Var(&f.clusterOpts.QPS, "qps", 0, "requests per second to the API server (default 50)")
	fl.IntVar(&f.clusterOpts.Burst, "burst", 0, "request burst to the API server (default 100)")
	fl.StringSliceVar(&f.frameworks, "framework", nil, "score a compliance framework: CIS-1.12, NSA, MITRE, PSS (repeatable or comma-separated; palisade frameworks lists them)")
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
	clusterOpts, err := f.target(args, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	base, err := f.analyses()
	if err != nil {
		return err
	}
	rep, err := scan.RunContext(cmd.Context(), scan.Options{
		Paths: args, Stdin: cmd.InOrStdin(), Helm: f.helm, Cluster: clusterOpts, Config: setup.cfg,
		Check: check.Options{PSSLevel: f.pssLevel, PSSVersion: f.pssVersion},
		Only:  f.only, IncludePassed: f.all, Version: version,
		Frameworks: f.frameworks, Baseline: base,
	})
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

// target decides between a file scan and a cluster scan, and spreads
// --namespace to the one that uses it.
func (f *scanFlags) target(args []string, stderr io.Writer) (*cluster.Options, error) {
	if len(args) > 0 && !f.cluster {
		switch len(f.namespaces) {
		case 0:
		case 1:
			f.helm.Namespace = f.namespaces[0]
		default:
			return nil, fmt.Errorf("--namespace is given %d times: a Helm release has one namespace", len(f.namespaces))
		}
		return nil, nil
	}
	if len(args) > 0 {
		return nil, fmt.Errorf("--cluster scans the live cluster and takes no PATH (got %s)", strings.Join(args, " "))
	}
	opts := f.clusterOpts
	opts.Namespaces = f.namespaces
	if isTerminal(stderr) {
		opts.Progress = progressLine(stderr)
	}
	return &opts, nil
}

// progressLine shows the progress of a cluster read on one terminal line.
func progressLine(w io.Writer) func(cluster.Progress) {
	return func(p cluster.Progress) {
		fmt.Fprintf(w, "\r\033[Kreading the cluster: %d/%d lists, %d objects (%s)", p.ListsDone, p.ListsTotal, p.Objects, p.Resource)
		if p.ListsDone == p.ListsTotal {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

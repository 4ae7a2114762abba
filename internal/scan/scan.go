// Package scan is the library behind `palisade scan`: it loads the inputs,
// runs the checks and returns the report. Commands stay thin over it.
package scan

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/palisade-dev/palisade/internal/baseline"
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/checks/controlplane"
	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/exception"
	"github.com/palisade-dev/palisade/internal/fix"
	"github.com/palisade-dev/palisade/internal/frameworks"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/risk"
	"github.com/palisade-dev/palisade/internal/source"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/source/helm"
)

// Options configure a scan.
type Options struct {
	Paths []string
	Stdin io.Reader
	// Helm configures the rendering of Helm charts found among the paths.
	Helm helm.Options
	// Cluster, when set, scans the live cluster it names instead of paths.
	Cluster *cluster.Options
	// Inventory, when set, is scanned instead of reading paths or a
	// cluster: a source of its own (a node, probes) loaded by the caller.
	Inventory *inventory.Inventory
	Check     check.Options
	// Only limits the scan to these check IDs.
	Only   []string
	Config *config.Config
	// IncludePassed keeps passing results in the report.
	IncludePassed bool
	// Now judges exception expiry (time.Now when zero).
	Now     time.Time
	Version string
	// Frameworks are the compliance frameworks to score (--framework).
	Frameworks []string
	// Baseline, when set, marks findings new or existing (--baseline).
	Baseline *baseline.Baseline
}

// Run scans the inputs and returns the report. An error means nothing
// could be scanned (an unreachable cluster, an invalid registry); inputs
// that could not be read are reported in the report instead.
func Run(opts Options) (*report.Report, error) {
	return RunContext(context.Background(), opts)
}

// RunContext is Run with a context that bounds a cluster scan.
func RunContext(ctx context.Context, opts Options) (*report.Report, error) {
	start := time.Now()
	reg, err := checks.Registry()
	if err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = start
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = &config.Config{}
	}
	if len(opts.Check.AllowedRegistries) == 0 {
		opts.Check.AllowedRegistries = cfg.AllowedRegistries
	}
	inv, err := Load(ctx, opts)
	if err != nil {
		return nil, err
	}
	rep := engine.Run(inv, engine.Options{
		Registry:   reg,
		Check:      opts.Check,
		Only:       opts.Only,
		Exceptions: exception.New(cfg, opts.Now),
		// Framework scores count passing resources too.
		IncludePassed: opts.IncludePassed || len(opts.Frameworks) > 0,
		Version:       opts.Version,
	})
	if err := frameworks.Apply(rep, opts.Frameworks, reg.All(), opts.IncludePassed); err != nil {
		return nil, err
	}
	// Risk and fixes fill different fields of the findings (Risk, Fix)
	// from the same inventory: they run side by side.
	var ranked sync.WaitGroup
	ranked.Go(func() { risk.Rank(rep, inv) })
	fix.Annotate(rep, inv)
	ranked.Wait()
	baseline.Mark(rep, opts.Baseline)
	rep.Summary.Benchmark = benchmark(inv)
	rep.Summary.DurationMS = time.Since(start).Milliseconds()
	return rep, nil
}

// Load reads the inventory from the cluster or from the paths, as a scan
// would, for commands that query it (rbac, netpol) rather than run checks.
func Load(ctx context.Context, opts Options) (*inventory.Inventory, error) {
	if opts.Inventory != nil {
		return opts.Inventory, nil
	}
	if opts.Cluster == nil {
		return source.Load(opts.Paths, source.Options{Stdin: opts.Stdin, Renderers: renderers(opts.Helm)}), nil
	}
	cfg, err := cluster.RESTConfig(*opts.Cluster)
	if err != nil {
		return nil, err
	}
	res, err := cluster.Load(ctx, cfg, *opts.Cluster)
	if err != nil {
		return nil, err
	}
	return res.Inventory, nil
}

// benchmark names the CIS benchmark the control-plane checks judged
// against, chosen from the Kubernetes version, for scans of a cluster or of
// a control plane's manifests; "" for other file scans.
func benchmark(inv *inventory.Inventory) string {
	v := controlplane.DetectVersion(inv)
	if inv.Cluster == nil && v == "" {
		return ""
	}
	b, err := controlplane.SelectBenchmark("", v)
	if err != nil {
		return ""
	}
	return b
}

package probe

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	probechecks "github.com/palisade-dev/palisade/internal/checks/probe"
	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/probe/endpoint"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/scan"
)

// Options configure a probe run.
type Options struct {
	Targets []Target
	Collect CollectOptions
	// Only limits the run to these probe check IDs.
	Only []string
	// Config holds the exceptions; nil for none.
	Config *config.Config
	// IncludePassed keeps passing and not-applicable results.
	IncludePassed bool
	// Now judges exception expiry (time.Now when zero).
	Now     time.Time
	Version string
}

// Run probes the targets and judges what they answered with the probe
// checks. An error means nothing was probed (an unknown check ID);
// unreachable targets are findings that are not checked, with the reason,
// and entries of the report's coverage.
func Run(ctx context.Context, opts Options) (*report.Report, error) {
	ids, err := checkIDs(opts.Only)
	if err != nil {
		return nil, err
	}
	if opts.Collect.UserAgent == "" {
		opts.Collect.UserAgent = "palisade-probe/" + opts.Version
	}
	inv := Inventory(Collect(ctx, opts.Targets, opts.Collect))
	return scan.RunContext(ctx, scan.Options{Inventory: inv, Only: ids, Config: opts.Config,
		IncludePassed: opts.IncludePassed, Now: opts.Now, Version: opts.Version})
}

// checkIDs returns the probe checks to run: all of them, or those of only,
// which must all be probe checks.
func checkIDs(only []string) ([]string, error) {
	var all []string
	for _, c := range probechecks.Checks() {
		all = append(all, c.ID)
	}
	if len(only) == 0 {
		return all, nil
	}
	for _, id := range only {
		if !slices.Contains(all, id) {
			return nil, fmt.Errorf("--check %s is not a probe check (probe checks: %s)", id, strings.Join(all, ", "))
		}
	}
	return only, nil
}

// CoverageUnreachable is the coverage status of a target that could not
// be probed.
const CoverageUnreachable = "unreachable"

// Unreachable counts the targets of a probe's report that could not be
// probed.
func Unreachable(rep *report.Report) int {
	n := 0
	for _, c := range rep.Coverage {
		if c.Status == CoverageUnreachable {
			n++
		}
	}
	return n
}

// Inventory holds the endpoints as objects, in order, and records every
// target that could not be probed in its coverage.
func Inventory(eps []*endpoint.Endpoint) *inventory.Inventory {
	objs := make([]*inventory.Object, 0, len(eps))
	var cov []inventory.Coverage
	for _, e := range eps {
		objs = append(objs, e.Object())
		if e.Status.Error != "" {
			cov = append(cov, inventory.Coverage{Resource: fmt.Sprintf("%s %s", e.Spec.Component, e.Name),
				Status: CoverageUnreachable, Message: e.Status.Error})
		}
	}
	inv := inventory.New(objs, nil)
	inv.Coverage = cov
	return inv
}

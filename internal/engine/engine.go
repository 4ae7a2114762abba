// Package engine runs the registered checks over an inventory, applies
// exceptions, and builds the report.
package engine

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Excepter decides whether a failing finding is excepted, and why. The
// engine calls it from several goroutines at once.
type Excepter interface {
	Except(f *report.Finding, obj *inventory.Object) *report.Exception
}

// Options configure one run.
type Options struct {
	Registry *check.Registry
	Check    check.Options
	// Only, when not empty, limits the run to these check IDs.
	Only []string
	// Exceptions may be nil.
	Exceptions Excepter
	// IncludePassed keeps pass and not-applicable results in the report.
	IncludePassed bool
	Version       string
}

// Run runs every enabled check concurrently and returns the report.
func Run(inv *inventory.Inventory, opts Options) *report.Report {
	start := time.Now()
	checks := enabled(opts)
	perCheck := make([][]located, len(checks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, c := range checks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			// Findings are built (located in the source, exceptions applied)
			// in the check's goroutine: on a large inventory that is as much
			// work as the check itself.
			perCheck[i] = findings(c, runOne(c, inv, &opts.Check, opts.IncludePassed), opts)
		}()
	}
	wg.Wait()

	rep := &report.Report{
		Tool:     report.Tool{Name: "palisade", Version: opts.Version},
		Findings: []report.Finding{},
		Errors:   append([]report.Error{}, inv.Errors...),
		Coverage: append([]report.Coverage{}, inv.Coverage...),
	}
	rep.Summary.Failed = map[check.Severity]int{}
	total := 0
	for _, fs := range perCheck {
		total += len(fs)
	}
	rep.Findings = make([]report.Finding, 0, total)
	objs := make([]*inventory.Object, 0, total)
	for i, c := range checks {
		rep.Checks = append(rep.Checks, c.Meta)
		for _, lf := range perCheck[i] {
			rep.Findings = append(rep.Findings, lf.f)
			objs = append(objs, lf.obj)
			count(&rep.Summary, lf.f)
		}
	}
	locate(rep.Findings, objs)
	sortFindings(rep.Findings, objs)
	rep.Summary.Objects = len(inv.Objects)
	rep.Summary.Errors = len(rep.Errors)
	rep.Summary.Checks = len(checks)
	rep.Summary.Cluster = report.NewClusterSummary(inv.Cluster)
	rep.Summary.DurationMS = time.Since(start).Milliseconds()
	return rep
}

// located is a finding to report and the object it is about.
type located struct {
	f   report.Finding
	obj *inventory.Object
}

// findings turns a check's results into the findings to report.
func findings(c *check.Check, results []check.Result, opts Options) []located {
	out := make([]located, 0, len(results))
	for _, r := range results {
		if f, keep := finding(c, r, opts); keep {
			out = append(out, located{f: f, obj: r.Object})
		}
	}
	return out
}

func enabled(opts Options) []*check.Check {
	var out []*check.Check
	only := map[string]bool{}
	for _, id := range opts.Only {
		only[id] = true
	}
	for _, c := range opts.Registry.All() {
		if len(only) > 0 && !only[c.ID] {
			continue
		}
		if c.OptIn && !only[c.ID] && !(c.Category == "pss" && opts.Check.PSSLevel != "") {
			continue
		}
		out = append(out, c)
	}
	return out
}

// runOne runs a check and turns a panic into a not-checked result, so one
// faulty check never hides the others. Unless keepPassed, results that are
// never reported (most of them: passes) are dropped at once, before they
// cost memory and a lookup of their source location.
func runOne(c *check.Check, inv *inventory.Inventory, opts *check.Options, keepPassed bool) (out []check.Result) {
	defer func() {
		if p := recover(); p != nil {
			out = append(out, check.Result{Status: check.NotChecked, Message: fmt.Sprintf("check %s failed: %v", c.ID, p)})
		}
	}()
	c.Run(inv, opts, func(r check.Result) {
		if r.Status == "" {
			r.Status = check.Fail
		}
		if !keepPassed && !reported(r.Status) {
			return
		}
		out = append(out, r)
	})
	return out
}

func finding(c *check.Check, r check.Result, opts Options) (report.Finding, bool) {
	f := report.Finding{
		Check:       report.CheckRef{ID: c.ID, Title: c.Title, Severity: c.Severity, Frameworks: c.Frameworks},
		Status:      r.Status,
		Path:        r.Path,
		Message:     r.Message,
		Remediation: c.Remediation,
	}
	if r.Severity != "" {
		f.Check.Severity = r.Severity
	}
	if r.Object != nil {
		f.Resource = r.Object.Ref()
	}
	if f.Status == check.Fail && opts.Exceptions != nil {
		if ex := opts.Exceptions.Except(&f, r.Object); ex != nil {
			f.Status, f.Exception = check.Excepted, ex
		}
	}
	return f, reported(f.Status) || opts.IncludePassed
}

// reported tells the statuses that are reported even without IncludePassed.
// Exceptions only turn Fail into Excepted, so a result whose status is not
// reported never becomes a reported finding.
func reported(s check.Status) bool {
	return s == check.Fail || s == check.Excepted || s == check.NotChecked
}

func count(s *report.Summary, f report.Finding) {
	switch f.Status {
	case check.Fail:
		s.Failed[f.Check.Severity]++
	case check.Excepted:
		s.Excepted++
	case check.Pass:
		s.Passed++
	}
}

// sortFindings orders findings by source order of their object, then by
// position in the file, then by check ID, so reports are deterministic.
// Findings arrive check by check and the checks run in ID order, so for
// one object and line their arrival index already orders them by check ID
// and keeps each check's own order: no string comparison is needed. It
// sorts small keys, not findings: moving whole findings costs more.
func sortFindings(fs []report.Finding, objs []*inventory.Object) {
	type key struct{ obj, line, i int }
	ks := make([]key, len(fs))
	for i, f := range fs {
		ks[i] = key{obj: -1, i: i}
		if objs[i] != nil {
			ks[i].obj = objs[i].Index
		}
		if f.Location != nil {
			ks[i].line = f.Location.Line
		}
	}
	slices.SortFunc(ks, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.obj, b.obj), cmp.Compare(a.line, b.line), cmp.Compare(a.i, b.i))
	})
	sorted := make([]report.Finding, len(fs))
	for j, k := range ks {
		sorted[j] = fs[k.i]
	}
	copy(fs, sorted)
}

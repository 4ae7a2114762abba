// Package engine runs the registered checks over an inventory, applies
// exceptions, and builds the report.
package engine

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Excepter decides whether a failing finding is excepted, and why.
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
	perCheck := make([][]check.Result, len(checks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, c := range checks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			perCheck[i] = runOne(c, inv, &opts.Check)
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
	var objs []*inventory.Object
	for i, c := range checks {
		rep.Checks = append(rep.Checks, c.Meta)
		for _, r := range perCheck[i] {
			f, keep := finding(c, r, opts)
			if !keep {
				continue
			}
			rep.Findings = append(rep.Findings, f)
			objs = append(objs, r.Object)
			count(&rep.Summary, f)
		}
	}
	sortFindings(rep.Findings, objs)
	rep.Summary.Objects = len(inv.Objects)
	rep.Summary.Errors = len(rep.Errors)
	rep.Summary.Checks = len(checks)
	rep.Summary.DurationMS = time.Since(start).Milliseconds()
	return rep
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
// faulty check never hides the others.
func runOne(c *check.Check, inv *inventory.Inventory, opts *check.Options) (out []check.Result) {
	defer func() {
		if p := recover(); p != nil {
			out = append(out, check.Result{Status: check.NotChecked, Message: fmt.Sprintf("check %s failed: %v", c.ID, p)})
		}
	}()
	c.Run(inv, opts, func(r check.Result) {
		if r.Status == "" {
			r.Status = check.Fail
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
	if r.Object != nil {
		f.Resource = r.Object.Ref()
		loc := r.Object.Locate(r.Path)
		if loc != (inventory.Location{}) {
			f.Location = &loc
		}
	}
	if f.Status == check.Fail && opts.Exceptions != nil {
		if ex := opts.Exceptions.Except(&f, r.Object); ex != nil {
			f.Status, f.Exception = check.Excepted, ex
		}
	}
	keep := f.Status == check.Fail || f.Status == check.Excepted || f.Status == check.NotChecked || opts.IncludePassed
	return f, keep
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
func sortFindings(fs []report.Finding, objs []*inventory.Object) {
	type keyed struct {
		f         report.Finding
		obj, line int
	}
	ks := make([]keyed, len(fs))
	for i, f := range fs {
		ks[i] = keyed{f: f, obj: -1}
		if objs[i] != nil {
			ks[i].obj = objs[i].Index
		}
		if f.Location != nil {
			ks[i].line = f.Location.Line
		}
	}
	sort.SliceStable(ks, func(a, b int) bool {
		x, y := ks[a], ks[b]
		if x.obj != y.obj {
			return x.obj < y.obj
		}
		if x.line != y.line {
			return x.line < y.line
		}
		return x.f.Check.ID < y.f.Check.ID
	})
	for i := range ks {
		fs[i] = ks[i].f
	}
}

// Package manifests is the library behind `palisade fix`: it scans the
// paths, works out the remedy of every failing finding, and edits the
// manifest files in place as minimal text edits. Objects rendered from a
// Helm chart or a Kustomize overlay are never edited: their fixes are
// returned as snippets to apply to the chart or overlay by hand.
package manifests

import (
	"context"
	"fmt"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/fix"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/scan"
)

// Options configure a fix run.
type Options struct {
	// Scan says what to read and which checks to run (Paths, Helm,
	// Config, Check, Only); a cluster or standard input is refused.
	Scan scan.Options
	// IncludeRisky also applies the remedies that can change what the
	// workload does.
	IncludeRisky bool
}

// Result is what a fix run changed, or would change, and what it left.
type Result struct {
	// Files are the files with changes, in the order they were read.
	Files []*File
	// Fixed are the findings the changes resolve.
	Fixed []Item
	// Skipped are findings with a remedy that was not applied: risky ones
	// without IncludeRisky, objects from charts and overlays (with the
	// snippet to apply there), and edits that could not be made safely.
	Skipped []Item
	// NoFix counts failing findings of checks with no automatic fix, or
	// with none for this case (their reasons are in Unfixable).
	NoFix     int
	Unfixable []Item
	// Errors are inputs that could not be read.
	Errors []report.Error
}

// File is one manifest file and its new content.
type File struct {
	Path     string
	Old, New []byte
}

// Item is one finding and what happened to it.
type Item struct {
	Finding report.Finding
	Remedy  fix.Remedy
	// Reason says why a finding was skipped.
	Reason string
	// Snippet is the YAML to apply by hand, for skipped findings.
	Snippet string
}

// Plan scans the inputs and computes every change; it writes nothing.
func Plan(ctx context.Context, opts Options) (*Result, error) {
	if opts.Scan.Cluster != nil {
		return nil, fmt.Errorf("fix edits manifest files; it cannot fix a live cluster")
	}
	for _, p := range opts.Scan.Paths {
		if p == "-" {
			return nil, fmt.Errorf("fix edits files in place; standard input (-) cannot be fixed")
		}
	}
	inv, err := scan.Load(ctx, opts.Scan)
	if err != nil {
		return nil, err
	}
	rep, err := run(ctx, inv, opts.Scan)
	if err != nil {
		return nil, err
	}
	res := &Result{Errors: rep.Errors}
	p := planner{inv: inv, idx: fix.NewIndex(inv), res: res, risky: opts.IncludeRisky, docs: map[docKey]*docPlan{}}
	for _, f := range rep.Findings {
		if f.Status == check.Fail {
			p.finding(f)
		}
	}
	p.edit()
	return res, nil
}

// run runs the checks as a scan would (same registry, options and
// exceptions), so that excepted findings are never fixed.
func run(ctx context.Context, inv *inventory.Inventory, opts scan.Options) (*report.Report, error) {
	opts.Inventory = inv
	return scan.RunContext(ctx, opts)
}

// planner sorts findings into remedies to apply, per document, and the rest.
type planner struct {
	inv   *inventory.Inventory
	idx   *fix.Index
	res   *Result
	risky bool
	docs  map[docKey]*docPlan
	order []docKey
}

type docKey struct {
	file string
	line int // the line the document starts on
}

// docPlan is the remedies for the objects of one document.
type docPlan struct {
	obj   []*inventory.Object
	items []Item
}

func (p *planner) finding(f report.Finding) {
	obj := p.idx.Object(f)
	if obj == nil {
		return
	}
	r, err := fix.For(p.inv, obj, f.Check.ID, f.Path)
	if err != nil {
		p.res.NoFix++
		if fix.Has(f.Check.ID) {
			p.res.Unfixable = append(p.res.Unfixable, Item{Finding: f, Reason: err.Error()})
		}
		return
	}
	it := Item{Finding: f, Remedy: r}
	switch {
	case obj.Source != "file" || obj.Text == nil:
		it.Reason = renderedReason(obj)
		it.Snippet = fix.Snippet(fix.Tree(obj), r.Ops)
		p.res.Skipped = append(p.res.Skipped, it)
	case r.Risky && !p.risky:
		it.Reason = "risky: " + r.Why + " (apply with --include-risky)"
		p.res.Skipped = append(p.res.Skipped, it)
	default:
		k := docKey{file: obj.Location.File, line: obj.Text.Chunk.Line}
		d := p.docs[k]
		if d == nil {
			d = &docPlan{}
			p.docs[k] = d
			p.order = append(p.order, k)
		}
		d.obj = append(d.obj, obj)
		d.items = append(d.items, it)
	}
}

func renderedReason(obj *inventory.Object) string {
	switch obj.Source {
	case "helm":
		return "rendered by the Helm chart at " + obj.Location.File + ": not edited; change the chart's values or template so that it renders this"
	case "kustomize":
		return "built by Kustomize from " + obj.Location.File + ": not edited; add this to the overlay as a patch"
	case "stdin":
		return "read from standard input: not edited"
	}
	return "has no source text to edit"
}

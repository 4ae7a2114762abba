package baseline

import (
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// entry is what the baseline remembers of a fingerprint: how many
// findings had it, and what they were about, to tell whether the new scan
// looked again.
type entry struct {
	n     int
	check string
	ref   inventory.Ref
	file  string // the finding's file, slash-separated; "" when none
}

func entryOf(f *report.Finding) *entry {
	e := &entry{check: f.Check.ID, ref: f.Resource}
	if f.Location != nil {
		e.file = slashed(f.Location.File)
	}
	return e
}

func slashed(file string) string { return strings.ReplaceAll(file, `\`, "/") }

// rechecked tells, of a baseline finding gone from a report, whether the
// report looked again: its check ran and decided on the resource, and the
// resource's input was read. Otherwise the finding is not fixed, only
// unseen.
type rechecked struct {
	ran       map[string]bool
	undecided map[checkRef]bool // not-checked results; a zero ref for a whole check
	errFiles  map[string]bool
	gaps      []report.Coverage
}

type checkRef struct {
	check string
	ref   inventory.Ref
}

func newRechecked(rep *report.Report) *rechecked {
	r := &rechecked{ran: map[string]bool{}, undecided: map[checkRef]bool{}, errFiles: map[string]bool{}}
	for _, m := range rep.Checks {
		r.ran[m.ID] = true
	}
	for i := range rep.Findings {
		if f := &rep.Findings[i]; f.Status == check.NotChecked {
			r.undecided[checkRef{f.Check.ID, f.Resource}] = true
		}
	}
	for _, e := range rep.Errors {
		r.errFiles[slashed(e.File)] = true
	}
	for _, c := range rep.Coverage {
		if c.Status != "skipped" { // skipped documents are not Kubernetes objects
			r.gaps = append(r.gaps, c)
		}
	}
	return r
}

// covers reports whether the report looked again at what e is about.
func (r *rechecked) covers(e *entry) bool {
	switch {
	case !r.ran[e.check], r.undecided[checkRef{e.check, e.ref}], r.undecided[checkRef{check: e.check}]:
		return false
	case e.file != "" && r.errFiles[e.file]:
		return false
	}
	for _, g := range r.gaps {
		if unread(g, e.ref) {
			return false
		}
	}
	return true
}

// unread reports whether a coverage gap may hide the resource: it names
// the object, or it is a LIST of the resource's kind, cluster-wide or in
// its namespace ("deployments.apps in namespace shop").
func unread(g report.Coverage, ref inventory.Ref) bool {
	if g.Kind != "" {
		return g.Kind == ref.Kind && g.Name == ref.Name
	}
	gv, err := schema.ParseGroupVersion(ref.APIVersion)
	if err != nil || ref.Kind == "" {
		return false
	}
	plural, _ := meta.UnsafeGuessKindToResource(gv.WithKind(ref.Kind))
	what := plural.Resource
	if gv.Group != "" {
		what += "." + gv.Group
	}
	list, ns, inNamespace := strings.Cut(g.Resource, " in namespace ")
	return list == what && (!inNamespace || ns == ref.Namespace)
}

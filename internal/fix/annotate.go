package fix

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/fix/yamledit"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

// Annotate fills the Fix of every failing finding that has an automatic
// fix: what it does, the YAML to change, and whether it is risky. Findings
// are grouped by object, so each object's source is parsed once, and the
// objects are spread over the cores.
func Annotate(rep *report.Report, inv *inventory.Inventory) {
	idx := NewIndex(inv)
	var g inventory.Groups
	// Findings are read through pointers, field by field: risk.Rank may
	// fill their Risk meanwhile.
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Status != check.Fail {
			continue
		}
		if !Has(f.Check.ID) {
			continue
		}
		g.Add(idx.of(f), i)
	}
	g.Each(func(obj *inventory.Object, items []int) {
		annotateObject(rep.Findings, items, inv, obj)
	})
}

// annotateObject fills the fixes of the findings (by index) of one object.
func annotateObject(fs []report.Finding, which []int, inv *inventory.Inventory, obj *inventory.Object) {
	var tree *yamltree.Node
	for _, i := range which {
		f := &fs[i]
		r, err := For(inv, obj, f.Check.ID, f.Path)
		if err != nil {
			continue
		}
		if tree == nil {
			if tree = Tree(obj); tree == nil {
				tree = &yamltree.Node{Kind: yamltree.MappingNode}
			}
		}
		f.Fix = &report.Fix{Description: describe(r, obj), Snippet: Snippet(tree, r.Ops), Risky: r.Risky}
	}
}

// describe adds to a remedy's description where the change must be made
// when the object was rendered from a chart or an overlay.
func describe(r Remedy, obj *inventory.Object) string {
	d := r.Description
	if r.Risky && r.Why != "" {
		d += " (risky: " + r.Why + ")"
	}
	switch obj.Source {
	case "helm":
		d += "; the object is rendered by a Helm chart: change its values or template so that it renders this"
	case "kustomize":
		d += "; the object is built by Kustomize: add this as a patch to the overlay"
	}
	return d
}

// Snippet is the YAML that shows a fix: the fields it sets, or the lists
// it changes, with the path from the object's root (see
// yamledit.Preview); "" when the operations do not apply to tree.
func Snippet(tree *yamltree.Node, ops []yamledit.Op) string {
	if tree == nil {
		return ""
	}
	s, err := yamledit.Preview(tree, ops)
	if err != nil {
		return ""
	}
	return s
}

// Tree is the object as a YAML tree: from its source text where it has
// one, else from its decoded form (rendered charts, cluster objects).
func Tree(obj *inventory.Object) *yamltree.Node {
	if n := obj.Tree(); n != nil {
		return n
	}
	if obj.Typed == nil {
		return nil
	}
	data, err := json.Marshal(obj.Typed)
	if err != nil {
		return nil
	}
	doc, err := yamltree.ParseDocument(yamltree.Chunk{Data: data, Line: 1})
	if err != nil {
		return nil
	}
	return doc.Root
}

// Index finds the object a finding is about.
type Index struct {
	byRef map[refKey][]*inventory.Object
}

type refKey struct {
	file string
	ref  inventory.Ref
}

// NewIndex indexes the objects of an inventory by file and identity.
func NewIndex(inv *inventory.Inventory) *Index {
	idx := &Index{byRef: map[refKey][]*inventory.Object{}}
	for _, o := range inv.Objects {
		k := refKey{file: o.Location.File, ref: o.Ref()}
		idx.byRef[k] = append(idx.byRef[k], o)
	}
	return idx
}

// Object returns the object of a finding: the one of its identity in its
// file, and of several such (a file that repeats an object), the last that
// starts at or before the finding's line.
func (idx *Index) Object(f report.Finding) *inventory.Object { return idx.of(&f) }

func (idx *Index) of(f *report.Finding) *inventory.Object {
	file := ""
	if f.Location != nil {
		file = f.Location.File
	}
	cands := idx.byRef[refKey{file: file, ref: f.Resource}]
	if len(cands) <= 1 || f.Location == nil {
		if len(cands) == 0 {
			return nil
		}
		return cands[0]
	}
	best := cands[0]
	for _, o := range cands {
		if o.Location.Line <= f.Location.Line {
			best = o
		}
	}
	return best
}

// String describes a remedy for logs and tests.
func (r Remedy) String() string {
	var ops []string
	for _, op := range r.Ops {
		ops = append(ops, op.String())
	}
	risk := "safe"
	if r.Risky {
		risk = "risky"
	}
	return fmt.Sprintf("%s [%s]: %s", risk, strings.Join(ops, "; "), r.Description)
}

package manifests

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/palisade-dev/palisade/internal/fix/yamledit"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

// edit makes the planned changes, file by file and document by document.
// Each finding's remedy is tried on its own: one that cannot be written
// safely is skipped with the reason, and the others still apply.
func (p *planner) edit() {
	files := map[string]*File{}
	chunks := map[string]map[int]yamltree.Chunk{}
	edits := map[string][]yamledit.Edit{}
	for _, k := range p.order {
		d := p.docs[k]
		f, ok := files[k.file]
		if !ok {
			data, err := os.ReadFile(k.file)
			if err != nil {
				p.skipAll(d, fmt.Sprintf("reading %s: %v", k.file, err))
				continue
			}
			f = &File{Path: k.file, Old: data}
			files[k.file] = f
			chunks[k.file] = map[int]yamltree.Chunk{}
			for _, c := range yamltree.Split(data) {
				chunks[k.file][c.Line] = c
			}
			p.res.Files = append(p.res.Files, f)
		}
		c, ok := chunks[k.file][k.line]
		if !ok || !bytes.Equal(c.Data, d.obj[0].Text.Chunk.Data) {
			p.skipAll(d, k.file+" changed while it was being fixed")
			continue
		}
		edits[k.file] = append(edits[k.file], p.editDoc(f.Old, c, d)...)
	}
	kept := p.res.Files[:0]
	for _, f := range p.res.Files {
		es := edits[f.Path]
		slices.SortStableFunc(es, func(a, b yamledit.Edit) int { return a.Start - b.Start })
		f.New = yamledit.Apply(f.Old, es)
		if !bytes.Equal(f.New, f.Old) {
			kept = append(kept, f)
		}
	}
	p.res.Files = kept
}

// editDoc tries the remedies of one document in finding order.
func (p *planner) editDoc(src []byte, c yamltree.Chunk, d *docPlan) []yamledit.Edit {
	doc, err := yamledit.Open(src, c)
	if err != nil {
		p.skipAll(d, err.Error())
		return nil
	}
	done := map[string]bool{} // operations already made, per object
	for i, it := range d.items {
		prefix := d.obj[i].Text.Prefix
		var ops []yamledit.Op
		for _, op := range it.Remedy.Ops {
			if key := prefix + "\x00" + op.String(); !done[key] {
				ops = append(ops, op)
			}
		}
		if len(ops) > 0 {
			if err := doc.Try(prefix, ops); err != nil {
				it.Reason = "the change could not be made safely: " + err.Error()
				p.res.Skipped = append(p.res.Skipped, it)
				continue
			}
		}
		for _, op := range ops {
			done[prefix+"\x00"+op.String()] = true
		}
		p.res.Fixed = append(p.res.Fixed, it)
	}
	return doc.Edits()
}

func (p *planner) skipAll(d *docPlan, reason string) {
	for _, it := range d.items {
		it.Reason = reason
		p.res.Skipped = append(p.res.Skipped, it)
	}
}

// Write writes every changed file in place, keeping its permissions.
func (r *Result) Write() error {
	for _, f := range r.Files {
		info, err := os.Stat(f.Path)
		if err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
		if err := os.WriteFile(f.Path, f.New, info.Mode().Perm()); err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
	}
	return nil
}

// Diff is the unified diff of the file's change.
func (f *File) Diff() string {
	s, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(f.Old)), B: difflib.SplitLines(string(f.New)),
		FromFile: "a/" + strings.TrimPrefix(f.Path, "/"), ToFile: "b/" + strings.TrimPrefix(f.Path, "/"), Context: 3,
	})
	if err != nil {
		return fmt.Sprintf("diff of %s: %v\n", f.Path, err) // writes to a strings.Builder: never expected
	}
	return s
}

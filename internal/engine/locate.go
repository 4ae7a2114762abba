package engine

import (
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// locate fills in the source location of every finding. Findings are
// grouped by object so that each object's source is parsed once, and
// objects are spread over the cores; no position tree outlives its object.
func locate(fs []report.Finding, objs []*inventory.Object) {
	var g inventory.Groups
	for i, o := range objs {
		g.Add(o, i)
	}
	g.Each(func(o *inventory.Object, items []int) {
		at := o.Locator()
		for _, i := range items {
			if loc := at(fs[i].Path); loc != (inventory.Location{}) {
				fs[i].Location = &loc
			}
		}
	})
}

package engine

import (
	"runtime"
	"sync"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// locate fills in the source location of every finding. Findings are
// grouped by object so that each object's source is parsed once, and
// objects are spread over the cores; no position tree outlives its object.
func locate(fs []report.Finding, objs []*inventory.Object) {
	byObj := map[*inventory.Object][]int{}
	var order []*inventory.Object
	for i, o := range objs {
		if o == nil {
			continue
		}
		if _, seen := byObj[o]; !seen {
			order = append(order, o)
		}
		byObj[o] = append(byObj[o], i)
	}
	next := make(chan *inventory.Object, len(order))
	for _, o := range order {
		next <- o
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range next {
				at := o.Locator()
				for _, i := range byObj[o] {
					if loc := at(fs[i].Path); loc != (inventory.Location{}) {
						fs[i].Location = &loc
					}
				}
			}
		}()
	}
	wg.Wait()
}

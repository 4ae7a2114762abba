package inventory

import (
	"runtime"
	"sync"
)

// Groups gathers items (findings, by index) by the object they are about,
// so that work done once per object (parsing its source) is done once,
// and spreads the objects over the cores.
type Groups struct {
	order []*Object
	items map[*Object][]int
}

// Add files item i under o; a nil object is skipped.
func (g *Groups) Add(o *Object, i int) {
	if o == nil {
		return
	}
	if g.items == nil {
		g.items = map[*Object][]int{}
	}
	if _, seen := g.items[o]; !seen {
		g.order = append(g.order, o)
	}
	g.items[o] = append(g.items[o], i)
}

// Each calls fn with every object and its items, in the order added,
// GOMAXPROCS objects at a time. fn must only touch its own items.
func (g *Groups) Each(fn func(o *Object, items []int)) {
	next := make(chan *Object, len(g.order))
	for _, o := range g.order {
		next <- o
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(g.order)) {
		wg.Go(func() {
			for o := range next {
				fn(o, g.items[o])
			}
		})
	}
	wg.Wait()
}

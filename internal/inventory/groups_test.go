package inventory

import (
	"slices"
	"sync"
	"testing"
)

func TestGroups(t *testing.T) {
	a, b := &Object{Name: "a"}, &Object{Name: "b"}
	var g Groups
	for i, o := range []*Object{a, b, nil, a, b, a} {
		g.Add(o, i)
	}
	var mu sync.Mutex
	got := map[string][]int{}
	g.Each(func(o *Object, items []int) {
		mu.Lock()
		defer mu.Unlock()
		got[o.Name] = items
	})
	if !slices.Equal(got["a"], []int{0, 3, 5}) || !slices.Equal(got["b"], []int{1, 4}) || len(got) != 2 {
		t.Errorf("groups = %v", got)
	}
	var empty Groups
	empty.Each(func(*Object, []int) { t.Error("no object, no call") })
}

package inventory

import "sync"

// derivedEntry is one view computed once per inventory.
type derivedEntry struct {
	once  sync.Once
	value any
}

// Derived returns the view named by key, computing it with compute the
// first time any caller asks. Checks run concurrently; each view is
// computed once and shared (for example the Pod Security Standards
// verdicts of every pod template, or later the RBAC graph). The key should
// be a comparable value of a type private to the caller's package.
func (inv *Inventory) Derived(key any, compute func() any) any {
	e, _ := inv.derived.LoadOrStore(key, &derivedEntry{})
	entry := e.(*derivedEntry)
	entry.once.Do(func() { entry.value = compute() })
	return entry.value
}

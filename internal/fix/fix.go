// Package fix turns failing findings into the changes that resolve them:
// which field to set, add to or remove at the finding's field path, and
// whether that change can alter what the workload does (risky). It never
// knows where an object came from; internal/fix/manifests writes the
// changes into files, and Annotate shows them on the report.
package fix

import (
	"errors"
	"slices"
	"strings"

	"github.com/palisade-dev/palisade/internal/fix/yamledit"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// Remedy is the change that resolves one finding.
type Remedy struct {
	// Description says what the change does, naming the container or
	// volume, e.g. `set allowPrivilegeEscalation: false on container "api"`.
	Description string
	// Ops are the changes, with field paths relative to the object.
	Ops []yamledit.Op
	// Risky is true when the change can alter the workload's behaviour:
	// it overrides a value the manifest chose, or takes away something the
	// workload may use. Risky remedies are applied only when asked for.
	Risky bool
	// Why says, for a risky remedy, what it may break.
	Why string
}

// ErrNoFix is returned (wrapped with the reason) for a finding that has no
// automatic fix.
var ErrNoFix = errors.New("no automatic fix")

// noFix is an ErrNoFix with its reason.
type noFix struct{ reason string }

func (e noFix) Error() string        { return e.reason }
func (e noFix) Is(target error) bool { return target == ErrNoFix }

func none(reason string) (Remedy, error) { return Remedy{}, noFix{reason} }

// target is what a fixer reads: the finding's object, field path, and the
// pod template and container the path lies in (nil when it does not).
type target struct {
	inv  *inventory.Inventory
	obj  *inventory.Object
	path string
	pt   *inventory.PodTemplate
	c    *inventory.Container
}

// fixer computes the remedy of one finding of its check.
type fixer func(t target) (Remedy, error)

// Has reports whether a check has a fixer.
func Has(check string) bool {
	_, ok := fixers[check]
	return ok
}

// For returns the remedy of a failing finding of check at field path of
// obj, or an error wrapping ErrNoFix that says why there is none.
func For(inv *inventory.Inventory, obj *inventory.Object, check, path string) (Remedy, error) {
	f, ok := fixers[check]
	if !ok {
		return none("check " + check + " has no automatic fix")
	}
	t := target{inv: inv, obj: obj, path: path}
	t.pt, t.c = locate(inv, obj, path)
	return f(t)
}

// locate finds the pod template and container a field path lies in.
func locate(inv *inventory.Inventory, obj *inventory.Object, path string) (*inventory.PodTemplate, *inventory.Container) {
	for _, pt := range podTemplatesOf(inv)[obj] {
		if !within(path, pt.SpecPath) {
			continue
		}
		for _, c := range pt.Containers() {
			if within(path, c.Path) {
				return pt, &c
			}
		}
		return pt, nil
	}
	return nil, nil
}

// podTemplatesKey names the inventory's view of pod templates by object.
type podTemplatesKey struct{}

// podTemplatesOf indexes the inventory's pod templates by their object,
// once per inventory: a scan asks for thousands of findings.
func podTemplatesOf(inv *inventory.Inventory) map[*inventory.Object][]*inventory.PodTemplate {
	return inv.Derived(podTemplatesKey{}, func() any {
		m := map[*inventory.Object][]*inventory.PodTemplate{}
		for _, pt := range inv.PodTemplates {
			m[pt.Object] = append(m[pt.Object], pt)
		}
		return m
	}).(map[*inventory.Object][]*inventory.PodTemplate)
}

// within reports whether path is p or a field below it.
func within(path, p string) bool {
	return path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[")
}

// Merge combines remedies into one list of operations, dropping repeats
// (three hostPath checks ask for the same change).
func Merge(rs []Remedy) []yamledit.Op {
	var ops []yamledit.Op
	for _, r := range rs {
		for _, op := range r.Ops {
			if !slices.ContainsFunc(ops, func(o yamledit.Op) bool { return o.String() == op.String() }) {
				ops = append(ops, op)
			}
		}
	}
	return ops
}

package frameworks

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/palisade-dev/palisade/internal/check"
)

// Mapping is, per framework name and control ID, the IDs of the checks
// that claim the control, sorted.
type Mapping map[string]map[string][]string

// Map derives the control-to-checks mapping from the checks' own framework
// references: the data files never name checks, so a check joins a
// control by citing it, and nothing else needs editing.
func Map(metas []check.Meta) Mapping {
	m := Mapping{}
	for _, meta := range metas {
		for fw, refs := range meta.Frameworks {
			if m[fw] == nil {
				m[fw] = map[string][]string{}
			}
			for _, id := range refs {
				if !slices.Contains(m[fw][id], meta.ID) {
					m[fw][id] = append(m[fw][id], meta.ID)
				}
			}
		}
	}
	for _, controls := range m {
		for _, ids := range controls {
			slices.Sort(ids)
		}
	}
	return m
}

// Checks returns the IDs of the checks that decide a control.
func (m Mapping) Checks(framework, control string) []string { return m[framework][control] }

// Validate reports every inconsistency between the frameworks and the
// checks at once: a check citing a framework that has no data file or a
// control its framework does not have, and a mapping that names a check
// not among metas (a mapping built from another registry).
func Validate(fws []*Framework, metas []check.Meta, m Mapping) error {
	byName := map[string]*Framework{}
	for _, f := range fws {
		byName[f.Name] = f
	}
	known := map[string]bool{}
	var errs []error
	for _, meta := range metas {
		known[meta.ID] = true
		for _, fw := range check.FrameworkKeys(meta.Frameworks) {
			f := byName[fw]
			if f == nil {
				errs = append(errs, fmt.Errorf("check %s cites framework %s, which has no data file", meta.ID, fw))
				continue
			}
			for _, id := range meta.Frameworks[fw] {
				if f.Control(id) == nil {
					errs = append(errs, fmt.Errorf("check %s cites %s control %q, which %s does not have (palisade frameworks show %s)", meta.ID, fw, id, f.Title, fw))
				}
			}
		}
	}
	for _, fw := range sortedKeys(m) {
		for _, control := range sortedKeys(m[fw]) {
			for _, id := range m[fw][control] {
				if !known[id] {
					errs = append(errs, fmt.Errorf("framework %s control %s names check %s, which does not exist", fw, control, id))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// compareNames orders framework names as the report contract orders its
// keys, then others by name.
func compareNames(a, b string) int {
	rank := func(n string) int {
		if i := slices.Index(check.Frameworks, n); i >= 0 {
			return i
		}
		return len(check.Frameworks)
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

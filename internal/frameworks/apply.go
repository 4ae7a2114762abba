package frameworks

import (
	"fmt"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// Apply scores rep against the named frameworks into rep.Frameworks, in
// the order named (duplicates once). A control's pass counts need the pass
// results, so the scan keeps them when frameworks are asked for; unless
// keepPassed, Apply then drops the pass and not-applicable findings (and
// the passed count) that were kept only for scoring. all are every
// registered check: their references name the checks of each control.
func Apply(rep *report.Report, names []string, all []*check.Check, keepPassed bool) error {
	if len(names) == 0 {
		return nil
	}
	metas := make([]check.Meta, len(all))
	for i, c := range all {
		metas[i] = c.Meta
	}
	m := Map(metas)
	res := indexResources(rep.Findings)
	seen := map[string]bool{}
	for _, name := range names {
		f, err := Get(name)
		if err != nil {
			return fmt.Errorf("scoring frameworks: %w", err)
		}
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		rep.Frameworks = append(rep.Frameworks, score(rep, f, m, res))
	}
	if !keepPassed {
		dropUnreported(rep)
	}
	return nil
}

// dropUnreported removes the findings a scan without --all never lists.
func dropUnreported(rep *report.Report) {
	kept := rep.Findings[:0]
	for _, f := range rep.Findings {
		if f.Status != check.Pass && f.Status != check.NotApplicable {
			kept = append(kept, f)
		}
	}
	clear(rep.Findings[len(kept):])
	rep.Findings = kept
	rep.Summary.Passed = 0
}

// Names returns the names of every framework, for help texts and errors.
func Names() ([]string, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(all))
	for i, f := range all {
		out[i] = f.Name
	}
	return out, nil
}

// Package pss judges pod templates against the Pod Security Standards
// exactly as the API server does, by running the evaluator of
// k8s.io/pod-security-admission: one Palisade check per upstream check, at
// the level and version the user chose.
package pss

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// Category is the check category of every check of this package; the
// engine enables these opt-in checks when a PSS level is chosen.
const Category = "pss"

// Checks returns one check per upstream Pod Security Standards check.
func Checks() []*check.Check {
	out := make([]*check.Check, 0, len(table))
	for _, e := range table {
		out = append(out, newCheck(e))
	}
	return out
}

// ParseOptions validates the --pss-level and --pss-version values and
// returns the level and version to evaluate. An empty version means latest.
func ParseOptions(level, version string) (api.LevelVersion, error) {
	var lv api.LevelVersion
	switch api.Level(level) {
	case api.LevelBaseline, api.LevelRestricted:
		lv.Level = api.Level(level)
	default:
		return lv, fmt.Errorf("--pss-level must be baseline or restricted, got %q", level)
	}
	if version == "" {
		version = "latest"
	}
	v, err := api.ParseVersion(version)
	if err != nil {
		return lv, fmt.Errorf(`--pss-version must be "latest" or "v1.N" (for example v1.30), got %q`, version)
	}
	lv.Version = v
	return lv, nil
}

func newCheck(e entry) *check.Check {
	m := e.meta
	m.Category = Category
	m.OptIn = true
	m.Frameworks = maps.Clone(m.Frameworks)
	if m.Frameworks == nil {
		m.Frameworks = map[string][]string{}
	}
	m.Frameworks[check.PSS] = []string{string(e.level) + "/" + string(e.upstream)}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
		run(e, inv, opts, report)
	}}
}

// run reports the upstream verdict of one check for every pod template. A
// check of a level above the chosen one reports nothing; one the library
// does not run at the chosen level and version (superseded by a restricted
// check, or newer than the version) is not applicable.
func run(e entry, inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
	lv, err := levelVersion(e, opts)
	if err != nil {
		report(check.Result{Status: check.NotChecked, Message: err.Error()})
		return
	}
	if lv.Level == api.LevelBaseline && e.level == api.LevelRestricted {
		return
	}
	vs := verdictsFor(inv, lv)
	if vs.err != nil {
		report(check.Result{Status: check.NotChecked, Message: vs.err.Error()})
		return
	}
	var notRun string // why the library skips this check at lv, computed once
	for _, pt := range inv.PodTemplates {
		v, ok := vs.byTemplate[pt][e.upstream]
		switch {
		case !ok:
			if notRun == "" {
				notRun = notRunReason(e, lv)
			}
			report(check.Result{Object: pt.Object, Status: check.NotApplicable, Path: pt.SpecPath, Message: notRun})
		case v.Allowed:
			report(check.Result{Object: pt.Object, Status: check.Pass, Path: pt.SpecPath})
		default:
			report(check.Result{Object: pt.Object, Status: check.Fail, Path: failPath(e.upstream, pt), Message: message(v.ForbiddenReason, v.ForbiddenDetail)})
		}
	}
}

// levelVersion is the user's level and version; with no level chosen (the
// check was selected by ID) a check runs at its own level.
func levelVersion(e entry, opts *check.Options) (api.LevelVersion, error) {
	level, version := "", ""
	if opts != nil {
		level, version = opts.PSSLevel, opts.PSSVersion
	}
	if level == "" {
		level = string(e.level)
	}
	return ParseOptions(level, version)
}

func message(reason, detail string) string {
	if detail == "" {
		return reason
	}
	return reason + ": " + detail
}

// notRunReason says why the library does not run a check at lv.
func notRunReason(e entry, lv api.LevelVersion) string {
	if by := overriddenBy(e.upstream, lv); by != "" {
		return fmt.Sprintf("not evaluated at %s: superseded by %s", lv, by)
	}
	for _, c := range libraryChecks() {
		if c.ID == e.upstream && len(c.Versions) > 0 {
			return fmt.Sprintf("not part of the Pod Security Standards at %s (added in %s)", lv, c.Versions[0].MinimumVersion)
		}
	}
	return fmt.Sprintf("not evaluated at %s", lv)
}

// overriddenBy names the restricted checks that replace id at lv, or "".
func overriddenBy(id policy.CheckID, lv api.LevelVersion) string {
	if lv.Level != api.LevelRestricted {
		return ""
	}
	var by []string
	for _, c := range libraryChecks() {
		if v := activeVersion(c, lv.Version); v != nil && slices.Contains(v.OverrideCheckIDs, id) {
			by = append(by, string(c.ID))
		}
	}
	return strings.Join(by, ", ")
}

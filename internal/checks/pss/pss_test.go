package pss

import (
	"strings"
	"testing"

	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
)

var (
	restrictedLatest = &check.Options{PSSLevel: "restricted", PSSVersion: "latest"}
	baselineLatest   = &check.Options{PSSLevel: "baseline", PSSVersion: "latest"}
)

// TestChecks runs the golden fixtures at restricted/latest. A baseline check
// that a restricted check supersedes at latest (capabilities_baseline,
// hostPathVolumes, ...) never fails at restricted, so its fixtures run at
// baseline/latest instead.
func TestChecks(t *testing.T) {
	active := activeIDs(t, api.LevelVersion{Level: api.LevelRestricted, Version: api.LatestVersion()})
	var atRestricted, atBaseline []*check.Check
	for _, c := range Checks() {
		if active[upstreamOf(t, c.ID)] {
			atRestricted = append(atRestricted, c)
		} else {
			atBaseline = append(atBaseline, c)
		}
	}
	if len(atRestricted) == 0 || len(atBaseline) == 0 {
		t.Fatalf("unexpected split: %d checks at restricted, %d at baseline", len(atRestricted), len(atBaseline))
	}
	t.Run("restricted", func(t *testing.T) { checktest.Run(t, "testdata", atRestricted, restrictedLatest) })
	t.Run("baseline", func(t *testing.T) { checktest.Run(t, "testdata", atBaseline, baselineLatest) })
}

// activeIDs are the upstream checks the library runs at lv.
func activeIDs(t *testing.T, lv api.LevelVersion) map[policy.CheckID]bool {
	t.Helper()
	ev, err := evaluator()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := evaluate(ev, lv, nil, emptyPod())
	if err != nil {
		t.Fatal(err)
	}
	out := map[policy.CheckID]bool{}
	for id := range rs {
		out[id] = true
	}
	return out
}

func upstreamOf(t *testing.T, id string) policy.CheckID {
	t.Helper()
	for _, e := range table {
		if e.meta.ID == id {
			return e.upstream
		}
	}
	t.Fatalf("no table entry for %s", id)
	return ""
}

// TestTableMatchesLibrary fails when the library gains, loses or re-levels
// a check, so the static metadata table is updated with it.
func TestTableMatchesLibrary(t *testing.T) {
	lib := map[policy.CheckID]api.Level{}
	for _, c := range policy.DefaultChecks() {
		lib[c.ID] = c.Level
	}
	seen := map[policy.CheckID]bool{}
	for _, e := range table {
		seen[e.upstream] = true
		level, ok := lib[e.upstream]
		if !ok {
			t.Errorf("table has %s, which policy.DefaultChecks() no longer has: remove it", e.upstream)
			continue
		}
		if level != e.level {
			t.Errorf("%s: table says level %s, library says %s", e.upstream, e.level, level)
		}
		if want := "pss-" + strings.ReplaceAll(strings.ToLower(string(e.upstream)), "_", "-"); e.meta.ID != want {
			t.Errorf("%s: id %s, want %s", e.upstream, e.meta.ID, want)
		}
	}
	for id := range locators {
		if !seen[id] {
			t.Errorf("locator for unknown check %s", id)
		}
	}
	for id, level := range lib {
		if !seen[id] {
			t.Errorf("policy.DefaultChecks() has %s check %s, which the table lacks: add an entry and fixtures", level, id)
		}
	}
}

func TestRegistry(t *testing.T) {
	checks := Checks()
	if _, err := check.NewRegistry(checks...); err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if !c.OptIn || c.Category != Category {
			t.Errorf("%s: OptIn=%v Category=%q, want opt-in %q", c.ID, c.OptIn, c.Category, Category)
		}
		refs := c.Frameworks[check.PSS]
		if len(refs) != 1 || !strings.HasSuffix(refs[0], "/"+string(upstreamOf(t, c.ID))) {
			t.Errorf("%s: PSS references %v", c.ID, refs)
		}
	}
	// The table's framework maps are not shared with (or changed by) the checks.
	checks[0].Frameworks[check.PSS][0] = "changed"
	if Checks()[0].Frameworks[check.PSS][0] == "changed" {
		t.Error("Checks() shares framework references between calls")
	}
}

func TestParseOptions(t *testing.T) {
	tests := []struct {
		level, version string
		want           string
		err            string
	}{
		{"baseline", "", "baseline:latest", ""},
		{"restricted", "latest", "restricted:latest", ""},
		{"restricted", "v1.22", "restricted:v1.22", ""},
		{"baseline", "v1.0", "baseline:v1.0", ""},
		{"privileged", "latest", "", "--pss-level must be baseline or restricted"},
		{"", "latest", "", "--pss-level must be baseline or restricted"},
		{"Restricted", "latest", "", `got "Restricted"`},
		{"restricted", "1.30", "", `--pss-version must be "latest" or "v1.N"`},
		{"restricted", "v2.0", "", `got "v2.0"`},
		{"restricted", "v1.01", "", "--pss-version"},
	}
	for _, tt := range tests {
		t.Run(tt.level+"/"+tt.version, func(t *testing.T) {
			lv, err := ParseOptions(tt.level, tt.version)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if lv.String() != tt.want {
				t.Errorf("got %s, want %s", lv, tt.want)
			}
		})
	}
}

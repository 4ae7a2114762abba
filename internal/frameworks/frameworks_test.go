package frameworks

import (
	"os"
	"slices"
	"strings"
	"testing"

	"k8s.io/pod-security-admission/policy"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
)

func TestAllLoads(t *testing.T) {
	names, err := Names()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{check.CIS, check.NSA, check.MITRE, check.PSS}; !slices.Equal(names, want) {
		t.Errorf("frameworks %v, want %v", names, want)
	}
}

// TestRegistryIsConsistent is the consistency test of the issue: it fails
// when a check cites a control (or a framework) no data file has, and
// when the control-to-check mapping names a check that does not exist.
// A new check joins a control by citing it; no data file changes.
func TestRegistryIsConsistent(t *testing.T) {
	reg, err := checks.Registry()
	if err != nil {
		t.Fatal(err)
	}
	fws, err := All()
	if err != nil {
		t.Fatal(err)
	}
	metas := make([]check.Meta, 0, len(reg.All()))
	for _, c := range reg.All() {
		metas = append(metas, c.Meta)
	}
	if err := Validate(fws, metas, Map(metas)); err != nil {
		t.Error(err)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	fws, err := All()
	if err != nil {
		t.Fatal(err)
	}
	metas := []check.Meta{
		{ID: "good", Frameworks: map[string][]string{check.CIS: {"5.2.2"}, check.PSS: {"baseline/privileged"}}},
		{ID: "typo", Frameworks: map[string][]string{check.CIS: {"5.2.99"}, check.NSA: {"pod-securty"}}},
		{ID: "other", Frameworks: map[string][]string{"CIS-2.0": {"1.1"}}},
	}
	m := Map(metas)
	m[check.MITRE] = map[string][]string{"T1611": {"ghost"}}
	err = Validate(fws, metas, m)
	for _, want := range []string{
		`check typo cites CIS-1.12 control "5.2.99"`,
		`check typo cites NSA control "pod-securty"`,
		"check other cites framework CIS-2.0, which has no data file",
		"framework MITRE control T1611 names check ghost, which does not exist",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v\nwant it to contain %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "check good") {
		t.Errorf("Validate refused a valid check: %v", err)
	}
}

// TestCISMatchesBenchmark keeps the CIS data equal to the benchmark's list
// of recommendations, with the benchmark's Automated / Manual marks.
func TestCISMatchesBenchmark(t *testing.T) {
	b, err := os.ReadFile("testdata/cis-1.12-ids.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			want = append(want, line)
		}
	}
	f, err := Get(check.CIS)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range f.Controls {
		mark := "A"
		if c.Manual {
			mark = "M"
		}
		got = append(got, c.ID+" "+mark)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("CIS controls differ from the benchmark:\n got %v\nwant %v", got, want)
	}
}

// TestPSSMatchesLibrary keeps the PSS controls equal to the checks of the
// API server's own evaluator.
func TestPSSMatchesLibrary(t *testing.T) {
	var want []string
	for _, c := range policy.DefaultChecks() {
		want = append(want, string(c.Level)+"/"+string(c.ID))
	}
	f, err := Get("pss")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range f.Controls {
		got = append(got, c.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("PSS controls %v\nwant %v", got, want)
	}
}

func TestGetByAlias(t *testing.T) {
	for _, name := range []string{"CIS-1.12", "cis", "Cis-1.12", "nsa", "attack", "pod-security-standards"} {
		if _, err := Get(name); err != nil {
			t.Errorf("Get(%q): %v", name, err)
		}
	}
	if _, err := Get("soc2"); err == nil || !strings.Contains(err.Error(), "CIS-1.12, NSA, MITRE, PSS") {
		t.Errorf("Get(soc2) = %v, want an error listing the frameworks", err)
	}
}

func TestParseRefusesBadData(t *testing.T) {
	cases := map[string]struct{ data, want string }{
		"unknown field":   {"name: X\ntitle: T\ncontrols: [{id: a, title: A, manul: true}]", `unknown field "manul"`},
		"duplicate":       {"name: X\ntitle: T\ncontrols: [{id: a, title: A}, {id: a, title: B}]", "control a: duplicate id"},
		"manual guidance": {"name: X\ntitle: T\ncontrols: [{id: a, title: A, manual: true}]", "needs guidance"},
		"no title":        {"name: X\ntitle: T\ncontrols: [{id: a}]", "id and title are required"},
		"no controls":     {"name: X\ntitle: T", "has no controls"},
		"no name":         {"title: T\ncontrols: [{id: a, title: A}]", "name and title are required"},
		"not yaml":        {"name: [", "parsing"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse: %v, want an error containing %q", err, c.want)
			}
		})
	}
}

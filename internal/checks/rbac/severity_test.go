package rbac

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
)

// TestSeverities records the severity of every failing result of every
// fixture: raised by who holds a grant, lowered by its scope.
func TestSeverities(t *testing.T) {
	var lines []string
	for _, c := range Checks() {
		files, err := filepath.Glob(filepath.Join("testdata", c.ID, "fail-*.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			inv := checktest.Load(t, f)
			c.Run(inv, &check.Options{}, func(r check.Result) {
				if r.Status != "" && r.Status != check.Fail {
					return
				}
				sev := r.Severity
				if sev == "" {
					sev = c.Severity
				}
				lines = append(lines, fmt.Sprintf("%s/%s %s/%s %s: %s", c.ID, strings.TrimSuffix(filepath.Base(f), ".yaml"), r.Object.Kind, r.Object.Name, r.Path, sev))
			})
		}
	}
	sort.Strings(lines)
	checktest.Golden(t, "testdata/severities.golden", strings.Join(lines, "\n")+"\n")
}

func TestSeverityScale(t *testing.T) {
	cases := []struct {
		base       check.Severity
		tier       tier
		namespaced bool
		want       check.Severity
	}{
		{check.High, tierEveryone, false, check.Critical},
		{check.High, tierWorkload, false, check.Critical},
		{check.High, tierServiceAccount, false, check.High},
		{check.High, tierUser, false, check.Medium},
		{check.High, tierUser, true, check.Low},
		{check.Medium, tierUser, true, check.Low},
		{check.Critical, tierWorkload, true, check.Critical},
		{check.Critical, tierUser, true, check.Medium},
	}
	for _, c := range cases {
		if got := severity(c.base, c.tier, c.namespaced); got != c.want {
			t.Errorf("severity(%s, %d, %v) = %s, want %s", c.base, c.tier, c.namespaced, got, c.want)
		}
	}
}

package check

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/inventory"
)

func valid(id string) *Check {
	return &Check{Meta: Meta{ID: id, Title: "t", Severity: High, Rationale: "r", Remediation: "Fix it.",
		Frameworks: map[string][]string{CIS: {"5.2.2"}}}, Run: func(*inventory.Inventory, *Options, func(Result)) {}}
}

func TestNewRegistryValidates(t *testing.T) {
	bad := func(mut func(c *Check)) *Check { c := valid("bad"); mut(c); return c }
	cases := []struct {
		name  string
		check *Check
		want  string
	}{
		{"id", bad(func(c *Check) { c.ID = "Bad ID" }), "id must be"},
		{"severity", bad(func(c *Check) { c.Severity = "urgent" }), "unknown severity"},
		{"remediation", bad(func(c *Check) { c.Remediation = "no period" }), "ends with a period"},
		{"rationale", bad(func(c *Check) { c.Rationale = "" }), "rationale are required"},
		{"framework", bad(func(c *Check) { c.Frameworks = map[string][]string{"CIS": {"1"}} }), `unknown framework "CIS"`},
		{"empty refs", bad(func(c *Check) { c.Frameworks = map[string][]string{NSA: nil} }), "has no references"},
		{"func", bad(func(c *Check) { c.Run = nil }), "no function"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewRegistry(valid("a"), c.check)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
	if _, err := NewRegistry(valid("a"), valid("a")); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate ids not refused: %v", err)
	}
	r, err := NewRegistry(valid("b"), valid("a"))
	if err != nil || r.All()[0].ID != "a" || r.Get("b") == nil {
		t.Errorf("valid registry: %v", err)
	}
}

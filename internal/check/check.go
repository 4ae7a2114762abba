// Package check defines what a check is: metadata as data (a stable ID,
// severity, rationale, remediation, framework references) plus one small
// function over the inventory, and the registry that validates them all.
package check

import (
	"slices"
	"sort"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Severity ranks how much a failing check matters.
type Severity string

// Severities, most severe first.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
	Info     Severity = "info"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{Critical, High, Medium, Low, Info}

// Rank orders severities: critical is 5, info 1, unknown 0.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return len(Severities) - i
		}
	}
	return 0
}

// Framework keys of the JSON report contract; others may be added beside
// them, never renamed.
const (
	CIS   = "CIS-1.12"
	NSA   = "NSA"
	MITRE = "MITRE"
	PSS   = "PSS"
)

// Frameworks lists the framework keys a check may reference.
var Frameworks = []string{CIS, NSA, MITRE, PSS}

// FrameworkKeys lists the keys of fw with the contract's frameworks first,
// in their documented order, then any others sorted.
func FrameworkKeys(fw map[string][]string) []string {
	var known, other []string
	for _, k := range Frameworks {
		if len(fw[k]) > 0 {
			known = append(known, k)
		}
	}
	for k, refs := range fw {
		if len(refs) > 0 && !slices.Contains(Frameworks, k) {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	return append(known, other...)
}

// Meta is the data half of a check.
type Meta struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Severity    Severity            `json:"severity"`
	Category    string              `json:"category,omitempty"`
	Rationale   string              `json:"rationale,omitempty"`
	Remediation string              `json:"remediation,omitempty"`
	Frameworks  map[string][]string `json:"frameworks,omitempty"`
	// OptIn checks run only when asked for (for example Pod Security
	// Standards, which run when a level is chosen).
	OptIn bool `json:"-"`
}

// Status is the outcome of a check on one resource.
type Status string

// Statuses of a result.
const (
	Fail          Status = "fail"
	Pass          Status = "pass"
	NotApplicable Status = "not-applicable"
	NotChecked    Status = "not-checked"
	Excepted      Status = "excepted"
)

// Result is one outcome of a check on one object.
type Result struct {
	Object *inventory.Object
	Status Status
	// Path is the field path the result is about, e.g.
	// "spec.template.spec.containers[0].securityContext.privileged".
	Path    string
	Message string
	// Severity, when set, overrides the check's severity for this result:
	// a check whose harm depends on context (who holds an RBAC grant, how
	// widely) raises or lowers it per finding.
	Severity Severity
}

// Options are the user's settings that checks may read.
type Options struct {
	// PSSLevel is "baseline" or "restricted" ("" when PSS checks are off).
	PSSLevel string
	// PSSVersion is "latest" or "v1.N".
	PSSVersion string
	// AllowedRegistries restricts image registries when not empty.
	AllowedRegistries []string
	// SystemRBAC also judges the cluster's own RBAC objects (system:*,
	// kubeadm:*, rbac-defaults), which are not findings by default.
	SystemRBAC bool
}

// Func is the logic half of a check: it reads the inventory and reports.
type Func func(inv *inventory.Inventory, opts *Options, report func(Result))

// Check is one registered check.
type Check struct {
	Meta
	Run Func
}

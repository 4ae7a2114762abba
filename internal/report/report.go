// Package report is the finished result of a scan: the model every
// renderer reads, and the JSON contract users depend on.
package report

import (
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// Report is everything a renderer may show.
type Report struct {
	Tool     Tool       `json:"tool"`
	Findings []Finding  `json:"findings"`
	Errors   []Error    `json:"errors"`
	Coverage []Coverage `json:"coverage"`
	Summary  Summary    `json:"summary"`
	// Frameworks scores the frameworks asked for with --framework.
	Frameworks []FrameworkResult `json:"frameworks,omitempty"`
	// Checks are the metadata of every check that ran, for renderers that
	// describe rules (SARIF); not part of the JSON contract.
	Checks []check.Meta `json:"-"`
}

// Tool names the scanner.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// CheckRef is the part of a check's metadata carried on every finding.
type CheckRef struct {
	ID         string              `json:"id"`
	Title      string              `json:"title"`
	Severity   check.Severity      `json:"severity"`
	Frameworks map[string][]string `json:"frameworks,omitempty"`
}

// Finding is the outcome of one check on one resource.
type Finding struct {
	Check       CheckRef            `json:"check"`
	Status      check.Status        `json:"status"`
	Resource    inventory.Ref       `json:"resource"`
	Path        string              `json:"path,omitempty"`
	Location    *inventory.Location `json:"location,omitempty"`
	Message     string              `json:"message"`
	Remediation string              `json:"remediation,omitempty"`
	// Exception explains why a finding is excepted.
	Exception *Exception `json:"exception,omitempty"`
	// Risk ranks the finding by severity and context, when computed.
	Risk *Risk `json:"risk,omitempty"`
	// Baseline is "new" or "existing" when compared with --baseline.
	Baseline string `json:"baseline,omitempty"`
	// Fix is the remediation as a change to the manifest, where one exists.
	Fix *Fix `json:"fix,omitempty"`
}

// Risk is a finding's rank: a score from its severity and its context, and
// the factors that raised it.
type Risk struct {
	// Score orders findings, higher first; the formula is in docs/report.md.
	Score int `json:"score"`
	// Factors say why, e.g. "exposed through LoadBalancer service shop/api".
	Factors []string `json:"factors,omitempty"`
}

// Fix is a remediation expressed as a change to the object.
type Fix struct {
	// Description says what the fix does.
	Description string `json:"description"`
	// Snippet is YAML to merge at the finding's object (or values to set
	// for a Helm chart).
	Snippet string `json:"snippet,omitempty"`
	// Risky is true when the fix can change the workload's behaviour.
	Risky bool `json:"risky,omitempty"`
}

// FrameworkResult is one framework's controls and compliance score.
type FrameworkResult struct {
	// Name is the framework key, e.g. "CIS-1.12".
	Name  string `json:"name"`
	Title string `json:"title"`
	// Score is the compliance score in percent (formula in docs/report.md),
	// or nil when no control could be decided.
	Score *float64 `json:"score"`
	// Namespaces scores each namespace the same way.
	Namespaces map[string]float64 `json:"namespaces,omitempty"`
	// Statuses counts the controls by status.
	Statuses map[string]int  `json:"statuses"`
	Controls []ControlResult `json:"controls"`
}

// ControlResult is one control of a framework and how the scan decided it.
type ControlResult struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Status is pass, fail, not-applicable, not-checked or manual.
	Status string `json:"status"`
	// Checks are the IDs of the checks that decide the control.
	Checks []string `json:"checks,omitempty"`
	// Passed and Failed count resources; the others count resources
	// whose only failures are excepted, that the checks could not decide,
	// and that are out of the checks' scope.
	Passed        int `json:"passed"`
	Failed        int `json:"failed"`
	Excepted      int `json:"excepted,omitempty"`
	NotChecked    int `json:"notChecked,omitempty"`
	NotApplicable int `json:"notApplicable,omitempty"`
	// Reason says why a control is not-checked or not-applicable.
	Reason string `json:"reason,omitempty"`
	// Guidance says what a person should look at (manual controls).
	Guidance string `json:"guidance,omitempty"`
}

// Exception is the reason a finding does not count.
type Exception struct {
	Reason string `json:"reason"`
	// Source is "annotation" or the config file that holds the exception.
	Source  string `json:"source"`
	Expires string `json:"expires,omitempty"`
}

// Error is an input that could not be read.
type Error = inventory.LoadError

// Coverage records what could not be read and why.
type Coverage = inventory.Coverage

// Summary counts the report.
type Summary struct {
	Objects int `json:"objects"`
	// Failed counts failing findings by severity.
	Failed   map[check.Severity]int `json:"failed"`
	Excepted int                    `json:"excepted"`
	Passed   int                    `json:"passed,omitempty"`
	Errors   int                    `json:"errors"`
	Checks   int                    `json:"checks"`
	// DurationMS is the wall time of the scan in milliseconds.
	DurationMS int64 `json:"durationMs"`
	// Benchmark is the CIS Kubernetes Benchmark version the scan judged
	// against and why, e.g. "cis-1.12 (Kubernetes v1.34.2)"; node scans.
	Benchmark string `json:"benchmark,omitempty"`
	// Cluster says which cluster was scanned and how much of it could be
	// read; absent for file scans.
	Cluster *ClusterSummary `json:"cluster,omitempty"`
	// Baseline counts the failing findings new and existing since the
	// --baseline report, and that report's findings now gone; absent
	// without --baseline.
	Baseline *BaselineSummary `json:"baseline,omitempty"`
}

// BaselineSummary compares a report with its --baseline report.
type BaselineSummary struct {
	File     string `json:"file"`
	New      int    `json:"new"`
	Existing int    `json:"existing"`
	// Fixed counts the baseline's findings that are gone although the
	// scan looked again; NotRechecked those gone because it did not (their
	// check did not run or could not decide, or their input was not read).
	Fixed        int `json:"fixed"`
	NotRechecked int `json:"notRechecked,omitempty"`
}

// ClusterSummary is the live cluster a report is about, and the share of
// it the scan could read.
type ClusterSummary struct {
	Server  string `json:"server"`
	Version string `json:"version,omitempty"`
	// Kinds counts the resource kinds the scan tried to read; KindsRead
	// those read in full (every namespace asked for).
	Kinds     int `json:"kinds"`
	KindsRead int `json:"kindsRead"`
	// Lists counts the LIST requests attempted; ListsRead those that
	// succeeded.
	Lists     int `json:"lists"`
	ListsRead int `json:"listsRead"`
	// ReadPercent is ListsRead over Lists, in percent, rounded down.
	ReadPercent int `json:"readPercent"`
}

// NewClusterSummary summarises what was read from the cluster, or returns
// nil for an inventory read from files.
func NewClusterSummary(c *inventory.ClusterInfo) *ClusterSummary {
	if c == nil {
		return nil
	}
	s := &ClusterSummary{Server: c.Server, Version: c.GitVersion,
		Kinds: c.Kinds, KindsRead: c.KindsRead, Lists: c.Lists, ListsRead: c.ListsRead, ReadPercent: 100}
	if c.Lists > 0 {
		s.ReadPercent = c.ListsRead * 100 / c.Lists
	}
	return s
}

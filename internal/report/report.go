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
}

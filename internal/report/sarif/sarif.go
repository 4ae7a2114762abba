// Package sarif renders a report as SARIF 2.1.0 that GitHub code scanning
// accepts: one run, a rule for every check, and a result for every failing
// or excepted finding.
package sarif

import (
	"encoding/json"
	"fmt"
	"io"

	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// InformationURI is the tool's home page, shown by SARIF viewers.
const InformationURI = "https://github.com/palisade-dev/palisade"

// Options configure the SARIF output.
type Options struct {
	// BaseDir, when set, turns absolute file paths under it into paths
	// relative to it. GitHub resolves artifact URIs against the repository
	// root, so the CLI passes the directory the scan ran from. Empty keeps
	// paths as they are.
	BaseDir string
	// FallbackURI, when set, is the artifact URI of findings that have no
	// file (objects read from a cluster). GitHub code scanning refuses a
	// result without a physical location ("locationFromSarifResult:
	// expected a physical location"), so a CI upload of a cluster scan
	// needs one, for example the path of a file in the repository that
	// describes the cluster. Empty leaves such results with only a logical
	// location, which SARIF allows.
	FallbackURI string
}

// Write renders r as an indented SARIF 2.1.0 log with a trailing newline.
func Write(w io.Writer, r *report.Report, opts Options) error {
	log := Build(r, opts)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("writing SARIF report: %w", err)
	}
	return nil
}

// Build converts r into a SARIF log, for callers that post-process it
// (merging runs, validating against the schema) before writing.
func Build(r *report.Report, opts Options) *gosarif.Report {
	run := gosarif.NewRunWithInformationURI(toolName(r), InformationURI)
	if r.Tool.Version != "" {
		run.Tool.Driver.WithVersion(r.Tool.Version)
	}
	rules := newRuleSet(run)
	for _, m := range r.Checks {
		rules.add(m)
	}
	for _, f := range r.Findings {
		if f.Status != check.Fail && f.Status != check.Excepted {
			continue
		}
		// A finding whose check is not in r.Checks still needs a rule, or
		// its ruleIndex would point nowhere.
		idx := rules.add(metaFromRef(f.Check))
		run.AddResult(result(f, idx, opts))
	}
	if props := runProperties(r); props != nil {
		run.WithProperties(props)
	}
	return gosarif.NewReport().AddRun(run)
}

// frameworkScore is a framework's score as a run property: the controls
// themselves are in the JSON report.
type frameworkScore struct {
	Name       string             `json:"name"`
	Title      string             `json:"title"`
	Score      *float64           `json:"score"`
	Namespaces map[string]float64 `json:"namespaces,omitempty"`
	Statuses   map[string]int     `json:"statuses"`
}

// runProperties carries the framework scores and the baseline comparison,
// or is nil when the report has neither.
func runProperties(r *report.Report) *gosarif.PropertyBag {
	if len(r.Frameworks) == 0 && r.Summary.Baseline == nil {
		return nil
	}
	props := gosarif.NewPropertyBag()
	if len(r.Frameworks) > 0 {
		scores := make([]frameworkScore, len(r.Frameworks))
		for i, f := range r.Frameworks {
			scores[i] = frameworkScore{f.Name, f.Title, f.Score, f.Namespaces, f.Statuses}
		}
		props.Add("palisade/frameworks", scores)
	}
	if b := r.Summary.Baseline; b != nil {
		props.Add("palisade/baseline", b)
	}
	return props
}

func toolName(r *report.Report) string {
	if r.Tool.Name != "" {
		return r.Tool.Name
	}
	return "palisade"
}

// level maps a severity to a SARIF level: GitHub shows errors as failures,
// warnings as warnings and notes as notes.
func level(s check.Severity) string {
	switch s {
	case check.Critical, check.High:
		return gosarif.LevelError
	case check.Medium:
		return gosarif.LevelWarning
	default:
		return gosarif.LevelNote
	}
}

// securitySeverity is GitHub's 0.0–10.0 score: over 9.0 is critical, 7.0
// to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low.
func securitySeverity(s check.Severity) string {
	switch s {
	case check.Critical:
		return "9.5"
	case check.High:
		return "8.0"
	case check.Medium:
		return "5.5"
	case check.Low:
		return "3.0"
	default:
		return "1.0"
	}
}

func metaFromRef(c report.CheckRef) check.Meta {
	return check.Meta{ID: c.ID, Title: c.Title, Severity: c.Severity, Frameworks: c.Frameworks}
}

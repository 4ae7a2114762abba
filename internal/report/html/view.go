package html

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// page is everything the template shows, computed from the report so the
// template only lays it out.
type page struct {
	Tool       report.Tool
	Summary    summary
	TopRisks   []*row
	Frameworks []framework
	Charts     []chart
	Rows       []*row
	// Namespaces and Statuses fill the filter menus.
	Namespaces []string
	Statuses   []string
	HasRisk    bool
	HasNew     bool
	Errors     []report.Error
	Coverage   []report.Coverage
}

// summary is the headline counts.
type summary struct {
	Failing, New, Excepted, NotChecked, Passed int
	Objects, Checks, Errors, NotRead           int
	BySeverity                                 []severityCount
	Duration                                   string
}

type severityCount struct {
	Severity string
	Count    int
}

// row is one finding of the findings table.
type row struct {
	Anchor      string
	Order       int
	Severity    string
	SevRank     int
	CheckID     string
	Title       string
	Kind        string
	Namespace   string
	Resource    string
	Status      string
	Risk        *report.Risk
	Baseline    string
	Path        string
	Location    string
	Message     string
	Remediation string
	Fix         *report.Fix
	Exception   *report.Exception
	Frameworks  []frameworkRef
}

type frameworkRef struct{ Key, IDs string }

// framework is one framework's score and controls.
type framework struct {
	report.FrameworkResult
	ScoreText string
	Scored    bool
	// Counts is the controls by status, e.g. "2 fail · 1 pass".
	Counts     string
	Namespaces []namespaceScore
}

type namespaceScore struct {
	Namespace string
	Score     string
}

// clusterScope labels cluster-scoped resources where a namespace is shown.
const clusterScope = "(cluster)"

func newPage(r *report.Report) *page {
	p := &page{Tool: r.Tool, Errors: r.Errors, Coverage: r.Coverage}
	remedy := remediations(r)
	statuses := map[string]bool{}
	namespaces := map[string]bool{}
	for i := range r.Findings {
		row := newRow(&r.Findings[i], i, remedy)
		p.Rows = append(p.Rows, row)
		statuses[row.Status] = true
		namespaces[row.Namespace] = true
		p.HasRisk = p.HasRisk || row.Risk != nil
		p.HasNew = p.HasNew || row.Baseline == "new"
	}
	sortRows(p.Rows)
	p.Statuses = sortedKeys(statuses)
	p.Namespaces = sortedKeys(namespaces)
	p.Summary = newSummary(r, p.Rows)
	p.TopRisks = topRisks(p.Rows, 5)
	p.Frameworks = frameworks(r.Frameworks)
	p.Charts = charts(p)
	return p
}

func newRow(f *report.Finding, i int, remedy map[string]string) *row {
	ns := cmp.Or(f.Resource.Namespace, clusterScope)
	res := f.Resource.Kind
	if name := qualified(f.Resource.Namespace, f.Resource.Name); name != "" {
		res += " " + name
	}
	rw := &row{
		Anchor: "f" + strconv.Itoa(i+1), Order: i,
		Severity: string(f.Check.Severity), SevRank: f.Check.Severity.Rank(),
		CheckID: f.Check.ID, Title: f.Check.Title, Kind: f.Resource.Kind, Namespace: ns, Resource: res,
		Status: string(f.Status), Risk: f.Risk, Baseline: f.Baseline, Path: f.Path,
		Location: f.Location.String(), Message: f.Message, Remediation: cmp.Or(f.Remediation, remedy[f.Check.ID]),
		Fix: f.Fix, Exception: f.Exception,
	}
	for _, k := range check.FrameworkKeys(f.Check.Frameworks) {
		rw.Frameworks = append(rw.Frameworks, frameworkRef{k, strings.Join(f.Check.Frameworks[k], ", ")})
	}
	return rw
}

func qualified(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}

// sortRows orders the table as it first opens: failing before the rest,
// then by risk when computed, then by severity, keeping the report's order.
func sortRows(rows []*row) {
	slices.SortStableFunc(rows, func(a, b *row) int {
		return cmp.Or(
			cmp.Compare(statusRank(b.Status), statusRank(a.Status)),
			cmp.Compare(riskScore(b), riskScore(a)),
			cmp.Compare(b.SevRank, a.SevRank),
		)
	})
}

func statusRank(s string) int {
	switch check.Status(s) {
	case check.Fail:
		return 4
	case check.NotChecked:
		return 3
	case check.Excepted:
		return 2
	}
	return 1
}

func riskScore(r *row) int {
	if r.Risk == nil {
		return -1
	}
	return r.Risk.Score
}

func newSummary(r *report.Report, rows []*row) summary {
	s := summary{Objects: r.Summary.Objects, Checks: r.Summary.Checks, Errors: len(r.Errors),
		NotRead: len(r.Coverage), Duration: fmt.Sprintf("%d ms", r.Summary.DurationMS)}
	for _, rw := range rows {
		switch check.Status(rw.Status) {
		case check.Fail:
			s.Failing++
			if rw.Baseline == "new" {
				s.New++
			}
		case check.Excepted:
			s.Excepted++
		case check.NotChecked:
			s.NotChecked++
		case check.Pass:
			s.Passed++
		}
	}
	for _, sev := range check.Severities {
		s.BySeverity = append(s.BySeverity, severityCount{string(sev), r.Summary.Failed[sev]})
	}
	return s
}

// topRisks returns the n failing rows with the highest risk.
func topRisks(rows []*row, n int) []*row {
	var ranked []*row
	for _, rw := range rows {
		if rw.Risk != nil && rw.Status == string(check.Fail) {
			ranked = append(ranked, rw)
		}
	}
	slices.SortStableFunc(ranked, func(a, b *row) int { return cmp.Compare(b.Risk.Score, a.Risk.Score) })
	return ranked[:min(n, len(ranked))]
}

func frameworks(fws []report.FrameworkResult) []framework {
	var out []framework
	for _, fw := range fws {
		v := framework{FrameworkResult: fw, ScoreText: "not scored"}
		if fw.Score != nil {
			v.Scored, v.ScoreText = true, percent(*fw.Score)
		}
		v.Counts = controlCounts(fw)
		for _, ns := range sortedKeys(fw.Namespaces) {
			v.Namespaces = append(v.Namespaces, namespaceScore{ns, percent(fw.Namespaces[ns])})
		}
		out = append(out, v)
	}
	return out
}

// controlCounts summarises a framework's controls by status, in a fixed
// order of statuses, then any others.
func controlCounts(fw report.FrameworkResult) string {
	counts := fw.Statuses
	if counts == nil {
		counts = map[string]int{}
		for _, c := range fw.Controls {
			counts[c.Status]++
		}
	}
	order := []string{"fail", "pass", "not-checked", "not-applicable", "manual"}
	for _, s := range sortedKeys(counts) {
		if !slices.Contains(order, s) {
			order = append(order, s)
		}
	}
	var parts []string
	for _, s := range order {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	return strings.Join(parts, " · ")
}

func percent(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }

// remediations maps check IDs to their remediation from the check metadata.
func remediations(r *report.Report) map[string]string {
	m := map[string]string{}
	for _, c := range r.Checks {
		m[c.ID] = c.Remediation
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

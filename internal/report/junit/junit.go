// Package junit renders a report as JUnit XML, the format CI systems
// (Jenkins, GitLab, Azure Pipelines, GitHub test reporters) show as test
// results: each check a test suite, each finding a test case.
package junit

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// InputErrorsSuite names the suite that holds one errored test case per
// input that could not be read.
const InputErrorsSuite = "input errors"

// Write renders r as indented JUnit XML with one test suite per check (in
// the order of r.Checks, then any other check a finding names) and, when
// inputs could not be read, an "input errors" suite.
func Write(w io.Writer, r *report.Report) error {
	doc := build(r)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	return nil
}

func build(r *report.Report) *testSuites {
	doc := &testSuites{Name: toolName(r), Time: seconds(r.Summary.DurationMS)}
	var order []string
	suites := map[string]*testSuite{}
	addSuite := func(m check.Meta) *testSuite {
		if s, ok := suites[m.ID]; ok {
			return s
		}
		s := newSuite(m)
		suites[m.ID] = s
		order = append(order, m.ID)
		return s
	}
	for _, m := range r.Checks {
		addSuite(m)
	}
	for _, f := range r.Findings {
		s := addSuite(check.Meta{ID: f.Check.ID, Title: f.Check.Title, Severity: f.Check.Severity, Frameworks: f.Check.Frameworks})
		s.add(findingCase(f))
	}
	for _, id := range order {
		doc.add(suites[id])
	}
	for _, f := range r.Frameworks {
		doc.add(frameworkSuite(f))
	}
	if len(r.Errors) > 0 {
		s := &testSuite{Name: InputErrorsSuite}
		for _, e := range r.Errors {
			s.add(errorCase(e))
		}
		doc.add(s)
	}
	return doc
}

func newSuite(m check.Meta) *testSuite {
	props := []property{{Name: "severity", Value: string(m.Severity)}}
	if m.Category != "" {
		props = append(props, property{Name: "category", Value: m.Category})
	}
	for _, k := range check.FrameworkKeys(m.Frameworks) {
		props = append(props, property{Name: k, Value: strings.Join(m.Frameworks[k], ", ")})
	}
	return &testSuite{Name: m.ID + ": " + m.Title, Properties: &properties{Property: props}}
}

func findingCase(f report.Finding) testCase {
	name := f.Check.ID
	if f.Path != "" {
		name += ": " + f.Path
	}
	tc := testCase{Classname: resourceName(f.Resource), Name: name}
	if f.Location != nil {
		tc.File = f.Location.File
	}
	switch f.Status {
	case check.Fail:
		tc.Failure = &outcome{Message: f.Message, Type: string(f.Check.Severity), Text: xmlSafe(details(f))}
	case check.Excepted:
		reason := "excepted"
		if f.Exception != nil && f.Exception.Reason != "" {
			reason += ": " + f.Exception.Reason
		}
		tc.Skipped = &outcome{Message: reason}
	case check.NotApplicable:
		tc.Skipped = &outcome{Message: "not applicable: " + f.Message}
	case check.NotChecked:
		tc.Error = &outcome{Message: f.Message, Type: string(check.NotChecked)}
	}
	return tc
}

// details is the failure body: where the problem is and how to fix it.
func details(f report.Finding) string {
	lines := []string{"resource: " + resourceName(f.Resource)}
	if loc := f.Location.String(); loc != "" {
		lines = append(lines, "location: "+loc)
	}
	if f.Path != "" {
		lines = append(lines, "field: "+f.Path)
	}
	if f.Remediation != "" {
		lines = append(lines, "remediation: "+f.Remediation)
	}
	if f.Risk != nil {
		lines = append(lines, fmt.Sprintf("risk: %d", f.Risk.Score))
		for _, why := range f.Risk.Factors {
			lines = append(lines, "  "+why)
		}
	}
	if f.Baseline != "" {
		lines = append(lines, "baseline: "+f.Baseline)
	}
	for _, k := range check.FrameworkKeys(f.Check.Frameworks) {
		lines = append(lines, k+": "+strings.Join(f.Check.Frameworks[k], ", "))
	}
	return strings.Join(lines, "\n")
}

func errorCase(e report.Error) testCase {
	where := (&inventory.Location{File: e.File, Line: e.Line}).String()
	if where == "" {
		where = "input"
	}
	return testCase{
		Classname: orDefault(e.File, "input"),
		Name:      where,
		File:      e.File,
		Error:     &outcome{Message: e.Message, Type: "input error", Text: xmlSafe(e.Error())},
	}
}

// resourceName is "Kind/namespace/name", leaving out what is empty
// (cluster-scoped objects, nameless config documents).
func resourceName(ref inventory.Ref) string {
	parts := []string{ref.Kind}
	for _, p := range []string{ref.Namespace, ref.Name} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

func toolName(r *report.Report) string {
	return orDefault(r.Tool.Name, "palisade")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func seconds(ms int64) string {
	return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)
}

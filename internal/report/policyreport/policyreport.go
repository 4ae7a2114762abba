// Package policyreport renders a report as wgpolicyk8s.io/v1alpha2
// PolicyReport and ClusterPolicyReport objects, a multi-document YAML stream
// that `kubectl apply` stores for Policy Reporter and similar tools: one
// PolicyReport per namespace with findings, and one ClusterPolicyReport for
// cluster-scoped resources and node configuration.
package policyreport

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/report"
)

// Name is the name of every report Palisade writes, so a new scan replaces
// the previous one when applied.
const Name = "palisade"

// Options tune the rendering.
type Options struct {
	// Time stamps every result; the zero time leaves timestamps out.
	Time time.Time
}

// Write renders r as YAML documents: the ClusterPolicyReport first (always,
// so an apply also clears old cluster results), then one PolicyReport per
// namespace in name order. r is not modified.
func Write(w io.Writer, r *report.Report, opts Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for i, doc := range Build(r, opts) {
		if i > 0 {
			bw.WriteString("---\n")
		}
		if err := writeDoc(bw, doc); err != nil {
			return fmt.Errorf("writing %s %s/%s: %w", doc.Kind, doc.Metadata.Namespace, doc.Metadata.Name, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing PolicyReport: %w", err)
	}
	return nil
}

// writeDoc writes one report, its results one at a time: the YAML encoder
// keeps every event of a document until the document ends, which makes one
// large document many times slower than the same content in pieces. The
// text is the same as encoding the whole document.
func writeDoc(w *bufio.Writer, doc PolicyReport) error {
	results := doc.Results
	doc.Results = nil // Results is the last field, so it goes after the head
	head, err := marshal(doc)
	if err != nil {
		return err
	}
	w.Write(head)
	if len(results) > 0 {
		w.WriteString("results:\n")
	}
	for i := range results {
		item, err := marshal(results[i : i+1])
		if err != nil {
			return err
		}
		for line := range bytes.Lines(item) {
			w.WriteString("  ")
			w.Write(line)
		}
	}
	return nil
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Build returns the report objects for r.
func Build(r *report.Report, opts Options) []PolicyReport {
	categories := map[string]string{}
	for _, c := range r.Checks {
		categories[c.ID] = c.Category
	}
	cluster := newReport(KindClusterPolicyReport, "", r.Tool)
	namespaced := map[string]*PolicyReport{}
	for i := range r.Findings {
		f := &r.Findings[i]
		res := result(f, categories[f.Check.ID], opts.Time)
		target := &cluster
		if ns := f.Resource.Namespace; ns != "" {
			if namespaced[ns] == nil {
				pr := newReport(KindPolicyReport, ns, r.Tool)
				namespaced[ns] = &pr
			}
			target = namespaced[ns]
		}
		target.add(res)
	}
	out := []PolicyReport{cluster}
	names := make([]string, 0, len(namespaced))
	for ns := range namespaced {
		names = append(names, ns)
	}
	slices.Sort(names)
	for _, ns := range names {
		out = append(out, *namespaced[ns])
	}
	return out
}

func newReport(kind, namespace string, tool report.Tool) PolicyReport {
	return PolicyReport{
		APIVersion: APIVersion, Kind: kind,
		Metadata: Metadata{
			Name: Name, Namespace: namespace,
			Labels:      map[string]string{"app.kubernetes.io/managed-by": tool.Name},
			Annotations: map[string]string{"palisade.dev/version": tool.Version},
		},
	}
}

func (pr *PolicyReport) add(res Result) {
	pr.Results = append(pr.Results, res)
	switch res.Result {
	case ResultPass:
		pr.Summary.Pass++
	case ResultFail:
		pr.Summary.Fail++
	case ResultWarn:
		pr.Summary.Warn++
	case ResultError:
		pr.Summary.Error++
	default:
		pr.Summary.Skip++
	}
}

// results maps a finding's status to the CRD's result: an excepted or
// not-applicable finding was skipped, a not-checked one could not be
// evaluated (error), never a pass.
var results = map[check.Status]string{
	check.Fail: ResultFail, check.Pass: ResultPass, check.Excepted: ResultSkip,
	check.NotApplicable: ResultSkip, check.NotChecked: ResultError,
}

func result(f *report.Finding, category string, at time.Time) Result {
	res := Result{
		Source: Name, Policy: f.Check.ID, Category: category, Severity: string(f.Check.Severity),
		Result: results[f.Status], Message: f.Message, Properties: properties(f),
		Resources: []ObjectReference{{
			APIVersion: f.Resource.APIVersion, Kind: f.Resource.Kind,
			Namespace: f.Resource.Namespace, Name: f.Resource.Name, FieldPath: f.Path,
		}},
	}
	if res.Result == "" {
		res.Result = ResultError
		res.Properties["status"] = string(f.Status)
	}
	res.Scored = res.Result == ResultPass || res.Result == ResultFail
	if !at.IsZero() {
		res.Timestamp = &Timestamp{Seconds: at.Unix(), Nanos: int32(at.Nanosecond())}
	}
	return res
}

// properties carries the finding's details that the schema has no field for.
func properties(f *report.Finding) map[string]string {
	p := map[string]string{"title": f.Check.Title}
	set := func(k, v string) {
		if v != "" {
			p[k] = v
		}
	}
	set("remediation", f.Remediation)
	set("location", f.Location.String())
	for _, k := range check.FrameworkKeys(f.Check.Frameworks) {
		set(k, strings.Join(f.Check.Frameworks[k], ", "))
	}
	if f.Risk != nil {
		set("risk", strconv.Itoa(f.Risk.Score))
		set("riskFactors", strings.Join(f.Risk.Factors, "; "))
	}
	set("baseline", f.Baseline)
	if e := f.Exception; e != nil {
		set("exception", e.Reason)
		set("exceptionSource", e.Source)
		set("exceptionExpires", e.Expires)
	}
	if fix := f.Fix; fix != nil {
		set("fix", fix.Description)
		set("fixSnippet", fix.Snippet)
		if fix.Risky {
			p["fixRisky"] = "true"
		}
	}
	return p
}

package junit

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

func TestWriteGolden(t *testing.T) {
	reporttest.Golden(t, ".xml", reporttest.NoOptions(Write), []reporttest.Case[struct{}]{
		{Name: "report", Report: testReport()},
		{Name: "full", Report: reporttest.Full()},
	})
}

// parsed is JUnit as a CI system reads it.
type parsed struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parse(t *testing.T, r *report.Report) parsed {
	t.Helper()
	out := reporttest.Render(t, Write, r)
	if !strings.HasPrefix(out, xml.Header) {
		t.Errorf("output does not start with the XML declaration")
	}
	var doc parsed
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, out)
	}
	return doc
}

func TestCounts(t *testing.T) {
	doc := parse(t, testReport())
	if doc.Tests != 7 || doc.Failures != 5 || doc.Skipped != 1 || doc.Errors != 1 {
		t.Errorf("totals tests=%d failures=%d skipped=%d errors=%d, want 7 5 1 1",
			doc.Tests, doc.Failures, doc.Skipped, doc.Errors)
	}
	type counts struct{ tests, failures, errors, skipped int }
	want := map[string]counts{
		"host-pid: Pod shares the host PID namespace":               {0, 0, 0, 0},
		"image-tag-latest: Image uses the latest tag":               {2, 2, 0, 0},
		"kubelet-anonymous-auth: Kubelet allows anonymous requests": {1, 1, 0, 0},
		"privileged-container: Container runs privileged":           {2, 1, 0, 1},
		"rbac-wildcard-verbs: Role grants every verb":               {1, 1, 0, 0},
		InputErrorsSuite: {1, 0, 1, 0},
	}
	if len(doc.Suites) != len(want) {
		t.Errorf("got %d suites, want %d", len(doc.Suites), len(want))
	}
	for _, s := range doc.Suites {
		got := counts{s.Tests, s.Failures, s.Errors, s.Skipped}
		if w, ok := want[s.Name]; !ok || got != w || len(s.Cases) != s.Tests {
			t.Errorf("suite %q: counts %+v with %d cases, want %+v", s.Name, got, len(s.Cases), w)
		}
	}
}

func TestCases(t *testing.T) {
	doc := parse(t, testReport())
	byName := map[string]int{}
	for i, s := range doc.Suites {
		byName[s.Name] = i
	}
	priv := doc.Suites[byName["privileged-container: Container runs privileged"]].Cases
	if c := priv[0]; c.Classname != "Deployment/shop/api" ||
		c.Name != "privileged-container: spec.template.spec.containers[0].securityContext.privileged" ||
		c.Failure == nil || c.Failure.Type != "critical" || c.Failure.Message != `container "api" runs privileged` ||
		!strings.Contains(c.Failure.Text, "deploy/api.yaml:31:13") || !strings.Contains(c.Failure.Text, "remediation: ") {
		t.Errorf("failing case = %+v, failure %+v", c, c.Failure)
	}
	if c := priv[1]; c.Classname != "DaemonSet/kube-system/node-agent" || c.Skipped == nil ||
		!strings.Contains(c.Skipped.Message, "the agent loads eBPF programs") {
		t.Errorf("excepted case = %+v, skipped %+v", c, c.Skipped)
	}
	if c := doc.Suites[byName["rbac-wildcard-verbs: Role grants every verb"]].Cases[0]; c.Classname != "ClusterRole/ops-admin" {
		t.Errorf("cluster-scoped classname = %q", c.Classname)
	}
	in := doc.Suites[byName[InputErrorsSuite]].Cases[0]
	if in.Name != "deploy/broken.yaml:12" || in.Error == nil || in.Error.Message != "mapping values are not allowed in this context" {
		t.Errorf("input error case = %+v, error %+v", in, in.Error)
	}
}

func TestNoErrorsNoErrorSuite(t *testing.T) {
	r := testReport()
	r.Errors = nil
	for _, s := range parse(t, r).Suites {
		if s.Name == InputErrorsSuite {
			t.Error("input errors suite present without errors")
		}
	}
}

func TestEmptyReport(t *testing.T) {
	doc := parse(t, &report.Report{})
	if doc.Tests != 0 || len(doc.Suites) != 0 {
		t.Errorf("empty report gave %d tests in %d suites", doc.Tests, len(doc.Suites))
	}
}

func TestHostileTextStaysValidXML(t *testing.T) {
	r := testReport()
	r.Findings[0].Message = "a \x1b[31mred\x1b[0m <b> & \"q\""
	r.Findings[0].Path = "data[\"]]>\"]"
	r.Errors[0].Message = "binary \x00 input ]]> here"
	doc := parse(t, r)
	if doc.Failures != 5 || doc.Errors != 1 {
		t.Errorf("failures=%d errors=%d after hostile text", doc.Failures, doc.Errors)
	}
}

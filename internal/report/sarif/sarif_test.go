package sarif

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

func TestWriteGolden(t *testing.T) {
	reporttest.Golden(t, ".sarif", Write, []reporttest.Case[Options]{
		{Name: "report", Report: testReport()},
		{Name: "full", Report: reporttest.FullWithBaseline()},
	})
}

func TestBuildValidatesAgainstSchema(t *testing.T) {
	for _, r := range []*report.Report{testReport(), reporttest.FullWithBaseline()} {
		if err := Build(r, Options{}).Validate(); err != nil {
			t.Fatal(err)
		}
	}
}

// sarifLog is the part of SARIF that GitHub code scanning reads.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string      `json:"name"`
				Version        string      `json:"version"`
				InformationURI string      `json:"informationUri"`
				Rules          []sarifRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []sarifResult `json:"results"`
	} `json:"runs"`
}

type text struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string `json:"id"`
	Name                 string `json:"name"`
	ShortDescription     text   `json:"shortDescription"`
	FullDescription      text   `json:"fullDescription"`
	Help                 text   `json:"help"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
	Properties struct {
		SecuritySeverity string   `json:"security-severity"`
		Tags             []string `json:"tags"`
	} `json:"properties"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex int    `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   text   `json:"message"`
	Locations []struct {
		PhysicalLocation *struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region *struct {
				StartLine   int `json:"startLine"`
				StartColumn int `json:"startColumn"`
			} `json:"region"`
		} `json:"physicalLocation"`
		LogicalLocations []struct {
			Name               string `json:"name"`
			FullyQualifiedName string `json:"fullyQualifiedName"`
		} `json:"logicalLocations"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
	} `json:"suppressions"`
}

func parse(t *testing.T, r *report.Report) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(reporttest.RenderWith(t, Write, r, Options{})), &log); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0") {
		t.Errorf("version %q schema %q, want 2.1.0", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(log.Runs))
	}
	return log
}

func TestDriverAndRules(t *testing.T) {
	r := testReport()
	driver := parse(t, r).Runs[0].Tool.Driver
	if driver.Name != "palisade" || driver.Version != "0.1.0-test" || driver.InformationURI != InformationURI {
		t.Errorf("driver = %q %q %q", driver.Name, driver.Version, driver.InformationURI)
	}
	if len(driver.Rules) != len(r.Checks) {
		t.Fatalf("got %d rules, want one per check (%d)", len(driver.Rules), len(r.Checks))
	}
	for i, m := range r.Checks {
		rule := driver.Rules[i]
		t.Run(m.ID, func(t *testing.T) {
			if rule.ID != m.ID || rule.Name == "" || rule.ShortDescription.Text != m.Title || rule.FullDescription.Text != m.Rationale {
				t.Errorf("rule = %+v", rule)
			}
			for _, want := range []string{m.Rationale, m.Remediation} {
				if !strings.Contains(rule.Help.Text, want) || !strings.Contains(rule.Help.Markdown, want) {
					t.Errorf("help does not contain %q: %+v", want, rule.Help)
				}
			}
			if _, err := strconv.ParseFloat(rule.Properties.SecuritySeverity, 64); err != nil {
				t.Errorf("security-severity %q is not a number", rule.Properties.SecuritySeverity)
			}
			if rule.Properties.Tags[0] != "security" {
				t.Errorf("tags %v do not start with security", rule.Properties.Tags)
			}
			for k, refs := range m.Frameworks {
				for _, ref := range refs {
					if !strings.Contains(strings.Join(rule.Properties.Tags, "|"), k+":"+ref) || !strings.Contains(rule.Help.Text, ref) {
						t.Errorf("framework ref %s %s missing from tags %v or help", k, ref, rule.Properties.Tags)
					}
				}
			}
			if rule.DefaultConfiguration.Level != level(m.Severity) {
				t.Errorf("default level %q, want %q", rule.DefaultConfiguration.Level, level(m.Severity))
			}
		})
	}
}

func TestResults(t *testing.T) {
	r := testReport()
	run := parse(t, r).Runs[0]
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("got %d results, want %d", len(run.Results), len(r.Findings))
	}
	seen := map[string]bool{}
	for i, f := range r.Findings {
		res := run.Results[i]
		t.Run(f.Check.ID+"/"+f.Resource.Name, func(t *testing.T) {
			if res.RuleID != f.Check.ID || run.Tool.Driver.Rules[res.RuleIndex].ID != f.Check.ID {
				t.Errorf("ruleId %q ruleIndex %d do not name %s", res.RuleID, res.RuleIndex, f.Check.ID)
			}
			if res.Level != level(f.Check.Severity) {
				t.Errorf("level %q for %s", res.Level, f.Check.Severity)
			}
			for _, want := range []string{f.Resource.Kind, f.Resource.Namespace, f.Resource.Name, f.Path, f.Message} {
				if !strings.Contains(res.Message.Text, want) {
					t.Errorf("message %q does not contain %q", res.Message.Text, want)
				}
			}
			if len(res.Locations) == 0 || len(res.Locations[0].LogicalLocations) == 0 {
				t.Fatalf("no location with a logical location: %+v", res.Locations)
			}
			checkPhysical(t, f.Location, res)
			fp := res.PartialFingerprints[FingerprintKey]
			if fp == "" || seen[fp] {
				t.Errorf("fingerprint %q is empty or not unique", fp)
			}
			seen[fp] = true
			excepted := f.Status == check.Excepted
			if excepted != (len(res.Suppressions) == 1) {
				t.Fatalf("status %s with suppressions %+v", f.Status, res.Suppressions)
			}
			if excepted && (res.Suppressions[0].Kind != "external" || res.Suppressions[0].Justification != f.Exception.Reason) {
				t.Errorf("suppression %+v, want external with the exception reason", res.Suppressions[0])
			}
		})
	}
}

func checkPhysical(t *testing.T, want *inventory.Location, res sarifResult) {
	t.Helper()
	phys := res.Locations[0].PhysicalLocation
	if want == nil || want.File == "" {
		if phys != nil {
			t.Errorf("physical location %+v for a finding without a file", phys)
		}
		return
	}
	if phys == nil || phys.ArtifactLocation.URI != want.File {
		t.Fatalf("physical location %+v, want uri %q", phys, want.File)
	}
	if want.Line == 0 {
		if phys.Region != nil {
			t.Errorf("region %+v for a location without a line", phys.Region)
		}
		return
	}
	if phys.Region == nil || phys.Region.StartLine != want.Line || phys.Region.StartColumn != want.Column {
		t.Errorf("region %+v, want line %d column %d", phys.Region, want.Line, want.Column)
	}
}

func TestOnlyFailAndExceptedBecomeResults(t *testing.T) {
	r := testReport()
	pass := r.Findings[0]
	pass.Status = check.Pass
	na := r.Findings[0]
	na.Status = check.NotApplicable
	r.Findings = []report.Finding{pass, na}
	if n := len(parse(t, r).Runs[0].Results); n != 0 {
		t.Errorf("got %d results for pass and not-applicable findings, want 0", n)
	}
}

func TestRuleForFindingWithoutCheckMeta(t *testing.T) {
	r := testReport()
	r.Checks = nil
	run := parse(t, r).Runs[0]
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s points at rule %d", res.RuleID, res.RuleIndex)
		}
	}
}

package sarif

import (
	"fmt"
	"strings"
	"unicode"

	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/palisade-dev/palisade/internal/check"
)

// ruleSet adds each check once to the run's driver and remembers its index.
type ruleSet struct {
	run   *gosarif.Run
	index map[string]int
}

func newRuleSet(run *gosarif.Run) *ruleSet {
	return &ruleSet{run: run, index: map[string]int{}}
}

// add describes m as a rule unless it is already there, and returns the
// rule's index in tool.driver.rules.
func (s *ruleSet) add(m check.Meta) int {
	if i, ok := s.index[m.ID]; ok {
		return i
	}
	rule := gosarif.NewRule(m.ID).
		WithName(ruleName(m.ID)).
		WithShortDescription(gosarif.NewMultiformatMessageString().WithText(m.Title)).
		WithFullDescription(gosarif.NewMultiformatMessageString().WithText(orTitle(m.Rationale, m.Title))).
		WithHelp(gosarif.NewMultiformatMessageString().WithText(helpText(m)).WithMarkdown(helpMarkdown(m))).
		WithDefaultConfiguration(gosarif.NewReportingConfiguration().WithLevel(level(m.Severity))).
		WithProperties(gosarif.NewPropertyBag().
			Add("security-severity", securitySeverity(m.Severity)).
			WithTags(tags(m)))
	s.run.Tool.Driver.AddRule(rule)
	s.index[m.ID] = len(s.run.Tool.Driver.Rules) - 1
	return s.index[m.ID]
}

// ruleName turns "kubelet-anonymous-auth" into "KubeletAnonymousAuth", the
// identifier-like form SARIF expects of a rule name.
func ruleName(id string) string {
	var b strings.Builder
	upper := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func orTitle(s, title string) string {
	if s == "" {
		return title
	}
	return s
}

// tags are what GitHub lets users filter alerts by: "security" (which
// makes GitHub treat the rule as a security rule), the category, and one
// tag per framework reference.
func tags(m check.Meta) []string {
	out := []string{"security"}
	if m.Category != "" {
		out = append(out, m.Category)
	}
	for _, k := range check.FrameworkKeys(m.Frameworks) {
		for _, ref := range m.Frameworks[k] {
			out = append(out, k+":"+ref)
		}
	}
	return out
}

func helpText(m check.Meta) string {
	parts := []string{orTitle(m.Rationale, m.Title)}
	if m.Remediation != "" {
		parts = append(parts, "Remediation: "+m.Remediation)
	}
	if keys := check.FrameworkKeys(m.Frameworks); len(keys) > 0 {
		refs := make([]string, len(keys))
		for i, k := range keys {
			refs[i] = k + " " + strings.Join(m.Frameworks[k], ", ")
		}
		parts = append(parts, "References: "+strings.Join(refs, "; ")+".")
	}
	return strings.Join(parts, "\n\n")
}

func helpMarkdown(m check.Meta) string {
	var b strings.Builder
	b.WriteString(orTitle(m.Rationale, m.Title))
	if m.Remediation != "" {
		fmt.Fprintf(&b, "\n\n**Remediation:** %s", m.Remediation)
	}
	keys := check.FrameworkKeys(m.Frameworks)
	if len(keys) > 0 {
		b.WriteString("\n\n**References**\n")
	}
	for _, k := range keys {
		refs := make([]string, len(m.Frameworks[k]))
		for i, ref := range m.Frameworks[k] {
			refs[i] = markdownRef(k, ref)
		}
		fmt.Fprintf(&b, "\n- %s: %s", k, strings.Join(refs, ", "))
	}
	return b.String()
}

// markdownRef links MITRE ATT&CK techniques to their pages; other
// frameworks have no stable per-control URLs, so they stay plain text.
func markdownRef(framework, ref string) string {
	if framework != check.MITRE || !strings.HasPrefix(ref, "T") {
		return ref
	}
	return fmt.Sprintf("[%s](https://attack.mitre.org/techniques/%s/)", ref, strings.ReplaceAll(ref, ".", "/"))
}

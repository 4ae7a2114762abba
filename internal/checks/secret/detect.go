package secret

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/zricethezav/gitleaks/v8/report"
)

// minSecretLen is the shortest value judged: shorter values are settings
// (ports, levels, flags), and too short to show even partly.
const minSecretLen = 8

// Palisade's own rules, beside gitleaks' rule IDs.
const (
	ruleURLPassword    = "url-password"
	ruleCredentialName = "credential-name"
	ruleKeyStore       = "key-store-file"
	ruleSecretData     = "secret-data"
)

// A match is one credential found in a value. Secret is never shown; only
// its redacted form is.
type match struct {
	// Rule is a gitleaks rule ID or one of Palisade's rules.
	Rule   string
	Secret string
	// Line is the 1-based line of the secret in a multi-line value, else 0.
	Line int
	// Field is the field inside a structured (JSON) value, else "".
	Field string
}

// String describes the match for a message, with the secret redacted.
func (m match) String() string {
	var why string
	switch m.Rule {
	case ruleURLPassword:
		why = "password in a URL"
	case ruleCredentialName:
		why = "credential-like name with a random-looking value"
	case ruleKeyStore:
		why = "key store file"
	case ruleSecretData:
		why = "data of a Secret"
	default:
		why = "gitleaks rule " + m.Rule
	}
	where := ""
	if m.Field != "" {
		where = " at " + m.Field
	}
	if m.Line > 0 {
		where += " on line " + strconv.Itoa(m.Line) + " of the value"
	}
	if m.Rule == ruleKeyStore {
		return where + " (" + why + ", " + strconv.Itoa(len(m.Secret)) + " bytes)"
	}
	return where + " (" + why + "): " + redact(m.Secret)
}

// scanValue looks for a credential in the value of a named setting (an
// environment variable, a ConfigMap key, an annotation). A multi-line value
// is a file: gitleaks scans it whole and the name heuristic runs on each of
// its "key: value" or "key=value" lines.
func scanValue(name, value string) (match, bool) {
	v := strings.TrimSpace(value)
	if len(v) < minSecretLen || isWholeReference(v) {
		return match{}, false
	}
	class := classify(name)
	if class == locationName {
		return match{}, false
	}
	multi := strings.Contains(v, "\n")
	m, ok := find(name, class, v, multi)
	if ok && multi {
		if i := strings.Index(v, m.Secret); i >= 0 {
			m.Line = 1 + strings.Count(v[:i], "\n")
		}
	}
	return m, ok
}

func find(name string, class nameClass, v string, multi bool) (match, bool) {
	var generic *match
	findings := gitleaksFindings(name, v, multi)
	// gitleaks runs its rules in map order: sort for stable reports.
	slices.SortFunc(findings, func(a, b report.Finding) int {
		return cmp.Or(cmp.Compare(strings.Index(v, a.Secret), strings.Index(v, b.Secret)), cmp.Compare(a.RuleID, b.RuleID))
	})
	for _, f := range findings {
		if !strings.Contains(v, f.Secret) {
			continue // matched in the name, not the value
		}
		if f.RuleID != genericRule {
			return match{Rule: f.RuleID, Secret: f.Secret}, true
		}
		if generic == nil && class != descriptorName && plausibleSecret(f.Secret) {
			generic = &match{Rule: f.RuleID, Secret: f.Secret}
		}
	}
	if m, ok := urlPassword(v); ok {
		return m, true
	}
	if generic != nil {
		return *generic, true
	}
	if !multi {
		if class == credentialName && looksRandom(v) {
			return match{Rule: ruleCredentialName, Secret: v}, true
		}
		return match{}, false
	}
	for line := range strings.SplitSeq(v, "\n") {
		if k, val, ok := assignment(line); ok && classify(k) == credentialName && looksRandom(val) {
			return match{Rule: ruleCredentialName, Secret: val}, true
		}
	}
	return match{}, false
}

// gitleaksFindings runs gitleaks on "name=value" (its key-context rules need
// the name), without its generic rule, which the credential-name heuristic
// replaces; or on a multi-line value alone, with the generic rule on each
// line that has one of its keywords. Values with no digit, no mixed case
// and no PEM armour are skipped: no rule matches them in practice (gitleaks
// itself ignores letters-only generic secrets), and most settings
// ("production", "info", "https://auth.example.com/x") are such.
func gitleaksFindings(name, v string, multi bool) []report.Finding {
	if !worthGitleaks(v) {
		return nil
	}
	g, err := loadRules()
	if err != nil {
		return nil // reported once per check by withRules
	}
	if !multi {
		if name != "" {
			v = name + "=" + v
		}
		return g.specific.find(v)
	}
	findings := g.specific.find(v)
	for line := range strings.SplitSeq(v, "\n") {
		if worthGitleaks(line) {
			findings = append(findings, g.generic.find(line)...)
		}
	}
	return findings
}

func worthGitleaks(v string) bool {
	var digit, upper, lower bool
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		}
	}
	return digit || (upper && lower) || strings.Contains(v, "-----")
}

// assignment splits a line of a properties, env, INI or YAML file into key
// and value; ok is false for other lines.
func assignment(line string) (key, value string, ok bool) {
	line = strings.TrimSpace(line)
	i := strings.IndexAny(line, ":=")
	if i <= 0 || strings.HasPrefix(line, "#") {
		return "", "", false
	}
	key = strings.Trim(strings.TrimSpace(line[:i]), `"'`)
	value = strings.TrimSpace(line[i+1:])
	value = strings.TrimSuffix(value, ",")
	value = strings.Trim(value, `"'`)
	if key == "" || strings.ContainsAny(key, " \t") {
		return "", "", false
	}
	return key, value, true
}

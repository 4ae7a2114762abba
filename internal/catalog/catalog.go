// Package catalog renders the check registry as the Markdown catalog in
// docs/checks.md; a test keeps that file in step with the registry.
package catalog

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
)

// Markdown renders every check, grouped by category, as Markdown.
func Markdown(reg *check.Registry) []byte {
	var b bytes.Buffer
	b.WriteString("# Check catalog\n\n")
	b.WriteString("Generated from the check registry by `go run ./cmd/palisade-docs`; do not edit by hand.\n")
	b.WriteString("`palisade checks show ID` prints the same for one check.\n\n")
	byCat := map[string][]*check.Check{}
	for _, c := range reg.All() {
		byCat[c.Category] = append(byCat[c.Category], c)
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	b.WriteString("| ID | Severity | Title | Frameworks |\n|---|---|---|---|\n")
	for _, cat := range cats {
		for _, c := range byCat[cat] {
			fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", c.ID, anchor(c.ID), c.Severity, c.Title, frameworks(c.Frameworks, "; "))
		}
	}
	for _, cat := range cats {
		fmt.Fprintf(&b, "\n## %s\n", title(cat))
		for _, c := range byCat[cat] {
			detail(&b, c)
		}
	}
	return b.Bytes()
}

func detail(b *bytes.Buffer, c *check.Check) {
	fmt.Fprintf(b, "\n### %s\n\n**%s** — severity %s", c.ID, c.Title, c.Severity)
	if c.OptIn {
		b.WriteString(", runs only when asked for (`--pss-level`)")
	}
	fmt.Fprintf(b, ".\n\n%s\n\n**Fix:** %s\n", c.Rationale, c.Remediation)
	if len(c.Frameworks) > 0 {
		fmt.Fprintf(b, "\n**Frameworks:** %s\n", frameworks(c.Frameworks, "; "))
	}
}

func frameworks(f map[string][]string, sep string) string {
	var parts []string
	for _, k := range check.FrameworkKeys(f) {
		parts = append(parts, k+" "+strings.Join(f[k], ", "))
	}
	return strings.Join(parts, sep)
}

func anchor(id string) string {
	return strings.ToLower(strings.ReplaceAll(id, ".", ""))
}

func title(cat string) string {
	if cat == "" {
		return "Other"
	}
	if cat == "pss" {
		return "Pod Security Standards"
	}
	return strings.ToUpper(cat[:1]) + cat[1:]
}

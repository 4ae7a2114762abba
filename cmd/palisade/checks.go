package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
)

func newChecksCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List every check",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			reg, err := checks.Registry()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tSEVERITY\tCATEGORY\tTITLE")
			for _, c := range reg.All() {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.ID, c.Severity, c.Category, c.Title)
			}
			return w.Flush()
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "show ID",
		Short: "Show a check's rationale, remediation and framework references",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := checks.Registry()
			if err != nil {
				return err
			}
			c := reg.Get(args[0])
			if c == nil {
				return fmt.Errorf("no check %q (palisade checks lists them)", args[0])
			}
			fmt.Fprint(cmd.OutOrStdout(), describe(c.Meta))
			return nil
		},
	})
	return cmd
}

// describe renders a check's metadata for a person.
func describe(m check.Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\nSeverity:    %s\nCategory:    %s\n", m.ID, m.Title, m.Severity, m.Category)
	if m.OptIn {
		b.WriteString("Runs:        only when asked for (see --pss-level)\n")
	}
	fmt.Fprintf(&b, "\nWhy:\n  %s\n\nFix:\n  %s\n", m.Rationale, m.Remediation)
	if len(m.Frameworks) > 0 {
		b.WriteString("\nFrameworks:\n")
		for _, k := range check.FrameworkKeys(m.Frameworks) {
			fmt.Fprintf(&b, "  %-9s %s\n", k, strings.Join(m.Frameworks[k], ", "))
		}
	}
	return b.String()
}

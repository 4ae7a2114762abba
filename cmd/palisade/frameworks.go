package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/frameworks"
)

func newFrameworksCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "frameworks",
		Short: "List the compliance frameworks that scan --framework scores",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all, m, err := frameworkData()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tCONTROLS\tWITH CHECKS\tMANUAL\tTITLE")
			for _, f := range all {
				withChecks, manual := 0, 0
				for _, c := range f.Controls {
					if len(m.Checks(f.Name, c.ID)) > 0 {
						withChecks++
					}
					if c.Manual {
						manual++
					}
				}
				fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%s\n", f.Name, len(f.Controls), withChecks, manual, f.Title)
			}
			return w.Flush()
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "List a framework's controls and the checks that decide each",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := frameworks.Get(args[0])
			if err != nil {
				return err
			}
			_, m, err := frameworkData()
			if err != nil {
				return err
			}
			return showFramework(cmd.OutOrStdout(), f, m)
		},
	})
	return cmd
}

// frameworkData returns the frameworks and their mapping from the
// registry's checks.
func frameworkData() ([]*frameworks.Framework, frameworks.Mapping, error) {
	all, err := frameworks.All()
	if err != nil {
		return nil, nil, err
	}
	reg, err := checks.Registry()
	if err != nil {
		return nil, nil, err
	}
	metas := make([]check.Meta, 0, len(reg.All()))
	for _, c := range reg.All() {
		metas = append(metas, c.Meta)
	}
	return all, frameworks.Map(metas), nil
}

// showFramework lists every control: its ID, whether the framework leaves
// it to a person, its title, then the checks that decide it or, for a
// manual control no check decides, what to review.
func showFramework(out io.Writer, f *frameworks.Framework, m frameworks.Mapping) error {
	width := 0
	for _, c := range f.Controls {
		width = max(width, len(c.ID))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n%s\n\n", f.Name, f.Title, f.URL)
	indent := strings.Repeat(" ", width+2+11)
	for _, c := range f.Controls {
		kind := "automated"
		if c.Manual {
			kind = "manual"
		}
		fmt.Fprintf(&b, "%-*s  %-9s  %s\n", width, c.ID, kind, c.Title)
		switch ids := m.Checks(f.Name, c.ID); {
		case len(ids) > 0:
			fmt.Fprintf(&b, "%schecks: %s\n", indent, strings.Join(ids, ", "))
		case c.Manual:
			fmt.Fprintf(&b, "%sreview: %s\n", indent, c.Guidance)
		default:
			fmt.Fprintf(&b, "%sno check yet\n", indent)
		}
	}
	if _, err := io.WriteString(out, b.String()); err != nil {
		return fmt.Errorf("writing framework %s: %w", f.Name, err)
	}
	return nil
}

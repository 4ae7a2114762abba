package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/fix/manifests"
	"github.com/palisade-dev/palisade/internal/scan"
)

type fixFlags struct {
	dryRun     bool
	risky      bool
	only       []string
	configFile string
}

func newFixCommand() *cobra.Command {
	f := &fixFlags{}
	cmd := &cobra.Command{
		Use:   "fix PATH...",
		Short: "Apply the safe remediations to manifest files in place",
		Long: `Fix the failing findings of manifest files in place, as small text edits
that keep comments, key order and formatting of everything else.

Only safe remediations are applied unless --include-risky is given: those
that cannot change what a workload does (allowPrivilegeEscalation: false,
the RuntimeDefault seccomp profile, dropping NET_RAW, no service account
token for pods on the default account that nothing grants a role). Risky
ones (runAsNonRoot, readOnlyRootFilesystem, removing hostPath volumes,
capabilities or host namespaces) may break the workload: review them.

Helm charts and Kustomize overlays are never edited: the fix is printed
as the YAML to put into the chart or the overlay. Excepted findings are
never fixed. Run "palisade scan" afterwards to see what is left.

Exit codes: 0 done (or nothing to fix); 2 usage errors, inputs that could
not be read, or files that could not be written.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runFix(cmd, f, args) },
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the changes as a unified diff and write nothing (a real run re-scans what it wrote and may fix more)")
	fl.BoolVar(&f.risky, "include-risky", false, "also apply remediations that can change the workload's behaviour")
	fl.StringSliceVar(&f.only, "check", nil, "fix only these check IDs (repeatable or comma-separated)")
	fl.StringVar(&f.configFile, "config", "", "config file with exceptions (default ./"+config.FileName+" when present)")
	return cmd
}

// maxFixPasses bounds how often fix re-scans what it wrote: a fix can bring
// out findings that only apply after it (privileged: false makes the
// capability checks apply), and their fixes are applied in a next pass.
const maxFixPasses = 4

func runFix(cmd *cobra.Command, f *fixFlags, args []string) error {
	cfg, err := loadConfig(f.configFile)
	if err != nil {
		return err
	}
	plan := func() (*manifests.Result, error) {
		return manifests.Plan(cmd.Context(), manifests.Options{
			Scan:         scan.Options{Paths: args, Config: cfg, Only: f.only, Version: version},
			IncludeRisky: f.risky,
		})
	}
	res, err := plan()
	if err != nil {
		return err
	}
	out, log := cmd.OutOrStdout(), cmd.OutOrStdout()
	if f.dryRun {
		log = cmd.ErrOrStderr()
		for _, file := range res.Files {
			fmt.Fprint(out, file.Diff())
		}
		return finishFix(cmd, log, res, res.Fixed, len(res.Files), true)
	}
	fixed, files := res.Fixed, map[string]bool{}
	for pass := 1; len(res.Files) > 0 && len(res.Errors) == 0; pass++ {
		if err := res.Write(); err != nil {
			return err
		}
		for _, file := range res.Files {
			files[file.Path] = true
		}
		if pass == maxFixPasses {
			break
		}
		if res, err = plan(); err != nil {
			return err
		}
		fixed = append(fixed, res.Fixed...)
	}
	return finishFix(cmd, log, res, fixed, len(files), false)
}

// finishFix prints the input errors and the summary, and returns the exit
// code's error: 2 when inputs could not be read.
func finishFix(cmd *cobra.Command, log io.Writer, res *manifests.Result, fixed []manifests.Item, files int, dryRun bool) error {
	for _, e := range res.Errors {
		fmt.Fprintln(cmd.ErrOrStderr(), "error:", e.Error())
	}
	left := *res
	left.Fixed = fixed
	summarize(log, &left, files, dryRun)
	if len(res.Errors) > 0 {
		return exitError{code: exitErrors}
	}
	return nil
}

// summarize says what was fixed, what was left and why.
func summarize(w io.Writer, res *manifests.Result, files int, dryRun bool) {
	verb := "fixed"
	if dryRun {
		verb = "would fix"
	}
	fmt.Fprintf(w, "%s %d finding(s) in %d file(s)\n", verb, len(res.Fixed), files)
	for _, it := range res.Fixed {
		fmt.Fprintf(w, "  %s  %s\n", where(it), it.Remedy.Description)
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(w, "not fixed: %d finding(s)\n", len(res.Skipped))
		for _, it := range res.Skipped {
			fmt.Fprintf(w, "  %s  %s\n    %s\n", where(it), it.Remedy.Description, it.Reason)
			if it.Snippet != "" {
				fmt.Fprint(w, indent(it.Snippet, "      "))
			}
		}
	}
	if res.NoFix > 0 {
		fmt.Fprintf(w, "%d other failing finding(s) have no automatic fix (palisade scan lists them)\n", res.NoFix)
		for _, it := range res.Unfixable {
			fmt.Fprintf(w, "  %s  %s\n", where(it), it.Reason)
		}
	}
}

func where(it manifests.Item) string {
	f := it.Finding
	loc := ""
	if f.Location != nil {
		loc = f.Location.File
		if f.Location.Line > 0 {
			loc += fmt.Sprintf(":%d", f.Location.Line)
		}
		loc += " "
	}
	return fmt.Sprintf("%s%s %s/%s", loc, f.Check.ID, f.Resource.Kind, f.Resource.Name)
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(prefix + l)
		}
	}
	return b.String()
}

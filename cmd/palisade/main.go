// Command palisade scans Kubernetes manifests for security problems.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes, documented in the README.
const (
	exitClean    = 0 // no failing finding at or above --fail-on, no input error
	exitFindings = 1 // failing findings at or above --fail-on
	exitErrors   = 2 // usage error, bad config, or inputs that could not be read
)

// exitError carries an exit code out of a command.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit code; tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "palisade",
		Short:         "Kubernetes security posture scanner",
		Long:          "Palisade finds what makes Kubernetes workloads unsafe, says where, and says how to fix it.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newScanCommand(), newChecksCommand(), newRBACCommand(), newNetpolCommand(), newFrameworksCommand(), newFixCommand(), newNodeCommand(), newProbeCommand())
	err := root.Execute()
	var ee exitError
	switch {
	case err == nil:
		return exitClean
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "palisade:", err)
		return exitErrors
	}
}

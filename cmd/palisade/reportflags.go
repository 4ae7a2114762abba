package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/report"
)

// reportFlags are the flags of every command that writes a report (scan,
// node, probe): formats, the failure threshold, the config file, and which
// results to show.
type reportFlags struct {
	output      string
	outputFiles []string
	failOn      string
	configFile  string
	all         bool
	only        []string
	noColor     bool
}

// register adds the flags; checks describes which check IDs --check takes.
func (f *reportFlags) register(fl *pflag.FlagSet, checks string) {
	fl.StringVarP(&f.output, "output", "o", "table", "output format on stdout: "+strings.Join(formats, ", "))
	fl.StringArrayVar(&f.outputFiles, "output-file", nil, "also write FORMAT=PATH (repeatable), e.g. sarif=palisade.sarif")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when a failing finding is at or above: critical, high, medium, low, info, none (default high, or failOn in the config)")
	fl.StringVar(&f.configFile, "config", "", "config file (default ./"+config.FileName+" when present)")
	fl.BoolVar(&f.all, "all", false, "report passing and not-applicable results too")
	fl.StringSliceVar(&f.only, "check", nil, "run only these "+checks+" IDs (repeatable or comma-separated)")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the table (NO_COLOR is honoured too)")
}

// reportSetup is what the flags resolve to before a command runs.
type reportSetup struct {
	cfg       *config.Config
	threshold int
	outputs   []output
}

// prepare reads the config file and checks --fail-on and the outputs, so
// that a mistake fails before any work.
func (f *reportFlags) prepare() (*reportSetup, error) {
	cfg, err := loadConfig(f.configFile)
	if err != nil {
		return nil, err
	}
	threshold, err := failThreshold(f.failOn, cfg.FailOn)
	if err != nil {
		return nil, err
	}
	outputs, err := parseOutputs(f.output, f.outputFiles)
	if err != nil {
		return nil, err
	}
	return &reportSetup{cfg: cfg, threshold: threshold, outputs: outputs}, nil
}

// write renders the report in every output, colouring the table only on a
// terminal.
func (f *reportFlags) write(cmd *cobra.Command, s *reportSetup, rep *report.Report) error {
	color := !f.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(cmd.OutOrStdout())
	return writeOutputs(cmd.OutOrStdout(), s.outputs, rep, color)
}

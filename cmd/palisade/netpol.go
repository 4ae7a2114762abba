package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/netpol"
	"github.com/palisade-dev/palisade/internal/scan"
)

// netpolFlags are the flags of the netpol subcommands: the inputs, as
// for scan, and the output format.
type netpolFlags struct {
	in     inputFlags
	output string
	port   string
	all    bool
}

func newNetpolCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "netpol",
		Short: "Ask NetworkPolicy questions: who can reach what, and what the internet can reach",
		Long: `Evaluate the NetworkPolicies of manifests (PATH...) or of the live cluster
(no PATH, or --cluster) with the exact semantics of the Kubernetes API.
Cilium, Calico and AdminNetworkPolicy objects are counted but not
evaluated: traffic they may govern is answered "not evaluated".`,
	}
	cmd.AddCommand(newReachCommand(), newExposureCommand(), newCoverageCommand())
	return cmd
}

func newReachCommand() *cobra.Command {
	f := &netpolFlags{}
	cmd := &cobra.Command{
		Use:   "reach FROM TO [PATH... | -]",
		Short: "Say whether FROM may connect to TO, and which policies decide it",
		Long: `Say whether FROM may open a connection to TO, and which policies decide it.

FROM and TO are ns/workload (ns/Kind/workload when names repeat), ns/* (every
workload of the namespace), internet, or an IP address or CIDR outside the
cluster. --port is a number or a port name of TO, with an optional /TCP,
/UDP or /SCTP. Without --port every port TO declares is asked about, or
any port when it declares none.

Exit codes: 0 answered; 2 usage errors or inputs that could not be read.`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return runReach(cmd, f, args) },
	}
	f.register(cmd)
	cmd.Flags().StringVar(&f.port, "port", "", "destination port: P or P/PROTO, P a number or a port name of TO")
	return cmd
}

func newExposureCommand() *cobra.Command {
	f := &netpolFlags{}
	cmd := &cobra.Command{
		Use:   "exposure [PATH... | -]",
		Short: "List the workloads the internet or every namespace can reach",
		Long: `List the workloads reachable from outside the cluster (LoadBalancer and
NodePort Services, Ingresses, externalIPs, hostNetwork, hostPorts, unless
an ingress policy keeps the internet out) or from any pod of any namespace,
with the ports and the policies that decide it.

Exit codes: 0 listed; 2 usage errors or inputs that could not be read.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runExposure(cmd, f, args) },
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.all, "all", false, "list every workload, closed ones too")
	return cmd
}

// register adds the input flags scan has (cluster and Helm) and -o.
func (f *netpolFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.output, "output", "o", "table", "output format: table or json")
	f.in.register(fl, true)
}

// load reads the inventory from paths or the cluster, as a scan does, and
// builds the network model. It prints input errors and policies left out.
func (f *netpolFlags) load(cmd *cobra.Command, paths []string) (*netpol.Model, bool, error) {
	if f.output != "table" && f.output != "json" {
		return nil, false, fmt.Errorf("unknown output format %q (table or json)", f.output)
	}
	opts, err := f.in.options(cmd, paths)
	if err != nil {
		return nil, false, err
	}
	inv, err := scan.Load(cmd.Context(), opts)
	if err != nil {
		return nil, false, err
	}
	stderr := cmd.ErrOrStderr()
	for _, e := range inv.Errors {
		fmt.Fprintln(stderr, "error:", e.Error())
	}
	for _, c := range inv.Coverage {
		fmt.Fprintf(stderr, "not read: %s (%s) %s\n", c.Resource, c.Status, c.Message)
	}
	m := netpol.Build(inv)
	for _, p := range m.Problems {
		fmt.Fprintf(stderr, "warning: NetworkPolicy %s/%s left out, the API server would reject it: %s: %s\n", p.Object.Namespace, p.Object.Name, p.Path, p.Message)
	}
	return m, len(inv.Errors) > 0, nil
}

func runReach(cmd *cobra.Command, f *netpolFlags, args []string) error {
	m, inputErrors, err := f.load(cmd, args[2:])
	if err != nil {
		return err
	}
	answers, err := reach(m, args[0], args[1], f.port)
	if err != nil {
		return err
	}
	results := make([]netpol.ReachResult, 0, len(answers))
	for _, a := range answers {
		results = append(results, a.Result())
	}
	if err := writeReach(cmd.OutOrStdout(), f.output, results); err != nil {
		return err
	}
	return exitFor(inputErrors)
}

// reach asks every pair of endpoints, on --port or on each declared port
// of the destination.
func reach(m *netpol.Model, from, to, port string) ([]netpol.Answer, error) {
	srcs, err := m.Endpoints(from)
	if err != nil {
		return nil, fmt.Errorf("FROM: %w", err)
	}
	dsts, err := m.Endpoints(to)
	if err != nil {
		return nil, fmt.Errorf("TO: %w", err)
	}
	var asked *netpol.Port
	if port != "" {
		p, err := netpol.ParsePort(port)
		if err != nil {
			return nil, fmt.Errorf("--port: %w", err)
		}
		asked = &p
	}
	var out []netpol.Answer
	for _, d := range dsts {
		for _, p := range portsToAsk(d, asked) {
			for _, s := range srcs {
				a, err := m.Reach(s, d, p)
				if err != nil {
					return nil, err
				}
				out = append(out, a)
			}
		}
	}
	return out, nil
}

// portsToAsk is --port, or each port the destination declares, or any port.
func portsToAsk(dst netpol.Endpoint, asked *netpol.Port) []netpol.Port {
	if asked != nil {
		return []netpol.Port{*asked}
	}
	if dst.Workload == nil || len(dst.Workload.Ports) == 0 {
		return []netpol.Port{{}}
	}
	var out []netpol.Port
	for _, p := range dst.Workload.Ports {
		out = append(out, netpol.Port{Number: p.Number, Name: p.Name, Protocol: p.Protocol})
	}
	return out
}

func writeReach(w io.Writer, format string, results []netpol.ReachResult) error {
	if format == "json" {
		return writeJSON(w, results)
	}
	t := &textTable{header: []string{"FROM", "TO", "PORT", "VERDICT"}}
	for _, r := range results {
		t.add([]string{r.From, r.To, r.Port, strings.ToUpper(string(r.Verdict))},
			"egress:  "+r.Egress.Reason, "ingress: "+r.Ingress.Reason)
	}
	return t.write(w)
}

func runExposure(cmd *cobra.Command, f *netpolFlags, args []string) error {
	m, inputErrors, err := f.load(cmd, args)
	if err != nil {
		return err
	}
	var results []netpol.ExposureResult
	for _, e := range m.Exposures() {
		r := e.Result()
		if f.all || r.External != netpol.Denied || clusterWide(r) != "" {
			results = append(results, r)
		}
	}
	if err := writeExposure(cmd.OutOrStdout(), f.output, results); err != nil {
		return err
	}
	return exitFor(inputErrors)
}

// clusterWide lists the ports any pod of any namespace may reach (or
// whose answer is not evaluated, marked "?").
func clusterWide(r netpol.ExposureResult) string {
	var out []string
	for _, p := range r.ClusterWide {
		switch p.Verdict {
		case netpol.Allowed:
			out = append(out, p.Port)
		case netpol.NotEvaluated:
			out = append(out, p.Port+"?")
		}
	}
	return strings.Join(out, ", ")
}

func writeExposure(w io.Writer, format string, results []netpol.ExposureResult) error {
	if format == "json" {
		if results == nil {
			results = []netpol.ExposureResult{}
		}
		return writeJSON(w, results)
	}
	t := &textTable{header: []string{"WORKLOAD", "FROM OUTSIDE", "CLUSTER-WIDE PORTS"}}
	for _, r := range results {
		var details []string
		for _, rt := range r.Routes {
			details = append(details, fmt.Sprintf("%s %s/%s to %s: %s: %s", rt.Kind, rt.Via.Namespace, rt.Via.Name, rt.Port, rt.Verdict, rt.Reason))
		}
		if r.Unread != "" {
			details = append(details, "routes may be missing: "+r.Unread)
		}
		t.add([]string{r.Workload.Kind + " " + r.Workload.Namespace + "/" + r.Workload.Name, strings.ToUpper(string(r.External)), dash(clusterWide(r))}, details...)
	}
	return t.write(w)
}

// textTable is aligned rows, each followed by indented detail lines that do
// not count for the column widths.
type textTable struct {
	header  []string
	rows    [][]string
	details [][]string
}

func (t *textTable) add(row []string, details ...string) {
	t.rows = append(t.rows, row)
	t.details = append(t.details, details)
}

func (t *textTable) write(w io.Writer) error {
	widths := make([]int, len(t.header))
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], len(c))
		}
	}
	line := func(r []string) string {
		var b strings.Builder
		for i, c := range r {
			if i < len(r)-1 {
				c += strings.Repeat(" ", widths[i]-len(c)+2)
			}
			b.WriteString(c)
		}
		return b.String() + "\n"
	}
	var b strings.Builder
	b.WriteString(line(t.header))
	for i, r := range t.rows {
		b.WriteString(line(r))
		for _, d := range t.details[i] {
			b.WriteString("    " + d + "\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

// exitFor is exit 2 when inputs could not be read, else success.
func exitFor(inputErrors bool) error {
	if inputErrors {
		return exitError{code: exitErrors}
	}
	return nil
}

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/palisade-dev/palisade/internal/netpol"
)

func newCoverageCommand() *cobra.Command {
	f := &netpolFlags{}
	cmd := &cobra.Command{
		Use:   "coverage [PATH... | -]",
		Short: "Per namespace: NetworkPolicies, default deny, and how many workloads are isolated",
		Long: `List, per namespace, its NetworkPolicies (and Cilium or Calico policies,
counted but not evaluated), the policies that select every pod for ingress
or egress (default deny, possibly with allow rules), and how many of its
workloads a policy selects for ingress and for egress. An unselected pod
accepts and sends any traffic.

Exit codes: 0 listed; 2 usage errors or inputs that could not be read.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runCoverage(cmd, f, args) },
	}
	f.register(cmd)
	return cmd
}

// coverageResult is one namespace's row, in JSON.
type coverageResult struct {
	Namespace       string   `json:"namespace"`
	Policies        []string `json:"policies"`
	Others          []string `json:"otherPolicies,omitempty"`
	DefaultIngress  []string `json:"defaultIngress"`
	DefaultEgress   []string `json:"defaultEgress"`
	Workloads       int      `json:"workloads"`
	IngressIsolated int      `json:"ingressIsolated"`
	EgressIsolated  int      `json:"egressIsolated"`
}

func runCoverage(cmd *cobra.Command, f *netpolFlags, args []string) error {
	m, inputErrors, err := f.load(cmd, args)
	if err != nil {
		return err
	}
	results := []coverageResult{}
	for _, c := range m.Coverage() {
		results = append(results, coverageResult{Namespace: c.Namespace.Name, Policies: policyIDs(c.Namespace.Policies),
			Others: objectNames(c), DefaultIngress: policyIDs(c.DefaultIngress), DefaultEgress: policyIDs(c.DefaultEgress),
			Workloads: c.Workloads, IngressIsolated: c.IngressIsolated, EgressIsolated: c.EgressIsolated})
	}
	if err := writeCoverage(cmd.OutOrStdout(), f.output, results); err != nil {
		return err
	}
	return exitFor(inputErrors)
}

func policyIDs(ps []*netpol.Policy) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.ID())
	}
	return out
}

func objectNames(c netpol.NamespaceCoverage) []string {
	var out []string
	for _, o := range c.Others {
		out = append(out, o.Kind+" "+o.Name)
	}
	return out
}

func writeCoverage(w io.Writer, format string, results []coverageResult) error {
	if format == "json" {
		return writeJSON(w, results)
	}
	t := &textTable{header: []string{"NAMESPACE", "POLICIES", "DEFAULT INGRESS", "DEFAULT EGRESS", "WORKLOADS", "INGRESS ISOLATED", "EGRESS ISOLATED"}}
	for _, r := range results {
		var details []string
		if len(r.Others) > 0 {
			details = append(details, "not evaluated: "+strings.Join(r.Others, ", "))
		}
		t.add([]string{r.Namespace, fmt.Sprint(len(r.Policies) + len(r.Others)), dash(strings.Join(r.DefaultIngress, ", ")),
			dash(strings.Join(r.DefaultEgress, ", ")), fmt.Sprint(r.Workloads),
			fmt.Sprintf("%d/%d", r.IngressIsolated, r.Workloads), fmt.Sprintf("%d/%d", r.EgressIsolated, r.Workloads)}, details...)
	}
	return t.write(w)
}

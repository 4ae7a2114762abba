package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/source/helm"
)

// inputFlags say what a command reads: paths (files, directories, charts,
// Kustomize directories, - for stdin) or, with no path or --cluster, the
// live cluster. scan, netpol and rbac read their inputs the same way.
type inputFlags struct {
	helm        helm.Options
	namespaces  []string
	cluster     bool
	clusterOpts cluster.Options
}

// register adds the input flags; without namespaces, -n is left to the
// command (rbac's -n is the namespace of the request asked about).
func (f *inputFlags) register(fl *pflag.FlagSet, namespaces bool) {
	fl.StringArrayVarP(&f.helm.ValuesFiles, "values", "f", nil, "Helm values file (repeatable)")
	fl.StringArrayVar(&f.helm.Set, "set", nil, "Helm value key=value (repeatable)")
	fl.StringArrayVar(&f.helm.SetString, "set-string", nil, "Helm string value key=value (repeatable)")
	fl.StringVar(&f.helm.ReleaseName, "release-name", "", "Helm release name (default release-name)")
	if namespaces {
		fl.StringArrayVarP(&f.namespaces, "namespace", "n", nil, "cluster: namespaces to read (repeatable; default all); Helm: the release namespace (default default)")
	}
	fl.BoolVar(&f.cluster, "cluster", false, "read the live cluster (the default when no PATH is given)")
	fl.StringVar(&f.clusterOpts.Kubeconfig, "kubeconfig", "", "kubeconfig file (default $KUBECONFIG or ~/.kube/config; in-cluster config in a pod)")
	fl.StringVar(&f.clusterOpts.Context, "context", "", "kubeconfig context (default the current context)")
	fl.StringSliceVar(&f.clusterOpts.ExcludeNamespaces, "exclude-namespaces", nil, "namespaces not to read (comma-separated or repeatable)")
	fl.DurationVar(&f.clusterOpts.RequestTimeout, "request-timeout", cluster.DefaultRequestTimeout, "timeout of each request to the API server")
	fl.Float32Var(&f.clusterOpts.QPS, "qps", 0, "requests per second to the API server (default 50)")
	fl.IntVar(&f.clusterOpts.Burst, "burst", 0, "request burst to the API server (default 100)")
}

// options are the scan options that read the inputs of args.
func (f *inputFlags) options(cmd *cobra.Command, args []string) (scan.Options, error) {
	clusterOpts, err := f.target(args, cmd.ErrOrStderr())
	if err != nil {
		return scan.Options{}, err
	}
	return scan.Options{Paths: args, Stdin: cmd.InOrStdin(), Helm: f.helm, Cluster: clusterOpts}, nil
}

// target returns the cluster to read, or nil to read args. With paths, one
// --namespace is the Helm release namespace.
func (f *inputFlags) target(args []string, stderr io.Writer) (*cluster.Options, error) {
	if len(args) > 0 && !f.cluster {
		switch len(f.namespaces) {
		case 0:
		case 1:
			f.helm.Namespace = f.namespaces[0]
		default:
			return nil, fmt.Errorf("--namespace is given %d times: a Helm release has one namespace", len(f.namespaces))
		}
		return nil, nil
	}
	if len(args) > 0 {
		return nil, fmt.Errorf("--cluster reads the live cluster and takes no PATH (got %s)", strings.Join(args, " "))
	}
	opts := f.clusterOpts
	opts.Namespaces = f.namespaces
	if isTerminal(stderr) {
		opts.Progress = progressLine(stderr)
	}
	return &opts, nil
}

// progressLine shows the progress of a cluster read on one terminal line.
func progressLine(w io.Writer) func(cluster.Progress) {
	return func(p cluster.Progress) {
		fmt.Fprintf(w, "\r\033[Kreading the cluster: %d/%d lists, %d objects (%s)", p.ListsDone, p.ListsTotal, p.Objects, p.Resource)
		if p.ListsDone == p.ListsTotal {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

// Command quickstart is the live-cluster quick start: it starts the local
// test API server (a real kube-apiserver and etcd built from Go modules, see
// hack/testbin), applies the bundled examples to it, and prints Palisade's
// scan of that cluster. With -keep it leaves the cluster running, with a
// kubeconfig for the palisade commands, until interrupted.
//
//	go run ./hack/quickstart [-keep]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/palisade-dev/palisade/internal/report/table"
	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// namespaces the examples use.
const namespaces = `apiVersion: v1
kind: Namespace
metadata: {name: reports}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
`

func main() {
	keep := flag.Bool("keep", false, "keep the cluster running until interrupted")
	flag.Parse()
	if err := run(*keep, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(keep bool, stdout io.Writer) error {
	dir, err := os.MkdirTemp("", "palisade-quickstart-")
	if err != nil {
		return fmt.Errorf("creating the cluster's directory: %w", err)
	}
	defer os.RemoveAll(dir)
	fmt.Fprintln(os.Stderr, "starting kube-apiserver and etcd (the first run builds them, which takes minutes)...")
	c, err := testcluster.Launch(dir)
	if err != nil {
		return err
	}
	defer c.Stop()
	if err := applyExamples(c); err != nil {
		return err
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := c.WriteKubeconfig(kubeconfig, testcluster.AdminUser); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "palisade scan --kubeconfig %s\n\n", kubeconfig)
	rep, err := scan.RunContext(context.Background(), scan.Options{Cluster: &cluster.Options{Kubeconfig: kubeconfig}, Version: "quickstart"})
	if err != nil {
		return err
	}
	if err := table.Write(stdout, rep, table.Options{}); err != nil {
		return err
	}
	if keep {
		fmt.Fprintf(os.Stderr, "\nthe cluster keeps running; try:\n  go run ./cmd/palisade rbac who-can list secrets --kubeconfig %s\n  go run ./cmd/palisade netpol exposure --kubeconfig %s\ninterrupt (Ctrl-C) to stop it\n", kubeconfig, kubeconfig)
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt)
		<-stop
	}
	return nil
}

// applyExamples applies the namespaces and every bundled example.
func applyExamples(c *testcluster.Cluster) error {
	if err := c.ApplyManifests(namespaces); err != nil {
		return err
	}
	files, err := filepath.Glob("examples/*/*.yaml")
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no examples under ./examples (run from the repository root): %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("reading %s: %w", f, err)
		}
		if err := c.ApplyManifests(string(data)); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return nil
}

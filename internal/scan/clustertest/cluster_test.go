// Package clustertest proves, against a real kube-apiserver and etcd, that
// scanning a cluster gives the same findings as scanning the same objects
// as files.
package clustertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/table"
	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

const (
	admin  = "scan-admin"
	viewer = "shop-viewer"
)

func TestMain(m *testing.M) {
	testcluster.Main(m, testcluster.WithUser(admin, "system:masters"), testcluster.WithUser(viewer))
}

// namespaces the examples use but do not declare ("default" exists in
// every cluster; the file scan is given it too, so both scans judge the
// same Namespace objects).
const namespaces = `apiVersion: v1
kind: Namespace
metadata: {name: reports}
---
apiVersion: v1
kind: Namespace
metadata: {name: default}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
`

// examples are the bundled examples plus kubeadm's static control-plane
// pods in kube-system, so the control-plane checks see a component.
func examples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../../examples/*/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	files = append(files, "testdata/kube-system.yaml")
	sort.Strings(files)
	return files
}

func TestClusterScanMatchesFileScan(t *testing.T) {
	c := testcluster.Shared(t)
	c.Apply(t, namespaces)
	var all []string
	for _, f := range examples(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, string(data))
	}
	c.Apply(t, strings.Join(all, "\n---\n"))

	nsFile := filepath.Join(t.TempDir(), "namespaces.yaml")
	if err := os.WriteFile(nsFile, []byte(namespaces), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFiles, err := scan.Run(scan.Options{Paths: append(examples(t), nsFile)})
	if err != nil {
		t.Fatal(err)
	}
	kubeconfig := c.Kubeconfig(t, admin)
	fromCluster, err := scan.Run(scan.Options{Cluster: &cluster.Options{Kubeconfig: kubeconfig}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromCluster.Coverage) != 0 || len(fromCluster.Errors) != 0 {
		t.Errorf("an admin scan must read everything: coverage %v, errors %v", fromCluster.Coverage, fromCluster.Errors)
	}
	if s := fromCluster.Summary.Cluster; s == nil || s.ReadPercent != 100 || s.Lists == 0 || s.KindsRead != s.Kinds {
		t.Errorf("an admin scan reads the whole cluster: summary %+v", s)
	}
	if fromFiles.Summary.Cluster != nil {
		t.Errorf("a file scan has no cluster summary: %+v", fromFiles.Summary.Cluster)
	}
	want, got := keys(fromFiles), keys(fromCluster)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("cluster findings differ from file findings:\n%s", diff(want, got))
	}
	for _, f := range fromCluster.Findings {
		if f.Resource.Kind == "" {
			continue // a result about the cluster as a whole
		}
		if f.Location == nil || !strings.HasPrefix(f.Location.File, "/api") || f.Location.Line != 0 {
			t.Errorf("a cluster finding names its API path and no line: %+v", f.Location)
			break
		}
	}
}

func TestPartialRightsAreReportedNotPassed(t *testing.T) {
	c := testcluster.Shared(t)
	c.Apply(t, namespaces)
	rep, err := scan.Run(scan.Options{Cluster: &cluster.Options{Kubeconfig: c.Kubeconfig(t, viewer)}})
	if err != nil {
		t.Fatalf("a user without rights still gets a finished scan: %v", err)
	}
	if len(rep.Coverage) == 0 {
		t.Fatal("the coverage gaps of a user without rights must be reported")
	}
	if s := rep.Summary.Cluster; s == nil || s.ReadPercent >= 100 || s.ListsRead >= s.Lists || s.KindsRead >= s.Kinds {
		t.Errorf("the summary must say the cluster was read in part: %+v", s)
	}
	for _, cv := range rep.Coverage {
		if cv.Status != cluster.StatusForbidden {
			t.Errorf("coverage %+v: want forbidden", cv)
		}
	}
	for _, f := range rep.Findings {
		if f.Status != "not-checked" || !strings.Contains(f.Message, "forbidden") {
			t.Errorf("nothing was read, so only not-checked results naming the gap may be reported: %+v", f)
		}
	}
}

func TestScanOnlyReads(t *testing.T) {
	c := testcluster.Shared(t)
	if _, err := scan.Run(scan.Options{Cluster: &cluster.Options{Kubeconfig: c.Kubeconfig(t, admin)}}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range c.AuditEvents(t) {
		if e.User != admin {
			continue
		}
		n++
		if e.Verb != "get" && e.Verb != "list" {
			t.Errorf("the scan issued %s %s", e.Verb, e.RequestURI)
		}
	}
	if n == 0 {
		t.Fatal("no request of the scan in the audit log")
	}
}

func keys(r *report.Report) []string {
	var out []string
	for _, f := range r.Findings {
		res := f.Resource
		out = append(out, fmt.Sprintf("%s %s %s/%s/%s %s: %s", f.Status, f.Check.ID, res.Kind, res.Namespace, res.Name, f.Path, f.Message))
	}
	sort.Strings(out)
	return out
}

func diff(want, got []string) string {
	in := func(s []string, x string) bool {
		return sort.SearchStrings(s, x) < len(s) && s[sort.SearchStrings(s, x)] == x
	}
	var b strings.Builder
	for _, w := range want {
		if !in(got, w) {
			b.WriteString("- " + w + "\n")
		}
	}
	for _, g := range got {
		if !in(want, g) {
			b.WriteString("+ " + g + "\n")
		}
	}
	return b.String()
}

func TestServerVersionIsKnown(t *testing.T) {
	c := testcluster.Shared(t)
	res, err := cluster.Load(context.Background(), c.UserConfig(admin), cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if info := res.Inventory.Cluster; info == nil || info.GitVersion != "v1.37.2" || len(info.Resources["apps/v1"]) == 0 {
		t.Errorf("cluster info %+v: want version v1.37.2 and discovery", info)
	}
}

// TestClusterQuickStart is the README's live-cluster quick start: it starts
// the test API server, applies the bundled examples and prints the scan.
//
//	go test ./internal/scan/clustertest -run TestClusterQuickStart -v
func TestClusterQuickStart(t *testing.T) {
	c := testcluster.Shared(t)
	c.Apply(t, namespaces)
	for _, f := range examples(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c.Apply(t, string(data))
	}
	rep, err := scan.Run(scan.Options{Cluster: &cluster.Options{Kubeconfig: c.Kubeconfig(t, admin)}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := table.Write(&b, rep, table.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("palisade scan --kubeconfig %s\n%s", c.Kubeconfig(t, admin), b.String())
	if rep.Summary.Failed["critical"] == 0 {
		t.Error("the insecure example's critical findings are missing")
	}
}

// Package clustertest proves, against a real kube-apiserver and etcd, that
// the network model of a live cluster answers as the same objects read
// from files do.
package clustertest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/netpol"
	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

const admin = "netpol-admin"

func TestMain(m *testing.M) {
	testcluster.Main(m, testcluster.WithUser(admin, "system:masters"))
}

const namespaces = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: cache}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: v1
kind: Namespace
metadata: {name: b2b}
`

// fixture is the exposure fixture without its Cilium documents (the test
// API server has no Cilium CRDs), after the namespaces it uses.
func fixture(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "exposure", "exposure.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{namespaces}
	for _, d := range strings.Split(string(data), "\n---\n") {
		if !strings.Contains(d, "namespace: cilium") {
			docs = append(docs, d)
		}
	}
	return strings.Join(docs, "\n---\n")
}

func TestClusterExposureMatchesFiles(t *testing.T) {
	c := testcluster.Shared(t)
	manifests := fixture(t)
	c.Apply(t, manifests)

	file := filepath.Join(t.TempDir(), "objects.yaml")
	if err := os.WriteFile(file, []byte(manifests), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFiles, err := scan.Load(context.Background(), scan.Options{Paths: []string{file}})
	if err != nil {
		t.Fatal(err)
	}
	fromCluster, err := scan.Load(context.Background(), scan.Options{Cluster: &cluster.Options{Kubeconfig: c.Kubeconfig(t, admin)}})
	if err != nil {
		t.Fatal(err)
	}
	want, got := exposures(t, netpol.Build(fromFiles)), exposures(t, netpol.Build(fromCluster))
	if len(want) == 0 {
		t.Fatal("no exposures from the files")
	}
	for key, w := range want {
		if g := got[key]; g != w {
			t.Errorf("%s from the cluster:\n%s\nfrom files:\n%s", key, g, w)
		}
	}

	m := netpol.Build(fromCluster)
	a := reach(t, m, "shop/web", "shop/db", "5432")
	if a.Verdict != netpol.Allowed || a.Ingress.Allowing[0].Policy.ID() != "shop/db" {
		t.Errorf("shop/web to shop/db on the cluster: %s (%s)", a.Verdict, a.Ingress.Reason)
	}
	if a := reach(t, m, "cache/redis", "shop/db", "5432"); a.Verdict != netpol.Denied {
		t.Errorf("cache/redis to shop/db on the cluster: %s (%s)", a.Verdict, a.Ingress.Reason)
	}
}

// exposures renders the exposure of each workload of the fixture's
// namespaces as JSON, by workload.
func exposures(t *testing.T, m *netpol.Model) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, e := range m.Exposures() {
		r := e.Result()
		if !strings.Contains(namespaces, "name: "+r.Workload.Namespace+"}") {
			continue
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out[r.Workload.Kind+" "+r.Workload.Namespace+"/"+r.Workload.Name] = string(b)
	}
	return out
}

func reach(t *testing.T, m *netpol.Model, from, to, port string) netpol.Answer {
	t.Helper()
	f, err := m.Endpoints(from)
	if err != nil {
		t.Fatal(err)
	}
	d, err := m.Endpoints(to)
	if err != nil {
		t.Fatal(err)
	}
	p, err := netpol.ParsePort(port)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Reach(f[0], d[0], p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

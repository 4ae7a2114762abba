package cluster_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/rest"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// Users of the shared cluster: scanner has every right (and is the only
// user whose requests the audit test judges), shopReader may read one
// namespace except its Secrets, nobody has no rights at all.
const (
	scanner    = "scanner"
	shopReader = "shop-reader"
	nobody     = "nobody"
	nodeReader = "node-reader" // may list nodes, not get nodes/proxy
)

func TestMain(m *testing.M) {
	testcluster.Main(m,
		testcluster.WithUser(scanner, "system:masters"),
		testcluster.WithUser(shopReader),
		testcluster.WithUser(nobody),
		testcluster.WithUser(nodeReader))
}

// wire records the Content-Type of every answer by URL path, and whether
// any answer carried the test Secret's value.
type wire struct {
	mu          sync.Mutex
	byPath      map[string]string
	secretValue bool
}

func (w *wire) wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := rt.RoundTrip(r)
		if err != nil {
			return resp, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		w.mu.Lock()
		defer w.mu.Unlock()
		w.byPath[r.URL.Path] = resp.Header.Get("Content-Type")
		b64 := base64.StdEncoding.EncodeToString([]byte(secretValue))
		w.secretValue = w.secretValue || bytes.Contains(body, []byte(secretValue)) || bytes.Contains(body, []byte(b64[:len(b64)-4]))
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func load(t *testing.T, cfg *rest.Config, opts cluster.Options) *cluster.Result {
	t.Helper()
	res, err := cluster.Load(context.Background(), cfg, opts)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return res
}

// TestLoadEveryKind creates one object of every kind, and a Deployment
// with its ReplicaSet and pods, and loads them as a cluster admin.
func TestLoadEveryKind(t *testing.T) {
	c := testcluster.Shared(t)
	ns := "every-kind"
	applyEveryKind(t, c, ns)
	w := &wire{byPath: map[string]string{}}
	cfg := c.UserConfig(scanner)
	cfg.WrapTransport = w.wrap
	res := load(t, cfg, cluster.Options{PageSize: 2})
	inv := res.Inventory
	if len(inv.Coverage) != 0 {
		t.Errorf("coverage = %+v, want none", inv.Coverage)
	}
	if res.Version == nil || res.Version.GitVersion == "" {
		t.Errorf("server version = %+v", res.Version)
	}
	counts := map[string]int{}
	for _, o := range inv.Objects {
		if o.Namespace == ns || (o.Namespace == "" && (o.Name == ns || o.Name == "palisade-"+ns)) {
			counts[o.Kind]++
		}
		suffix := "/" + o.Name
		if o.Kind == cluster.KubeletConfigKind {
			suffix += "/proxy/configz"
		}
		if o.Source != cluster.Source || o.APIVersion == "" || !strings.HasSuffix(o.Location.File, suffix) {
			t.Errorf("%s/%s: source %q apiVersion %q location %q", o.Kind, o.Name, o.Source, o.APIVersion, o.Location.File)
		}
	}
	want := map[string]int{"Pod": 3, "ReplicaSet": 1, "Deployment": 1, cluster.KubeletConfigKind: 1}
	for _, k := range everyKind {
		want[k] = max(want[k], 1)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d objects of kind %s, want %d", counts[k], k, n)
		}
	}
	if w.secretValue {
		t.Error("the Secret's value was sent to the scanner")
	}
	assertSecretWithoutData(t, inv, ns)
	assertJudgedOnce(t, inv, ns)
	if got := w.byPath["/api/v1/pods"]; got != "application/vnd.kubernetes.protobuf" {
		t.Errorf("pods answered in %q, want protobuf", got)
	}
}

func assertSecretWithoutData(t *testing.T, inv *inventory.Inventory, ns string) {
	o := inv.Get("Secret", ns, "db")
	if o == nil {
		t.Fatal("secret db not read")
	}
	s := o.Typed.(*corev1.Secret)
	if s.Data != nil || s.StringData != nil || s.Name != "db" || s.Labels["app"] != "db" {
		t.Errorf("secret read with its data, or without its metadata: %+v", s)
	}
}

// assertJudgedOnce checks that the ReplicaSet and pods of the Deployment
// are judged on the Deployment only, every other workload on its own.
func assertJudgedOnce(t *testing.T, inv *inventory.Inventory, ns string) {
	var got []string
	for _, pt := range inv.PodTemplates {
		if pt.Namespace() == ns {
			got = append(got, pt.Object.Kind+"/"+pt.Object.Name)
		}
	}
	slices.Sort(got)
	want := []string{"CronJob/cron", "DaemonSet/ds", "Deployment/web", "Job/job", "Pod/bare",
		"PodTemplate/tmpl", "ReplicationController/rc", "StatefulSet/sts"}
	if !slices.Equal(got, want) {
		t.Errorf("pod templates = %v, want %v", got, want)
	}
}

// TestLoadRestrictedUser reads one namespace as a user who may read it
// except its Secrets, and nothing cluster-wide: the load finishes and
// says what it could not read.
func TestLoadRestrictedUser(t *testing.T) {
	c := testcluster.Shared(t)
	ns := "restricted"
	applyEveryKind(t, c, ns)
	c.Apply(t, readerRBAC(ns))
	res := load(t, c.UserConfig(shopReader), cluster.Options{Namespaces: []string{ns}})
	var got []string
	for _, cov := range res.Inventory.Coverage {
		got = append(got, cov.Resource+" "+cov.Status)
	}
	want := []string{
		"namespaces forbidden", "nodes forbidden", "secrets in namespace " + ns + " forbidden",
		"clusterroles.rbac.authorization.k8s.io forbidden", "clusterrolebindings.rbac.authorization.k8s.io forbidden",
	}
	if !slices.Equal(got, want) {
		t.Errorf("coverage = %q, want %q", got, want)
	}
	if s := res.Stats; s.ResourcesRead != s.Resources-len(want) || s.ListsRead != s.Lists-len(want) {
		t.Errorf("stats = %+v", s)
	}
	if res.Inventory.Get("Deployment", ns, "web") == nil || len(res.Inventory.ByKind("Secret")) != 0 {
		t.Error("the readable objects must be read, the Secrets not")
	}
}

// TestLoadNoRights loads as a user with no rights: discovery works, every
// LIST is forbidden, and the load still finishes.
func TestLoadNoRights(t *testing.T) {
	c := testcluster.Shared(t)
	res := load(t, c.UserConfig(nobody), cluster.Options{})
	if s := res.Stats; s.ListsRead != 0 || s.Lists == 0 || len(res.Inventory.Coverage) != s.Lists {
		t.Errorf("stats %+v, %d coverage entries", s, len(res.Inventory.Coverage))
	}
	for _, cov := range res.Inventory.Coverage {
		if cov.Status != cluster.StatusForbidden || !strings.Contains(cov.Message, nobody) {
			t.Errorf("coverage %+v", cov)
		}
	}
}

// TestLoadOnlyReads checks in the API server's audit log that loading
// issued only get and list requests, and paged its LISTs.
func TestLoadOnlyReads(t *testing.T) {
	c := testcluster.Shared(t)
	applyEveryKind(t, c, "audited")
	load(t, c.UserConfig(scanner), cluster.Options{PageSize: 2})
	pages := 0
	for _, e := range c.AuditEvents(t) {
		if e.User != scanner {
			continue
		}
		if e.Verb != "get" && e.Verb != "list" {
			t.Errorf("%s request: %+v", e.Verb, e)
		}
		if e.Verb == "list" && e.Resource == "pods" && strings.Contains(e.RequestURI, "continue=") {
			pages++
		}
	}
	if pages == 0 {
		t.Error("pods were not listed in pages")
	}
}

func TestLoadBadToken(t *testing.T) {
	c := testcluster.Shared(t)
	cfg := c.UserConfig(nobody)
	cfg.BearerToken = "wrong"
	_, err := cluster.Load(context.Background(), cfg, cluster.Options{})
	want := fmt.Sprintf("connecting to %s: the server rejected the credentials (401 Unauthorized)", c.Host())
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want %q...", err, want)
	}
}

func TestLoadKubeconfigContext(t *testing.T) {
	c := testcluster.Shared(t)
	path := c.Kubeconfig(t, nobody)
	cfg, err := cluster.RESTConfig(cluster.Options{Kubeconfig: path, Context: scanner})
	if err != nil {
		t.Fatal(err)
	}
	if res := load(t, cfg, cluster.Options{}); len(res.Inventory.Coverage) != 0 {
		t.Errorf("coverage as %s = %+v", scanner, res.Inventory.Coverage)
	}
}

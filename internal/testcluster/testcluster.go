// Package testcluster runs a real kube-apiserver backed by a real etcd for
// integration tests, so that cluster scanning is tested against the API
// server's own authentication, RBAC, admission and audit logging rather than
// a fake clientset. It is imported by tests only.
//
// The binaries are built from Go modules by hack/testbin/build.sh into
// .cache/testbin/ the first time they are needed (minutes on a cold machine,
// nothing afterwards). Starting a cluster takes about three seconds, so a
// package should share one:
//
//	func TestMain(m *testing.M) { testcluster.Main(m, testcluster.WithUser("viewer")) }
//
//	func TestScan(t *testing.T) {
//		c := testcluster.Shared(t)
//		...
//	}
//
// Main builds the binaries before the test timeout starts to run, starts the
// shared cluster on first use and stops it after the tests. A test that needs
// a cluster of its own (other users or flags) calls Start, which stops the
// cluster when the test ends.
//
// There is no controller manager, scheduler or kubelet: objects are stored,
// validated and listed, no pod runs, and no namespace gets a default
// ServiceAccount by itself (the ServiceAccount admission plugin is disabled
// unless WithServiceAccountAdmission is given).
package testcluster

import (
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// AdminUser is the user every cluster has, in group system:masters.
const AdminUser = "admin"

// Cluster is a running etcd and kube-apiserver on loopback ports.
type Cluster struct {
	host      string // https://127.0.0.1:port
	etcdURL   string // http://127.0.0.1:port
	caPEM     []byte // serving certificate, self-signed
	users     map[string]user
	dir       string // certificates, keys, token file, logs, audit log
	auditPath string
	client    *http.Client // trusts the server, sends no credentials
	barriers  atomic.Int64 // audit markers sent, see AuditEvents

	etcd, apiserver *process
}

type user struct {
	token  string
	groups []string
}

type options struct {
	users        map[string][]string
	extraFlags   []string
	saAdmission  bool
	startTimeout time.Duration
}

// Option configures a cluster started by Start or Main.
type Option func(*options)

// WithUser adds a user, authenticated by a bearer token, in the given groups.
// It has no rights until the test binds it to a Role or ClusterRole.
func WithUser(name string, groups ...string) Option {
	return func(o *options) { o.users[name] = groups }
}

// WithAPIServerFlags appends flags (e.g. "--feature-gates=X=true") to the
// kube-apiserver command line.
func WithAPIServerFlags(flags ...string) Option {
	return func(o *options) { o.extraFlags = append(o.extraFlags, flags...) }
}

// WithServiceAccountAdmission keeps the ServiceAccount admission plugin on,
// so pods are rejected in namespaces without their ServiceAccount, as in a
// real cluster. By default it is disabled.
func WithServiceAccountAdmission() Option {
	return func(o *options) { o.saAdmission = true }
}

// WithStartTimeout bounds how long Start waits for etcd and then the API
// server to be ready (default 90 s, generous for a loaded 2-core machine).
func WithStartTimeout(d time.Duration) Option {
	return func(o *options) { o.startTimeout = d }
}

func buildOptions(opts []Option) options {
	o := options{
		users:        map[string][]string{AdminUser: {"system:masters"}},
		startTimeout: 90 * time.Second,
	}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// Start builds the binaries if they are missing, starts etcd and
// kube-apiserver, and stops both (and removes their files) when the test
// ends. It fails the test if the cluster cannot be started.
func Start(t testing.TB, opts ...Option) *Cluster {
	t.Helper()
	bins, err := ensureBinaries()
	if err != nil {
		t.Fatalf("testcluster: %v", err)
	}
	c, err := start(bins, t.TempDir(), buildOptions(opts))
	if err != nil {
		t.Fatalf("testcluster: %v", err)
	}
	t.Cleanup(c.stop)
	return c
}

// start runs etcd and kube-apiserver with their files under dir.
func start(bins binaries, dir string, o options) (*Cluster, error) {
	c := &Cluster{dir: dir, users: map[string]user{}}
	if err := c.writeFiles(o); err != nil {
		return nil, err
	}
	client, err := tlsClient(c.caPEM)
	if err != nil {
		return nil, err
	}
	c.client = client
	deadline := time.Now().Add(o.startTimeout)
	for attempt := 1; ; attempt++ {
		err := c.startServers(bins, o, deadline)
		if err == nil {
			return c, nil
		}
		c.stop()
		// A port that was free when chosen may be taken before the server
		// binds it (by another test binary): choose again.
		if attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
			return nil, err
		}
	}
}

func (c *Cluster) startServers(bins binaries, o options, deadline time.Time) error {
	c.etcd, c.apiserver = nil, nil
	if err := c.startEtcd(bins.etcd, deadline); err != nil {
		return err
	}
	return c.startAPIServer(bins.apiserver, o, deadline)
}

// stop kills both processes and waits for them to exit.
func (c *Cluster) stop() {
	for _, p := range []*process{c.apiserver, c.etcd} {
		if p != nil {
			p.stop()
		}
	}
	c.client.CloseIdleConnections()
}

// Host is the API server URL, https://127.0.0.1:PORT.
func (c *Cluster) Host() string { return c.host }

// Users lists the users the cluster authenticates, sorted.
func (c *Cluster) Users() []string {
	names := make([]string, 0, len(c.users))
	for name := range c.users {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Dir is the directory holding the cluster's certificates, keys, logs and
// audit log; useful to attach to a failing test's output.
func (c *Cluster) Dir() string { return c.dir }

// PIDs returns the process ids of etcd and kube-apiserver.
func (c *Cluster) PIDs() []int {
	return []int{c.etcd.cmd.Process.Pid, c.apiserver.cmd.Process.Pid}
}

// APIServerLog returns the last lines of the API server's output.
func (c *Cluster) APIServerLog() string { return c.apiserver.tail(40) }

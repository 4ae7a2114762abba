package testcluster

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// shared is the package-wide cluster of one test binary, set up by Main.
var shared struct {
	mu      sync.Mutex
	enabled bool
	opts    []Option
	dir     string
	cluster *Cluster
	err     error // a failed start, reported to every later Shared call
}

// Main is a TestMain for packages that share one cluster: it builds the
// binaries if they are missing (before m.Run, so a cold build of several
// minutes does not count against the go test -timeout), runs the tests, stops
// the cluster if a test started it, and exits with the tests' code.
//
//	func TestMain(m *testing.M) { testcluster.Main(m, testcluster.WithUser("viewer")) }
func Main(m *testing.M, opts ...Option) {
	os.Exit(run(m, opts))
}

func run(m *testing.M, opts []Option) int {
	if _, err := ensureBinaries(); err != nil {
		fmt.Fprintf(os.Stderr, "testcluster: %v\n", err)
		return 1
	}
	shared.mu.Lock()
	shared.enabled, shared.opts = true, opts
	shared.mu.Unlock()
	defer stopShared()
	return m.Run()
}

// Shared returns the cluster shared by the tests of this package, starting it
// on first use with the options given to Main. The tests see each other's
// objects and audit events: give each test its own namespace, and filter
// AuditEvents by user or namespace. It fails the test if TestMain does not
// call Main.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.enabled {
		t.Fatal("testcluster: Shared needs the package's TestMain to call testcluster.Main(m)")
	}
	if shared.cluster == nil && shared.err == nil {
		shared.cluster, shared.err = startShared(shared.opts)
	}
	if shared.err != nil {
		t.Fatalf("testcluster: shared cluster: %v", shared.err)
	}
	return shared.cluster
}

func startShared(opts []Option) (*Cluster, error) {
	bins, err := ensureBinaries()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "testcluster-")
	if err != nil {
		return nil, fmt.Errorf("creating cluster directory: %w", err)
	}
	shared.dir = dir
	return start(bins, dir, buildOptions(opts))
}

// stopShared stops the shared cluster and removes its files.
func stopShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.cluster != nil {
		shared.cluster.stop()
		shared.cluster = nil
	}
	if shared.dir != "" {
		if err := os.RemoveAll(shared.dir); err != nil {
			fmt.Fprintf(os.Stderr, "testcluster: removing %s: %v\n", shared.dir, err)
		}
		shared.dir = ""
	}
}

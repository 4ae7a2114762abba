package testcluster

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Etcd is a standalone etcd, without an API server, for tests that talk to
// etcd itself (probes of its client port).
type Etcd struct {
	// URL is the client URL, http:// or https://127.0.0.1:PORT.
	URL  string
	proc *process
}

// EtcdTLS serves a standalone etcd's client port over TLS.
type EtcdTLS struct {
	// CertFile and KeyFile are the serving certificate and key (PEM).
	CertFile, KeyFile string
	// TrustedCAFile, when set, is the CA of client certificates, and
	// client certificates are required (--client-cert-auth).
	TrustedCAFile string
	// Client is how StartEtcd reaches /health to wait for readiness: it
	// needs a client certificate when one is required.
	Client *tls.Config
}

// StartEtcd builds etcd if it is missing and starts a single member on
// free loopback ports, serving plain HTTP, or TLS when tlsOpts is not nil.
// It stops etcd when the test ends and fails the test if etcd does not
// become ready.
func StartEtcd(t testing.TB, tlsOpts *EtcdTLS) *Etcd {
	t.Helper()
	bins, err := ensureBinaries()
	if err != nil {
		t.Fatalf("testcluster: %v", err)
	}
	e, err := startStandaloneEtcd(bins.etcd, t.TempDir(), tlsOpts)
	if err != nil {
		t.Fatalf("testcluster: %v", err)
	}
	t.Cleanup(e.proc.stop)
	return e
}

func startStandaloneEtcd(bin, dir string, tlsOpts *EtcdTLS) (*Etcd, error) {
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	scheme, client := "http", http.DefaultClient
	var tlsArgs []string
	if tlsOpts != nil {
		scheme = "https"
		client = &http.Client{Transport: &http.Transport{TLSClientConfig: tlsOpts.Client}}
		tlsArgs = []string{"--cert-file=" + tlsOpts.CertFile, "--key-file=" + tlsOpts.KeyFile}
		if tlsOpts.TrustedCAFile != "" {
			tlsArgs = append(tlsArgs, "--trusted-ca-file="+tlsOpts.TrustedCAFile, "--client-cert-auth=true")
		}
	}
	url := fmt.Sprintf("%s://127.0.0.1:%d", scheme, ports[0])
	peer := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	dataDir := filepath.Join(dir, "etcd")
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating etcd data dir: %w", err)
	}
	args := append([]string{
		"--name=standalone",
		"--data-dir=" + dataDir,
		"--listen-client-urls=" + url,
		"--advertise-client-urls=" + url,
		"--listen-peer-urls=" + peer,
		"--initial-advertise-peer-urls=" + peer,
		"--initial-cluster=standalone=" + peer,
		"--unsafe-no-fsync",
		"--log-level=warn",
	}, tlsArgs...)
	proc, err := startProcess("etcd", bin, dir, args...)
	if err != nil {
		return nil, err
	}
	if err := proc.waitReady(client, url+"/health", `"health":"true"`, time.Now().Add(90*time.Second)); err != nil {
		proc.stop()
		return nil, fmt.Errorf("starting standalone etcd: %w", err)
	}
	return &Etcd{URL: url, proc: proc}, nil
}

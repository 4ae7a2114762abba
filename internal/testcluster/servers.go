package testcluster

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// startEtcd runs a single-member etcd on two free loopback ports with its
// data in dir/etcd, and waits for /health.
func (c *Cluster) startEtcd(bin string, deadline time.Time) error {
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	client := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	peer := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	dataDir := filepath.Join(c.dir, "etcd")
	if err := os.RemoveAll(dataDir); err != nil { // left by a failed attempt
		return fmt.Errorf("removing etcd data dir: %w", err)
	}
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		return fmt.Errorf("creating etcd data dir: %w", err)
	}
	c.etcd, err = startProcess("etcd", bin, c.dir,
		"--name=testcluster",
		"--data-dir="+dataDir,
		"--listen-client-urls="+client,
		"--advertise-client-urls="+client,
		"--listen-peer-urls="+peer,
		"--initial-advertise-peer-urls="+peer,
		"--initial-cluster=testcluster="+peer,
		"--unsafe-no-fsync", // test data: speed over durability
		"--log-level=warn",
	)
	if err != nil {
		return err
	}
	c.etcdURL = client
	if err := c.etcd.waitReady(http.DefaultClient, client+"/health", `"health":"true"`, deadline); err != nil {
		return fmt.Errorf("starting etcd: %w", err)
	}
	return nil
}

// startAPIServer runs kube-apiserver against the etcd started before, on a
// free loopback port, and waits for /readyz.
func (c *Cluster) startAPIServer(bin string, o options, deadline time.Time) error {
	ports, err := freePorts(1)
	if err != nil {
		return err
	}
	c.host = fmt.Sprintf("https://127.0.0.1:%d", ports[0])
	args := []string{
		"--etcd-servers=" + c.etcdURL,
		fmt.Sprintf("--secure-port=%d", ports[0]),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none", // otherwise a loopback advertise address is refused
		"--cert-dir=" + filepath.Join(c.dir, "certs"),
		"--tls-cert-file=" + c.path(servingCertFile),
		"--tls-private-key-file=" + c.path(servingKeyFile),
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + c.path(saPubFile),
		"--service-account-signing-key-file=" + c.path(saKeyFile),
		"--service-cluster-ip-range=10.0.0.0/24",
		"--authorization-mode=RBAC",
		"--token-auth-file=" + c.path(tokenFile),
		"--audit-policy-file=" + c.path(auditPolicyFile),
		"--audit-log-path=" + c.auditPath,
		"--audit-log-format=json",
		"--audit-log-mode=blocking",
		"--allow-privileged=true", // scanner fixtures are privileged pods
		"--profiling=false",
	}
	if !o.saAdmission {
		args = append(args, "--disable-admission-plugins=ServiceAccount")
	}
	args = append(args, o.extraFlags...)
	c.apiserver, err = startProcess("kube-apiserver", bin, c.dir, args...)
	if err != nil {
		return err
	}
	// Readiness is asked as the admin: a server started with
	// --anonymous-auth=false answers 401 to a request without credentials.
	ready := &http.Client{Transport: bearer{token: c.users[AdminUser].token, rt: c.client.Transport}}
	if err := c.apiserver.waitReady(ready, c.host+"/readyz", "ok", deadline); err != nil {
		return fmt.Errorf("starting kube-apiserver: %w", err)
	}
	return nil
}

// bearer sends a bearer token with every request.
type bearer struct {
	token string
	rt    http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.rt.RoundTrip(r)
}

package testcluster

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// clusterName names the cluster in kubeconfig files.
const clusterName = "testcluster"

// AdminConfig is a client configuration for AdminUser (system:masters).
func (c *Cluster) AdminConfig() *rest.Config { return c.UserConfig(AdminUser) }

// UserConfig is a client configuration that authenticates as a user added
// with WithUser (or AdminUser). An unknown user is a bug in the test: it
// panics, naming the known users.
func (c *Cluster) UserConfig(name string) *rest.Config {
	u, ok := c.users[name]
	if !ok {
		panic("testcluster: " + c.unknownUser(name))
	}
	return &rest.Config{
		Host:            c.host,
		BearerToken:     u.token,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.caPEM},
		QPS:             -1, // no client-side throttling against a test server
	}
}

func (c *Cluster) unknownUser(name string) string {
	return fmt.Sprintf("unknown user %q (add it with WithUser; known: %s)", name, strings.Join(c.Users(), ", "))
}

// Kubeconfig writes a kubeconfig file with one context per user, named after
// the user, and the given user's context current; for CLI tests.
func (c *Cluster) Kubeconfig(t testing.TB, current string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := c.WriteKubeconfig(path, current); err != nil {
		t.Fatal("testcluster: " + err.Error())
	}
	return path
}

// WriteKubeconfig writes the kubeconfig Kubeconfig describes to path.
func (c *Cluster) WriteKubeconfig(path, current string) error {
	if _, ok := c.users[current]; !ok {
		return errors.New(c.unknownUser(current))
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{
		Server:                   c.host,
		CertificateAuthorityData: c.caPEM,
	}
	for name, u := range c.users {
		cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: u.token}
		cfg.Contexts[name] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: name}
	}
	cfg.CurrentContext = current
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf("writing kubeconfig: %w", err)
	}
	return nil
}

package cluster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"
)

const kubeconfig = `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster: {server: "https://dev.example:6443"}
- name: prod
  cluster: {server: "https://prod.example:6443"}
users:
- name: me
  user: {token: abc}
contexts:
- name: dev
  context: {cluster: dev, user: me}
- name: prod
  context: {cluster: prod, user: me}
`

// isolate points kubeconfig discovery at an empty home and no
// in-cluster environment.
func isolate(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("KUBECONFIG", "")
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	t.Setenv("KUBERNETES_SERVICE_PORT", "")
	return dir
}

func writeKubeconfig(t *testing.T, dir, text string) string {
	p := filepath.Join(dir, "config")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRESTConfig(t *testing.T) {
	dir := isolate(t)
	path := writeKubeconfig(t, dir, kubeconfig)
	tests := []struct {
		name    string
		env     string
		opts    Options
		want    string
		wantErr string
	}{
		{name: "explicit file, current context", opts: Options{Kubeconfig: path}, want: "https://dev.example:6443"},
		{name: "explicit context", opts: Options{Kubeconfig: path, Context: "prod"}, want: "https://prod.example:6443"},
		{name: "KUBECONFIG", env: path, opts: Options{Context: "prod"}, want: "https://prod.example:6443"},
		{name: "missing context", opts: Options{Kubeconfig: path, Context: "staging"},
			wantErr: `loading kubeconfig: context "staging" not found (kubectl config get-contexts lists them)`},
		{name: "no configuration", wantErr: "loading kubeconfig: no configuration found: set --kubeconfig or KUBECONFIG, create ~/.kube/config, or run inside a pod"},
		{name: "missing file", opts: Options{Kubeconfig: filepath.Join(dir, "nope")}, wantErr: "loading kubeconfig: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("KUBECONFIG", tt.env)
			cfg, err := RESTConfig(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("error = %v, want one line starting %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Host != tt.want || cfg.BearerToken != "abc" {
				t.Errorf("host %q token %q, want %q", cfg.Host, cfg.BearerToken, tt.want)
			}
		})
	}
}

func TestRESTConfigNoCurrentContext(t *testing.T) {
	dir := isolate(t)
	path := writeKubeconfig(t, dir, strings.Replace(kubeconfig, "current-context: dev\n", "", 1))
	_, err := RESTConfig(Options{Kubeconfig: path})
	if err == nil || !strings.Contains(err.Error(), "no current context") {
		t.Errorf("error = %v, want no current context", err)
	}
}

func TestClientConfig(t *testing.T) {
	in := &rest.Config{Host: "https://x", BearerToken: "t"}
	c := clientConfig(in, Options{}.withDefaults())
	if c.ContentType != "application/vnd.kubernetes.protobuf" || c.Timeout != DefaultRequestTimeout ||
		c.QPS != DefaultQPS || c.Burst != DefaultBurst || c.RateLimiter == nil || c.UserAgent != "palisade" {
		t.Errorf("client config = %+v", c)
	}
	if in.ContentType != "" || in.RateLimiter != nil {
		t.Error("the caller's config must not change")
	}
	c = clientConfig(in, Options{RequestTimeout: time.Second, QPS: 5, Burst: 7}.withDefaults())
	if c.Timeout != time.Second || c.QPS != 5 || c.Burst != 7 {
		t.Errorf("options not applied: %+v", c)
	}
	in.QPS = -1 // a test server's config: no client-side limit
	if c = clientConfig(in, Options{}.withDefaults()); c.QPS != -1 || c.RateLimiter != nil {
		t.Errorf("the config's own unlimited QPS was not kept: %v %v", c.QPS, c.RateLimiter)
	}
}

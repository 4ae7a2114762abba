package probe

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/probe/endpoint"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// podList is what the kubelet stand-in serves on /pods: one pod with a
// secret in its environment, which must never reach an observation.
const podList = `{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"web","namespace":"shop"},` +
	`"spec":{"containers":[{"name":"app","env":[{"name":"DB_PASSWORD","value":"hunter2"}]}]}}]}`

// kubeletStandIn answers /pods as a kubelet does (pkg/kubelet/server:
// its authentication and authorization filter writes these exact
// answers). It stands in for a kubelet, which cannot run here:
// "anonymous-off" is --anonymous-auth=false, "webhook" is anonymous on
// with Webhook authorization denying system:anonymous, "always-allow" is
// anonymous on with AlwaysAllow, as is the read-only port.
func kubeletStandIn(mode string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/pods" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		switch mode {
		case "anonymous-off":
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
		case "webhook":
			http.Error(w, "Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)", http.StatusForbidden)
		default:
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, podList)
		}
	})
}

// target is the Target of a test server's URL.
func target(t *testing.T, rawURL string, c endpoint.Component) Target {
	t.Helper()
	hostPort := rawURL[strings.Index(rawURL, "://")+3:]
	host, portText, err := net.SplitHostPort(hostPort)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		t.Fatal(err)
	}
	return Target{Host: host, Port: port, Component: c}
}

func TestKubeletStandIn(t *testing.T) {
	for _, tc := range []struct {
		name, mode string
		tls        bool
		component  endpoint.Component
	}{
		{"kubelet-always-allow", "always-allow", true, endpoint.Kubelet},
		{"kubelet-anonymous-off", "anonymous-off", true, endpoint.Kubelet},
		{"kubelet-webhook", "webhook", true, endpoint.Kubelet},
		{"kubelet-plain-http", "always-allow", false, endpoint.Kubelet},
		{"kubelet-read-only-port", "always-allow", false, endpoint.KubeletReadOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(kubeletStandIn(tc.mode))
			if tc.tls {
				srv.StartTLS()
			} else {
				srv.Start()
			}
			defer srv.Close()
			eps := Collect(context.Background(), []Target{target(t, srv.URL, tc.component)}, CollectOptions{Timeout: 10 * time.Second})
			golden(t, "collect/"+tc.name, eps)
		})
	}
}

// TestTimeouts bounds each target by its time limit, whether the server
// never answers the TLS handshake or never answers the request, and
// reports the target as not probed, with the reason.
func TestTimeouts(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never speaks
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go holdConnections(silent)
	release := make(chan struct{})
	hanging := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hanging.Close()
	defer close(release)
	targets := []Target{
		target(t, "tcp://"+silent.Addr().String(), endpoint.Etcd),
		target(t, hanging.URL, endpoint.Kubelet),
	}
	eps := Collect(context.Background(), targets, CollectOptions{Timeout: 300 * time.Millisecond})
	golden(t, "collect/timeouts", eps)
}

// holdConnections accepts connections and holds them open, silent, until
// the listener closes.
func holdConnections(l net.Listener) {
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		held = append(held, c)
	}
}

// TestRefusedAndUnresolvable reports ports nothing listens on, and hosts
// that do not resolve, as not probed.
func TestRefusedAndUnresolvable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := target(t, "tcp://"+l.Addr().String(), endpoint.KubeletReadOnly)
	l.Close()
	eps := Collect(context.Background(), []Target{closed, {Host: "no-such-host.invalid", Port: 10250, Component: endpoint.Kubelet}},
		CollectOptions{Timeout: 5 * time.Second})
	golden(t, "collect/refused", eps[:1])
	// The resolver's own words vary by machine ("no such host", "server
	// misbehaving"); only their start is fixed.
	if got := eps[1].Status.Error; !strings.HasPrefix(got, "resolving no-such-host.invalid: ") {
		t.Errorf("unresolvable host: error %q", got)
	}
}

// TestClientCertificateRequired tells a server that refuses clients
// without a certificate, in TLS 1.3 (refused after the handshake) and
// TLS 1.2 (refused in it), from one that only asks for one.
func TestClientCertificateRequired(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version uint16
		auth    tls.ClientAuthType
	}{
		{"tls13-required", tls.VersionTLS13, tls.RequireAnyClientCert},
		{"tls12-required", tls.VersionTLS12, tls.RequireAnyClientCert},
		{"tls13-requested", tls.VersionTLS13, tls.RequestClientCert},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(etcdStandIn())
			srv.TLS = &tls.Config{ClientAuth: tc.auth, MinVersion: tc.version, MaxVersion: tc.version}
			srv.StartTLS()
			defer srv.Close()
			eps := Collect(context.Background(), []Target{target(t, srv.URL, endpoint.Etcd)}, CollectOptions{Timeout: 10 * time.Second})
			golden(t, "collect/client-cert-"+tc.name, eps)
		})
	}
}

// etcdStandIn answers as etcd's client port does without authentication
// (for TLS tests of Go's own TLS stack; the real etcd is in
// TestEtcd*).
func etcdStandIn() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/version":
			io.WriteString(w, `{"etcdserver":"3.6.16","etcdcluster":"3.6.0"}`)
		case "/health":
			io.WriteString(w, `{"health":"true","reason":""}`)
		case "/v3/kv/range":
			io.WriteString(w, `{"header":{"cluster_id":"1","member_id":"2","revision":"7","raft_term":"2"},"count":"3"}`)
		default:
			http.NotFound(w, r)
		}
	})
}

// TestNoRedirectsNoSecrets follows no redirect (targets are explicit)
// and keeps no value of what it read.
func TestNoRedirectsNoSecrets(t *testing.T) {
	other := httptest.NewServer(kubeletStandIn("always-allow"))
	defer other.Close()
	var followed atomic.Bool
	redirecting := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/pods", http.StatusFound)
	}))
	defer redirecting.Close()
	other.Config.Handler = http.HandlerFunc(func(http.ResponseWriter, *http.Request) { followed.Store(true) })
	eps := Collect(context.Background(), []Target{target(t, redirecting.URL, endpoint.Kubelet)}, CollectOptions{})
	if followed.Load() {
		t.Error("the redirect was followed")
	}
	if r := eps[0].Status.Requests[0]; r.Code != http.StatusFound {
		t.Errorf("got %+v, want the 302 itself", r)
	}
}

// TestConcurrencyIsBounded never has more targets in flight than asked.
func TestConcurrencyIsBounded(t *testing.T) {
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(20 * time.Millisecond) // lets targets overlap; nothing is timed
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	tg := target(t, srv.URL, endpoint.KubeletReadOnly)
	targets := []Target{tg, tg, tg, tg, tg, tg}
	eps := Collect(context.Background(), targets, CollectOptions{Concurrency: 2})
	if len(eps) != len(targets) {
		t.Fatalf("got %d endpoints for %d targets", len(eps), len(targets))
	}
	if m := most.Load(); m > 2 || m < 1 {
		t.Errorf("%d targets in flight at once, want at most 2", m)
	}
}

// TestMetricsBeyondLocalhost probes a kube-proxy stand-in bound to all
// addresses at the loopback address (not applicable: exposure is not
// visible from there) and at the machine's own address (exposed).
func TestMetricsBeyondLocalhost(t *testing.T) {
	ip := nonLoopbackIPv4(t)
	l, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		io.WriteString(w, "# HELP kubeproxy_sync_proxy_rules_duration_seconds x\nkubeproxy_sync_proxy_rules_duration_seconds_count 3\n")
	}))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	defer srv.Close()
	port := l.Addr().(*net.TCPAddr).Port
	eps := Collect(context.Background(), []Target{
		{Host: "127.0.0.1", Port: port, Component: endpoint.KubeProxy},
		{Host: ip, Port: port, Component: endpoint.KubeProxy},
	}, CollectOptions{Timeout: 10 * time.Second})
	golden(t, "collect/kube-proxy-metrics", eps)
}

// nonLoopbackIPv4 returns an IPv4 address of this machine that is not
// loopback; a machine without one cannot run the test, which fails.
func nonLoopbackIPv4(t *testing.T) string {
	t.Helper()
	ip, err := testcluster.HostIP()
	if err != nil {
		t.Fatal(err)
	}
	return ip
}

// TestNeitherTLSNorHTTP reports a port that hangs up on a TLS ClientHello
// and on an HTTP request alike with both reasons.
func TestNeitherTLSNorHTTP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Read(make([]byte, 64<<10)) // the whole ClientHello or request, so closing sends no reset
			c.Close()
		}
	}()
	eps := Collect(context.Background(), []Target{target(t, "tcp://"+l.Addr().String(), endpoint.Etcd)}, CollectOptions{Timeout: 10 * time.Second})
	golden(t, "collect/hangs-up", eps)
}

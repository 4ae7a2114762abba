package netpol_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// load builds the model of one fixture under testdata.
func load(t testing.TB, file string) *netpol.Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "truth", file))
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Decode([]manifest.Input{{File: file, Data: data, Source: "file"}})
	if len(res.Errors) > 0 {
		t.Fatalf("fixture %s does not decode: %v", file, res.Errors)
	}
	return netpol.Build(inventory.New(res.Objects, nil))
}

// TestReachTruthTable covers every semantic rule, the classic traps
// included, with the reason that decides each answer.
func TestReachTruthTable(t *testing.T) {
	tests := []struct {
		file, from, to, port string
		want                 netpol.Verdict
		because              string // a substring of the deciding side's reason
	}{
		// An empty podSelector selects every pod of the namespace.
		{"selectors.yaml", "ops/api", "shop/client", "80", netpol.Denied, "isolated for ingress by shop/default-deny"},
		{"selectors.yaml", "shop/client", "shop/web", "8080", netpol.Allowed, "shop/web-from-client spec.ingress[0]"},
		{"selectors.yaml", "shop/client", "ops/other", "80", netpol.Allowed, "not isolated"},
		// A namespace without a Namespace object still has its name label.
		{"selectors.yaml", "monitoring/prometheus", "shop/web", "8080", netpol.Allowed, "shop/web-from-client spec.ingress[1]"},
		// One peer with both selectors: app=api pods of any namespace only.
		{"selectors.yaml", "ops/api", "shop/db", "5432", netpol.Allowed, "db-one-peer"},
		{"selectors.yaml", "ops/other", "shop/db", "5432", netpol.Denied, "no rule allows it"},
		{"selectors.yaml", "shop/client", "shop/db", "5432", netpol.Denied, "no rule allows it"},
		// Two peers: any pod of any namespace.
		{"selectors.yaml", "ops/other", "shop/cache", "6379", netpol.Allowed, "cache-two-peers"},
		{"selectors.yaml", "shop/client", "shop/cache", "6379", netpol.Allowed, "cache-two-peers"},
		// Selectors never match addresses outside the cluster.
		{"selectors.yaml", "internet", "shop/cache", "6379", netpol.Denied, "no rule allows internet"},
		// matchExpressions: NotIn and DoesNotExist in one peer, Exists in another.
		{"selectors.yaml", "shop/client", "ops/api", "80", netpol.Allowed, "ops/api-expressions spec.ingress[0]"},
		// Without its Namespace object, monitoring's labels are unknown: it
		// may be labelled team=ops, so NotIn cannot be decided.
		{"selectors.yaml", "monitoring/prometheus", "ops/api", "80", netpol.NotEvaluated, "labels of namespace \"monitoring\" are not in the scan"},
		{"selectors.yaml", "ops/other", "ops/api", "80", netpol.Allowed, "spec.ingress[1]"},
		{"selectors.yaml", "shop/web", "ops/api", "80", netpol.Allowed, "spec.ingress[0]"},

		// Named ports resolve against the destination's container ports.
		{"ports.yaml", "app/client", "app/server", "8080", netpol.Allowed, "app/named"},
		{"ports.yaml", "app/client", "app/server", "http", netpol.Allowed, "app/named"},
		{"ports.yaml", "app/client", "app/plain", "8080", netpol.Denied, "no rule allows it"},
		{"ports.yaml", "app/client", "app/server", "8081", netpol.Denied, "no rule allows it"},
		{"ports.yaml", "app/client", "app/server", "5353/UDP", netpol.Allowed, "app/named"},
		{"ports.yaml", "app/client", "app/server", "5353/TCP", netpol.Denied, "no rule allows it"},
		{"ports.yaml", "app/client", "app/server", "8080/UDP", netpol.Denied, "no rule allows it"},
		// endPort ranges are inclusive.
		{"ports.yaml", "app/client", "app/plain", "9000", netpol.Allowed, "app/named"},
		{"ports.yaml", "app/client", "app/plain", "9100", netpol.Allowed, "app/named"},
		{"ports.yaml", "app/client", "app/plain", "9101", netpol.Denied, "no rule allows it"},
		// A protocol without a port admits every port of it.
		{"ports.yaml", "app/client", "app/plain", "3868/SCTP", netpol.Allowed, "app/named"},
		// Any port: only some are allowed.
		{"ports.yaml", "app/client", "app/plain", "", netpol.Partly, "only some ports"},

		// Egress rules without policyTypes isolate ingress too.
		{"types.yaml", "jobs/db", "jobs/worker", "8080", netpol.Denied, "isolated for ingress by jobs/worker-egress"},
		{"types.yaml", "jobs/worker", "jobs/db", "5432", netpol.Allowed, "jobs/worker-egress spec.egress[0]"},
		{"types.yaml", "jobs/worker", "jobs/db", "5433", netpol.Denied, "isolated for egress"},
		// Policies add up.
		{"types.yaml", "jobs/worker", "jobs/queue", "4222", netpol.Allowed, "jobs/worker-egress-queue spec.egress[0]"},
		// An egress policy without a DNS allowance blocks DNS.
		{"types.yaml", "jobs/worker", "kube-system/coredns", "53/UDP", netpol.Denied, "isolated for egress by jobs/worker-egress, jobs/worker-egress-queue"},
		{"types.yaml", "jobs/worker", "kube-system/coredns", "dns/UDP", netpol.Denied, "isolated for egress"},
		// policyTypes [Egress]: ingress rules are ignored.
		{"types.yaml", "jobs/db", "jobs/queue", "80", netpol.Allowed, "not isolated"},
		// ipBlock with except, to addresses.
		{"types.yaml", "jobs/queue", "8.8.8.8", "443", netpol.Allowed, "jobs/queue-egress-only"},
		{"types.yaml", "jobs/queue", "10.2.3.4", "443", netpol.Denied, "no rule allows 10.2.3.4"},
		{"types.yaml", "jobs/queue", "internet", "443", netpol.Partly, "every public IPv4 address, no IPv6 address"},
		{"types.yaml", "jobs/queue", "0.0.0.0/0", "443", netpol.Partly, "jobs/queue-egress-only"},
		// ipBlock and pods: the network plugin decides.
		{"types.yaml", "jobs/queue", "jobs/db", "5432", netpol.NotEvaluated, "ipBlock"},
		// Part of the internet.
		{"types.yaml", "internet", "jobs/db", "5432", netpol.Partly, "203.0.113.0/24"},
		{"types.yaml", "203.0.113.7", "jobs/db", "5432", netpol.Allowed, "jobs/db-ingress"},
		{"types.yaml", "198.51.100.7", "jobs/db", "5432", netpol.Denied, "no rule allows"},

		// Cilium policies and hostNetwork pods: not evaluated.
		{"others.yaml", "plain/app", "cilium-ns/web", "80", netpol.NotEvaluated, "CiliumNetworkPolicy web"},
		{"others.yaml", "cilium-ns/web", "plain/app", "80", netpol.Denied, "isolated for ingress by plain/app"},
		{"others.yaml", "cilium-ns/web", "internet", "80", netpol.NotEvaluated, "CiliumNetworkPolicy web"},
		{"others.yaml", "plain/app", "plain/agent", "80", netpol.NotEvaluated, "hostNetwork"},
		{"others.yaml", "plain/agent", "plain/app", "80", netpol.NotEvaluated, "hostNetwork"},
	}
	models := map[string]*netpol.Model{}
	for _, tt := range tests {
		name := tt.file + " " + tt.from + " to " + tt.to + " " + tt.port
		t.Run(name, func(t *testing.T) {
			m := models[tt.file]
			if m == nil {
				m = load(t, tt.file)
				models[tt.file] = m
			}
			a := ask(t, m, tt.from, tt.to, tt.port)
			if a.Verdict != tt.want {
				t.Errorf("verdict %s, want %s\negress: %s %s\ningress: %s %s", a.Verdict, tt.want, a.Egress.Verdict, a.Egress.Reason, a.Ingress.Verdict, a.Ingress.Reason)
			}
			if !strings.Contains(a.Egress.Reason+"\n"+a.Ingress.Reason, tt.because) {
				t.Errorf("reasons do not say %q:\negress: %s\ningress: %s", tt.because, a.Egress.Reason, a.Ingress.Reason)
			}
		})
	}
}

func ask(t *testing.T, m *netpol.Model, from, to, port string) netpol.Answer {
	t.Helper()
	f, err := m.Endpoints(from)
	if err != nil {
		t.Fatal(err)
	}
	d, err := m.Endpoints(to)
	if err != nil {
		t.Fatal(err)
	}
	var p netpol.Port
	if port != "" {
		if p, err = netpol.ParsePort(port); err != nil {
			t.Fatal(err)
		}
	}
	a, err := m.Reach(f[0], d[0], p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

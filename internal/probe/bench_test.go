package probe

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// BenchmarkSummarizePodList reads past a kubelet's answer for a full
// node, 110 pods of about 8 KiB each.
func BenchmarkSummarizePodList(b *testing.B) {
	pod := `{"metadata":{"name":"p","namespace":"shop","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"registry.example.com/app:1.0","env":[` +
		strings.Repeat(`{"name":"K","value":"`+strings.Repeat("v", 100)+`"},`, 60) + `{"name":"last","value":"x"}]}]}}`
	body := `{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[` + strings.Repeat(pod+",", 109) + pod + `]}`
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if got := summarize("application/json", strings.NewReader(body)); got != "PodList, 110 items" {
			b.Fatal(got)
		}
	}
}

// BenchmarkCollect probes 64 kubelet stand-ins' worth of targets (one
// TLS server) eight at a time: the cost of a probe run per target,
// handshakes included.
func BenchmarkCollect(b *testing.B) {
	srv := httptest.NewTLSServer(kubeletStandIn("anonymous-off"))
	defer srv.Close()
	var tg Target
	if _, err := fmt.Sscanf(strings.TrimPrefix(srv.URL, "https://127.0.0.1:"), "%d", &tg.Port); err != nil {
		b.Fatal(err)
	}
	tg.Host, tg.Component = "127.0.0.1", endpoint.Kubelet
	targets := make([]Target, 64)
	for i := range targets {
		targets[i] = tg
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range Collect(context.Background(), targets, CollectOptions{Timeout: 10 * time.Second}) {
			if e.Status.Error != "" {
				b.Fatal(e.Status.Error)
			}
		}
	}
}

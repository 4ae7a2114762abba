package node

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/source/node/nodetest"
)

// BenchmarkNodeScan times a full node scan of a kubeadm control-plane
// tree: reading the node (static pods, kubeconfigs, PKI, the kubelet's
// unit and config) and running every check. The bound is 1 s.
//
//	go test -run X -bench NodeScan ./internal/source/node
func BenchmarkNodeScan(b *testing.B) {
	tr := nodetest.Kubeadm(b)
	reg, err := checks.Registry()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			Load(Options{Root: tr.Root})
		}
	})
	b.Run("load+checks", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			inv := Load(Options{Root: tr.Root})
			engine.Run(inv, engine.Options{Registry: reg, IncludePassed: true})
		}
	})
}

package risk

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/perfcorpus"
	"github.com/palisade-dev/palisade/internal/source"
)

// BenchmarkRank10k times the ranking of every failing finding of the
// 10,000-object performance corpus (docs/performance.md), which every scan
// runs.
func BenchmarkRank10k(b *testing.B) {
	dir := b.TempDir()
	if err := perfcorpus.Generate(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	reg, err := checks.Registry()
	if err != nil {
		b.Fatal(err)
	}
	inv := source.Load([]string{dir}, source.Options{})
	rep := engine.Run(inv, engine.Options{Registry: reg})
	b.ReportAllocs()
	for b.Loop() {
		Rank(rep, inv)
	}
}

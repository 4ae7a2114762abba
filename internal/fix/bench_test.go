package fix

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/perfcorpus"
	"github.com/palisade-dev/palisade/internal/source"
)

// BenchmarkAnnotate10k times filling the fixes of every failing finding
// of the 10,000-object performance corpus (docs/performance.md), which
// scan.RunContext adds to each scan. Loading and checks run outside the
// timer.
func BenchmarkAnnotate10k(b *testing.B) {
	dir := b.TempDir()
	if err := perfcorpus.Generate(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	inv := source.Load([]string{dir}, source.Options{})
	reg, err := checks.Registry()
	if err != nil {
		b.Fatal(err)
	}
	rep := engine.Run(inv, engine.Options{Registry: reg})
	fixed := 0
	b.ReportAllocs()
	for b.Loop() {
		for i := range rep.Findings {
			rep.Findings[i].Fix = nil
		}
		Annotate(rep, inv)
	}
	for _, f := range rep.Findings {
		if f.Fix != nil {
			fixed++
		}
	}
	b.ReportMetric(float64(len(rep.Findings)), "findings")
	b.ReportMetric(float64(fixed), "fixes")
}

package frameworks

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/perfcorpus"
	"github.com/palisade-dev/palisade/internal/source"
)

// The benchmarks measure what --framework costs on the 10,000-object
// performance corpus (docs/performance.md): the engine keeping the pass
// results that scoring needs, against the default run, and the scoring.

func benchInventory(b *testing.B) (*inventory.Inventory, *check.Registry) {
	b.Helper()
	dir := b.TempDir()
	if err := perfcorpus.Generate(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	reg, err := checks.Registry()
	if err != nil {
		b.Fatal(err)
	}
	return source.Load([]string{dir}, source.Options{}), reg
}

func benchEngine(b *testing.B, keepPassed bool, names []string) {
	inv, reg := benchInventory(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		fresh := inventory.New(inv.Objects, inv.Errors)
		b.StartTimer()
		rep := engine.Run(fresh, engine.Options{Registry: reg, IncludePassed: keepPassed})
		if err := Apply(rep, names, reg.All(), false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEngineDefault10k is the engine as a scan without --framework runs it.
func BenchmarkEngineDefault10k(b *testing.B) { benchEngine(b, false, nil) }

// BenchmarkEngineFrameworks10k is the engine and the scoring of every
// framework, as `--framework` for all four runs them.
func BenchmarkEngineFrameworks10k(b *testing.B) {
	benchEngine(b, true, []string{check.CIS, check.NSA, check.MITRE, check.PSS})
}

// BenchmarkScore10k times the scoring alone of every framework over the
// full result set of the corpus.
func BenchmarkScore10k(b *testing.B) {
	inv, reg := benchInventory(b)
	rep := engine.Run(inv, engine.Options{Registry: reg, IncludePassed: true})
	metas := make([]check.Meta, len(reg.All()))
	for i, c := range reg.All() {
		metas[i] = c.Meta
	}
	m := Map(metas)
	all, err := All()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res := indexResources(rep.Findings) // once, as Apply does
		for _, f := range all {
			score(rep, f, m, res)
		}
	}
}

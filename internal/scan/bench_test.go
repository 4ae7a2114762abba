package scan

import (
	"io"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/engine"
	"github.com/palisade-dev/palisade/internal/exception"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/perfcorpus"
	"github.com/palisade-dev/palisade/internal/report/jsonreport"
	"github.com/palisade-dev/palisade/internal/source"
	"github.com/palisade-dev/palisade/internal/source/helm"
)

// The benchmarks below measure the scan of the 10,000-object performance
// corpus (docs/performance.md) as a whole and step by step, so each step
// can be compared with the standard decode floor
// (internal/perfcorpus/floor). The corpus is generated outside the timer.

const benchObjects = 10000

func benchCorpus(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if err := perfcorpus.Generate(dir, benchObjects, 1); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkScan10k times what `palisade scan DIR -o json` does: load,
// checks, report, and the JSON rendering.
func BenchmarkScan10k(b *testing.B) {
	dir := benchCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Run(Options{Paths: []string{dir}})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Summary.Objects != benchObjects || len(rep.Errors) > 0 {
			b.Fatalf("scanned %d objects with %d errors", rep.Summary.Objects, len(rep.Errors))
		}
		if err := jsonreport.Write(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad10k times the sources alone: reading, parsing, decoding
// into typed objects and building the inventory.
func BenchmarkLoad10k(b *testing.B) {
	dir := benchCorpus(b)
	opts := source.Options{Renderers: renderers(helm.Options{})}
	b.ReportAllocs()
	for b.Loop() {
		if inv := source.Load([]string{dir}, opts); len(inv.Objects) != benchObjects {
			b.Fatalf("loaded %d objects", len(inv.Objects))
		}
	}
}

// BenchmarkChecks10k times the engine alone: every default check over a
// loaded inventory, exceptions, and the report (unrendered). Each run gets
// a fresh inventory, so views derived once per inventory are not reused.
func BenchmarkChecks10k(b *testing.B) {
	inv := source.Load([]string{benchCorpus(b)}, source.Options{})
	opts := engineOptions(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		fresh := inventory.New(inv.Objects, inv.Errors)
		b.StartTimer()
		engine.Run(fresh, opts)
	}
}

// BenchmarkReportJSON10k times the JSON rendering of the corpus's report.
func BenchmarkReportJSON10k(b *testing.B) {
	inv := source.Load([]string{benchCorpus(b)}, source.Options{})
	rep := engine.Run(inv, engineOptions(b))
	b.ReportAllocs()
	for b.Loop() {
		if err := jsonreport.Write(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// engineOptions are the engine options Run uses with no flags and no config.
func engineOptions(b *testing.B) engine.Options {
	b.Helper()
	reg, err := checks.Registry()
	if err != nil {
		b.Fatal(err)
	}
	return engine.Options{Registry: reg, Exceptions: exception.New(&config.Config{}, time.Now())}
}

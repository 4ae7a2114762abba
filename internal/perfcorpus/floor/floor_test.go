package main

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/perfcorpus"
)

// TestFloorDecodesEveryObject checks that both floor modes decode every
// object of a small corpus, so the floor measures the same work as the scan.
func TestFloorDecodesEveryObject(t *testing.T) {
	dir := t.TempDir()
	if err := perfcorpus.Generate(dir, 200, 1); err != nil {
		t.Fatal(err)
	}
	files, err := manifestFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"universal", "stdjson"} {
		n, err := decodeFiles(files, mode)
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if n != 200 {
			t.Errorf("%s decoded %d objects, want 200", mode, n)
		}
	}
}

// BenchmarkFloorStandardDecode10k is the floor of the issue: decoding the
// 10,000-object corpus into typed objects with the standard YAML-to-JSON
// path, single-threaded (run with -cpu 1 to match it exactly).
func BenchmarkFloorStandardDecode10k(b *testing.B) {
	for _, mode := range []string{"universal", "stdjson"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
			if err := perfcorpus.Generate(dir, 10000, 1); err != nil {
				b.Fatal(err)
			}
			files, err := manifestFiles([]string{dir})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if n, err := decodeFiles(files, mode); err != nil || n != 10000 {
					b.Fatalf("decoded %d objects: %v", n, err)
				}
			}
		})
	}
}

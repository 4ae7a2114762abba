// Command palisade-corpus writes the deterministic performance corpus
// (see internal/perfcorpus) to a directory, for scripts/perf.sh and for
// comparing other scanners on the same files.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/palisade-dev/palisade/internal/perfcorpus"
)

func main() {
	dir := flag.String("dir", "perf/corpus", "directory to write the corpus to (created if missing)")
	objects := flag.Int("objects", 10000, "number of Kubernetes objects")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same files")
	flag.Parse()
	if err := perfcorpus.Generate(*dir, *objects, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "palisade-corpus:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d objects to %s (seed %d)\n", *objects, *dir, *seed)
}

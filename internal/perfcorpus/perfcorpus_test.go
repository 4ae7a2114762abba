package perfcorpus_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/palisade-dev/palisade/internal/perfcorpus"
	"github.com/palisade-dev/palisade/internal/scan"
)

// TestSmallCorpusScans checks that a generated corpus reads without a single
// input error, holds exactly the objects asked for, and gives findings.
func TestSmallCorpusScans(t *testing.T) {
	for _, n := range []int{1, 37, 200} {
		dir := t.TempDir()
		if err := perfcorpus.Generate(dir, n, 7); err != nil {
			t.Fatal(err)
		}
		rep, err := scan.Run(scan.Options{Paths: []string{dir}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Errors) > 0 {
			t.Fatalf("%d objects: input errors: %v", n, rep.Errors)
		}
		if len(rep.Coverage) > 0 {
			t.Fatalf("%d objects: skipped documents: %v", n, rep.Coverage)
		}
		if rep.Summary.Objects != n {
			t.Errorf("scanned %d objects, want %d", rep.Summary.Objects, n)
		}
		if n == 200 && len(rep.Findings) == 0 {
			t.Error("200 objects gave no finding; the corpus should mix hardened and insecure workloads")
		}
	}
}

// TestGenerateIsDeterministic checks that a seed always gives the same files
// and that another seed gives others.
func TestGenerateIsDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for dir, seed := range map[string]int64{a: 1, b: 1, c: 2} {
		if err := perfcorpus.Generate(dir, 300, seed); err != nil {
			t.Fatal(err)
		}
	}
	if ta, tb := readTree(t, a), readTree(t, b); !bytes.Equal(ta, tb) {
		t.Error("the same seed gave different corpora")
	}
	if ta, tc := readTree(t, a), readTree(t, c); bytes.Equal(ta, tc) {
		t.Error("different seeds gave the same corpus")
	}
}

// TestFileSizes checks the layout: one directory per namespace, files of
// 20 to 50 documents (the last file of a namespace may be shorter).
func TestFileSizes(t *testing.T) {
	dir := t.TempDir()
	if err := perfcorpus.Generate(dir, 2000, 1); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	total, short := 0, map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs := bytes.Count(data, []byte("\n---\n"))
		total += docs
		if docs > 50 {
			t.Errorf("%s holds %d documents, want at most 50", f, docs)
		}
		if docs < 20 {
			short[filepath.Dir(f)]++
		}
	}
	if total != 2000 {
		t.Errorf("files hold %d documents, want 2000", total)
	}
	for d, n := range short {
		if n > 1 {
			t.Errorf("%s has %d files under 20 documents, want at most the last one", d, n)
		}
	}
	for _, ns := range perfcorpus.Namespaces {
		if _, err := os.Stat(filepath.Join(dir, ns)); err != nil {
			t.Errorf("namespace %s has no directory: %v", ns, err)
		}
	}
}

func readTree(t *testing.T, dir string) []byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.WriteString(filepath.Base(f) + "\n")
		all.Write(data)
	}
	return all.Bytes()
}

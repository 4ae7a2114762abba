package checks

import (
	"os"
	"testing"

	"github.com/palisade-dev/palisade/internal/catalog"
)

func TestRegistryIsValid(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.All()) == 0 {
		t.Fatal("no checks registered")
	}
}

// TestCatalogIsCurrent fails when docs/checks.md no longer matches the
// registry; regenerate it with `go run ./cmd/palisade-docs`.
func TestCatalogIsCurrent(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	want := catalog.Markdown(reg)
	got, err := os.ReadFile("../../docs/checks.md")
	if err != nil {
		t.Fatalf("reading the catalog: %v (generate it with go run ./cmd/palisade-docs)", err)
	}
	if string(got) != string(want) {
		t.Fatal("docs/checks.md is stale: regenerate it with `go run ./cmd/palisade-docs`")
	}
}

// Command palisade-docs regenerates docs/checks.md from the check registry.
package main

import (
	"fmt"
	"os"

	"github.com/palisade-dev/palisade/internal/catalog"
	"github.com/palisade-dev/palisade/internal/checks"
)

func main() {
	reg, err := checks.Registry()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := "docs/checks.md"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := os.WriteFile(out, catalog.Markdown(reg), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "writing catalog:", err)
		os.Exit(1)
	}
}

package main

import (
	"strings"
	"testing"
)

// TestQuickStart runs the README's live-cluster quick start from the
// repository root and checks that it printed the insecure example's
// critical findings.
func TestQuickStart(t *testing.T) {
	t.Chdir("../..")
	var b strings.Builder
	if err := run(false, &b); err != nil {
		t.Fatalf("quick start: %v", err)
	}
	out := b.String()
	for _, want := range []string{"CRITICAL", "privileged-container", "rbac-workload-token-grants", "objects scanned"} {
		if !strings.Contains(out, want) {
			t.Errorf("the quick start's output lacks %q:\n%s", want, out)
		}
	}
}

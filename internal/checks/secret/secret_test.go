package secret

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/source/manifest"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

func TestChecks(t *testing.T) {
	if _, err := check.NewRegistry(Checks()...); err != nil {
		t.Fatal(err)
	}
	checktest.Run(t, "testdata", Checks(), nil)
}

// TestGoldenFilesHoldNoSecret finds every credential in the fixtures, the
// way the checks do, and fails when a golden file repeats one.
func TestGoldenFilesHoldNoSecret(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]bool{}
	for _, f := range fixtures {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := manifest.Decode([]manifest.Input{{File: f, Data: data, Source: "file"}})
		for _, o := range res.Objects {
			walkScalars(o.Tree(), "", func(key, value string) {
				candidates := []string{value}
				if b, err := base64.StdEncoding.DecodeString(value); err == nil {
					candidates = append(candidates, string(b))
				}
				for _, c := range candidates {
					// Shorter secrets could be in a golden file by chance (a line number).
					if m, ok := scanAnnotation(key, c); ok && m.Rule != ruleKeyStore && len(m.Secret) >= 6 {
						secrets[m.Secret] = true
					}
				}
			})
		}
	}
	if len(secrets) < 10 {
		t.Fatalf("found only %d secrets in the fixtures: %v", len(secrets), secrets)
	}
	goldens, err := filepath.Glob("testdata/*/*.golden")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		for s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("%s contains the secret %s in full", g, redact(s))
			}
		}
	}
}

// walkScalars calls fn on every string scalar of a document with the key
// (or, in an env list, the variable name) it is the value of.
func walkScalars(n *yamltree.Node, key string, fn func(key, value string)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yamltree.ScalarNode:
		fn(key, n.Value)
	case yamltree.SequenceNode:
		for _, c := range n.Children {
			walkScalars(c, key, fn)
		}
	case yamltree.MappingNode:
		name := n.String("name")
		for i := 0; i+1 < len(n.Children); i += 2 {
			k := n.Children[i].Value
			if k == "value" && name != "" {
				k = name
			}
			walkScalars(n.Children[i+1], k, fn)
		}
	}
}

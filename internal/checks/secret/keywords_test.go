package secret

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// The keyword prefilter must answer exactly what the Aho-Corasick trie
// that gitleaks itself uses answers for the lower-cased text: a text it
// wrongly rejects would hide a secret.

func trieSays(tr *ahocorasick.Trie, text string) bool {
	return tr.MatchFirstString(strings.ToLower(text)) != nil
}

func gitleaksKeywords(t testing.TB) []string {
	t.Helper()
	g, err := loadRules()
	if err != nil {
		t.Fatal(err)
	}
	return slices.Collect(maps.Keys(g.specific.detector.Config.Keywords))
}

func TestKeywordSetMatchesTrie(t *testing.T) {
	sets := map[string][]string{
		"gitleaks":    gitleaksKeywords(t),
		"overlapping": {"he", "she", "his", "hers", "a", "ab", "bab", "bc", "bca", "c", "caa"},
		"odd":         {"", "UPPER", "mIxed", "k", "straße", "\xff\xfe", "ǅa", "x y", "-----begin"},
	}
	pieces := []string{"", " ", "=", ":", "\n", "K", "\u212a", "İ", "ß", "ǅ", "ẞ", "\xff", "é", "x", "A", "Z"}
	rng := rand.New(rand.NewPCG(3, 4))
	for name, kws := range sets {
		tr := ahocorasick.NewTrieBuilder().AddStrings(kws).Build()
		k := newKeywordSet(kws)
		for range 20000 {
			var b strings.Builder
			for range rng.IntN(6) {
				if rng.IntN(2) == 0 && len(kws) > 0 {
					w := kws[rng.IntN(len(kws))]
					if rng.IntN(2) == 0 {
						w = strings.ToUpper(w)
					}
					if len(w) > 1 && rng.IntN(3) == 0 {
						w = w[:rng.IntN(len(w))] // a prefix: no match on its own
					}
					b.WriteString(w)
				} else {
					b.WriteString(pieces[rng.IntN(len(pieces))])
				}
			}
			text := b.String()
			if got, want := k.in(text), trieSays(tr, text); got != want {
				t.Fatalf("%s: in(%q) = %v, the trie says %v", name, text, got, want)
			}
		}
	}
}

func FuzzKeywordSet(f *testing.F) {
	f.Add("api_key=AKIA1234", "akia,key,\u212a")
	f.Add("KELVIN \u212aey", "key")
	f.Fuzz(func(t *testing.T, text, keywords string) {
		kws := strings.Split(keywords, ",")
		k := newKeywordSet(kws)
		if k == nil {
			return
		}
		tr := ahocorasick.NewTrieBuilder().AddStrings(kws).Build()
		if got, want := k.in(text), trieSays(tr, text); got != want {
			t.Fatalf("in(%q) over %q = %v, the trie says %v", text, kws, got, want)
		}
	})
}

func BenchmarkKeywordSet(b *testing.B) {
	k := newKeywordSet(gitleaksKeywords(b))
	texts := []string{"LOG_LEVEL=info", "JAVA_OPTS=-Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8",
		"OTEL_RESOURCE_ATTRIBUTES=service.name=checkout,service.version=1.4.2", "API_TOKEN=9f8e7d6c5b4a39281706f5e4d3c2b1a0"}
	for b.Loop() {
		for _, s := range texts {
			k.in(s)
		}
	}
}

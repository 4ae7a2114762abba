package kustomize

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"sigs.k8s.io/kustomize/api/types"
)

// krusty clones git URLs with the git binary and fetches http(s) URLs
// itself, and offers no option to turn either off. So before a build the
// kustomization and every local base it reaches are read, and any reference
// that kustomize would fetch is refused.

// gitUser is the SCP-style "user@" prefix kustomize accepts as a git URL.
var gitUser = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*@`)

// isRemote reports whether kustomize would fetch ref over the network
// (or clone it with git), following the rules of kustomize's loader:
// http(s) files, and git URLs by scheme, SCP-style user, or github.com.
func isRemote(ref string) bool {
	s := strings.ToLower(strings.TrimSpace(ref))
	s = strings.TrimPrefix(s, "git::")
	for _, prefix := range []string{"http://", "https://", "ssh://", "file://", "github.com/", "github.com:"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return gitUser.MatchString(s)
}

// checkLocal walks the kustomization in dir and the local kustomizations it
// refers to, and returns an error naming the first remote reference.
func checkLocal(dir string) error {
	return walkLocal(dir, map[string]bool{})
}

func walkLocal(dir string, seen map[string]bool) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("resolving %s: %w", dir, err)
	}
	if seen[abs] {
		return nil
	}
	seen[abs] = true
	file := kustomizationFile(dir)
	if file == "" {
		return nil // not a kustomization: krusty reports what it makes of it
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading %s: %w", file, err)
	}
	var k types.Kustomization
	if err := k.Unmarshal(data); err != nil {
		return fmt.Errorf("reading %s: %w", file, err)
	}
	k.FixKustomization()
	for _, ref := range references(&k) {
		if isRemote(ref.value) {
			return fmt.Errorf("%s: %s %q is remote; palisade never fetches over the network: vendor it into the repository and refer to it by a local path",
				file, ref.field, ref.value)
		}
	}
	for _, ref := range references(&k) {
		if !ref.base {
			continue
		}
		sub := filepath.Join(dir, ref.value)
		if fi, err := os.Stat(sub); err == nil && fi.IsDir() {
			if err := walkLocal(sub, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// reference is one path a kustomization loads. A base may be a directory
// holding another kustomization.
type reference struct {
	field, value string
	base         bool
}

// references lists every path krusty may load from k: resources and
// components (which may be bases), plugin configs given by path, patch,
// replacement, CRD, configuration and openapi files, and generator inputs.
// Helm charts are left out: krusty's default options refuse to inflate them.
func references(k *types.Kustomization) []reference {
	var refs []reference
	add := func(field string, base bool, values ...string) {
		for _, v := range values {
			// Plugin configs and patches may be inline YAML, not paths.
			if v != "" && !strings.Contains(v, "\n") {
				refs = append(refs, reference{field: field, value: v, base: base})
			}
		}
	}
	add("resource", true, k.Resources...)
	add("component", true, k.Components...)
	add("generator", true, k.Generators...)
	add("transformer", true, k.Transformers...)
	add("validator", true, k.Validators...)
	add("crd", false, k.Crds...)
	add("configuration", false, k.Configurations...)
	add("openapi path", false, k.OpenAPI["path"])
	for _, p := range k.PatchesStrategicMerge {
		add("patch", false, string(p))
	}
	for _, p := range append(k.Patches, k.PatchesJson6902...) {
		add("patch", false, p.Path)
	}
	for _, r := range k.Replacements {
		add("replacement", false, r.Path)
	}
	for _, g := range k.ConfigMapGenerator {
		add("configMapGenerator file", false, generatorFiles(g.KvPairSources)...)
	}
	for _, g := range k.SecretGenerator {
		add("secretGenerator file", false, generatorFiles(g.KvPairSources)...)
	}
	return refs
}

// generatorFiles returns the paths of "files" ("key=path" or "path") and
// "envs" entries.
func generatorFiles(src types.KvPairSources) []string {
	var paths []string
	for _, f := range src.FileSources {
		if _, p, ok := strings.Cut(f, "="); ok {
			f = p
		}
		paths = append(paths, f)
	}
	return append(paths, src.EnvSources...)
}

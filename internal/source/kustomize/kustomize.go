// Package kustomize builds a kustomization in-process, like
// `kustomize build`, and hands the result to the manifest decoder.
//
// It uses sigs.k8s.io/kustomize/api/krusty on the real filesystem with
// krusty's default options: no plugins, no Helm inflation, and files loaded
// only from within each kustomization's root. Remote bases and files are
// refused before the build (see checkLocal), so nothing is ever fetched.
package kustomize

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// SourceName is the manifest.Input source of kustomize output.
const SourceName = "kustomize"

// buildMu serializes builds: krusty keeps the OpenAPI schema a
// kustomization selects in package-level state.
var buildMu sync.Mutex

// IsKustomization reports whether dir holds a kustomization file
// (kustomization.yaml, kustomization.yml or Kustomization).
func IsKustomization(dir string) bool {
	return kustomizationFile(dir) != ""
}

// kustomizationFile returns the path of dir's kustomization file, or "".
func kustomizationFile(dir string) string {
	for _, name := range konfig.RecognizedKustomizationFileNames() {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// Build runs the kustomization in dir and returns its output as one
// multi-document YAML input named after dir. Line numbers of the output do
// not match any file the user wrote, so the input is marked NoLines.
func Build(dir string) (inputs []manifest.Input, err error) {
	defer func() {
		if p := recover(); p != nil {
			inputs, err = nil, fmt.Errorf("building kustomization %s: internal error in kustomize: %v", dir, p)
		}
	}()
	data, err := build(dir)
	if err != nil {
		return nil, fmt.Errorf("building kustomization %s: %w", dir, err)
	}
	return []manifest.Input{{File: dir, Data: data, Source: SourceName, NoLines: true}}, nil
}

func build(dir string) ([]byte, error) {
	if err := checkLocal(dir); err != nil {
		return nil, err
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	resources, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, err
	}
	data, err := resources.AsYaml()
	if err != nil {
		return nil, fmt.Errorf("writing output as YAML: %w", err)
	}
	return data, nil
}

package scan

import (
	"github.com/palisade-dev/palisade/internal/source"
	"github.com/palisade-dev/palisade/internal/source/helm"
	"github.com/palisade-dev/palisade/internal/source/kustomize"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// helmRenderer renders Helm charts with the user's values.
type helmRenderer struct{ opts helm.Options }

func (helmRenderer) Name() string           { return "helm" }
func (helmRenderer) Match(path string) bool { return helm.IsChart(path) }
func (h helmRenderer) Render(path string) ([]manifest.Input, error) {
	return helm.Render(path, h.opts)
}

// kustomizeRenderer builds kustomizations.
type kustomizeRenderer struct{}

func (kustomizeRenderer) Name() string           { return "kustomize" }
func (kustomizeRenderer) Match(path string) bool { return kustomize.IsKustomization(path) }
func (kustomizeRenderer) Render(path string) ([]manifest.Input, error) {
	return kustomize.Build(path)
}

func renderers(h helm.Options) []source.Renderer {
	return []source.Renderer{helmRenderer{opts: h}, kustomizeRenderer{}}
}

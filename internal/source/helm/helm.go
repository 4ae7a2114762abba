// Package helm renders a Helm chart in-process, like `helm template`, and
// hands the rendered templates to the manifest decoder.
//
// It drives Helm's template engine (helm.sh/helm/v3/pkg/engine) directly
// rather than action.Install in client-only dry-run mode. The engine returns
// one rendered text per template file, which is exactly what a source needs
// to name the file an object came from; action.Install joins everything into
// one release manifest that would have to be split again on "# Source:"
// comments, aborts the whole chart when one template renders invalid YAML,
// and pulls in the Kubernetes client and release storage machinery. The few
// steps of Install that matter offline (dependency conditions and
// import-values, values coalescing with schema validation, kubeVersion
// constraint, CRDs, NOTES.txt removal) are repeated here.
package helm

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/cli/values"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/getter"

	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// SourceName is the manifest.Input source of rendered chart output.
const SourceName = "helm"

// Defaults that match `helm template`.
const (
	DefaultReleaseName = "release-name"
	DefaultNamespace   = "default"
)

// Options are the values and release settings a chart is rendered with,
// mirroring the flags of `helm template`.
type Options struct {
	// ValuesFiles are merged in order, later files winning (-f/--values).
	// Only local files (or "-" for stdin) are read; URLs are never fetched.
	ValuesFiles []string
	// Set holds key=value overrides applied after the values files (--set).
	Set []string
	// SetString holds overrides applied last, always as strings (--set-string).
	SetString []string
	// ReleaseName is .Release.Name; empty means DefaultReleaseName.
	ReleaseName string
	// Namespace is .Release.Namespace; empty means DefaultNamespace.
	Namespace string
	// KubeVersion is .Capabilities.KubeVersion (e.g. "1.31.0"); empty means
	// the version Helm was built against.
	KubeVersion string
}

// IsChart reports whether path is a chart directory (one holding Chart.yaml)
// or a .tgz chart archive.
func IsChart(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		cf, err := os.Stat(filepath.Join(path, chartutil.ChartfileName))
		return err == nil && cf.Mode().IsRegular()
	}
	return fi.Mode().IsRegular() && strings.HasSuffix(strings.ToLower(path), ".tgz")
}

// Render renders the chart at chartPath (a directory or .tgz archive, with
// its dependencies vendored under charts/) and returns one Input per
// template or CRD file that produced content, sorted by file name. NOTES.txt
// is left out; hooks and tests are kept. Nothing is fetched over the network.
func Render(chartPath string, opts Options) (inputs []manifest.Input, err error) {
	defer func() {
		if p := recover(); p != nil {
			inputs, err = nil, fmt.Errorf("rendering chart %s: internal error in helm: %v", chartPath, p)
		}
	}()
	inputs, err = render(chartPath, opts)
	if err != nil {
		return nil, fmt.Errorf("rendering chart %s: %w", chartPath, err)
	}
	return inputs, nil
}

func render(chartPath string, opts Options) ([]manifest.Input, error) {
	opts = opts.withDefaults()
	ch, err := loader.Load(chartPath)
	if err != nil {
		return nil, fmt.Errorf("loading chart: %w", err)
	}
	if err := checkInstallable(ch); err != nil {
		return nil, err
	}
	vals, err := mergeValues(opts)
	if err != nil {
		return nil, err
	}
	renderVals, err := renderValues(ch, vals, opts)
	if err != nil {
		return nil, err
	}
	files, err := engine.Render(ch, renderVals)
	if err != nil {
		return nil, err
	}
	return collect(chartPath, ch, files), nil
}

func (o Options) withDefaults() Options {
	if o.ReleaseName == "" {
		o.ReleaseName = DefaultReleaseName
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	return o
}

// checkInstallable refuses what `helm template` refuses: library charts and
// dependencies declared in Chart.yaml but not vendored under charts/.
func checkInstallable(ch *chart.Chart) error {
	switch ch.Metadata.Type {
	case "", "application":
	default:
		return fmt.Errorf("%s charts are not installable", ch.Metadata.Type)
	}
	var missing []string
	for _, dep := range ch.Metadata.Dependencies {
		if dep == nil || hasDependency(ch, dep.Name) {
			continue
		}
		missing = append(missing, dep.Name)
	}
	if len(missing) > 0 {
		return fmt.Errorf("dependencies found in Chart.yaml but missing in charts/: %s (run `helm dependency build` first; palisade never downloads charts)",
			strings.Join(missing, ", "))
	}
	return nil
}

func hasDependency(ch *chart.Chart, name string) bool {
	for _, d := range ch.Dependencies() {
		if d.Name() == name {
			return true
		}
	}
	return false
}

// mergeValues merges values files, --set and --set-string with Helm's own
// code. An empty getter list means a URL is read as a (missing) local file.
func mergeValues(opts Options) (map[string]any, error) {
	for _, f := range opts.ValuesFiles {
		if u, err := url.Parse(f); err == nil && u.Scheme != "" && u.Host != "" {
			return nil, fmt.Errorf("values file %s is a URL; palisade never fetches over the network, download it and pass the local file", f)
		}
	}
	vo := values.Options{ValueFiles: opts.ValuesFiles, Values: opts.Set, StringValues: opts.SetString}
	vals, err := vo.MergeValues(getter.Providers{})
	if err != nil {
		return nil, fmt.Errorf("merging values: %w", err)
	}
	return vals, nil
}

// renderValues builds the top-level template scope the way action.Install
// does for a first install of revision 1.
func renderValues(ch *chart.Chart, vals map[string]any, opts Options) (chartutil.Values, error) {
	if err := chartutil.ValidateReleaseName(opts.ReleaseName); err != nil {
		return nil, fmt.Errorf("release name %q: %w", opts.ReleaseName, err)
	}
	caps := chartutil.DefaultCapabilities.Copy()
	if opts.KubeVersion != "" {
		kv, err := chartutil.ParseKubeVersion(opts.KubeVersion)
		if err != nil {
			return nil, fmt.Errorf("kube version %q: %w", opts.KubeVersion, err)
		}
		caps.KubeVersion = *kv
	}
	if want := ch.Metadata.KubeVersion; want != "" && !chartutil.IsCompatibleRange(want, caps.KubeVersion.String()) {
		return nil, fmt.Errorf("chart requires kubeVersion %s, which is incompatible with Kubernetes %s", want, caps.KubeVersion.String())
	}
	if err := chartutil.ProcessDependenciesWithMerge(ch, vals); err != nil {
		return nil, fmt.Errorf("processing dependencies: %w", err)
	}
	rel := chartutil.ReleaseOptions{Name: opts.ReleaseName, Namespace: opts.Namespace, Revision: 1, IsInstall: true}
	rv, err := chartutil.ToRenderValues(ch, vals, rel, caps)
	if err != nil {
		return nil, fmt.Errorf("computing values: %w", err)
	}
	return rv, nil
}

// notesFile is the rendered text that is shown to users, not applied.
const notesFile = "NOTES.txt"

// collect turns rendered templates and the charts' CRD files into inputs.
// Engine and CRD names start with the chart's name ("web/templates/x.yaml");
// that first element is replaced by the path the user gave.
func collect(chartPath string, ch *chart.Chart, files map[string]string) []manifest.Input {
	var inputs []manifest.Input
	add := func(name string, data []byte) {
		if len(strings.TrimSpace(string(data))) == 0 {
			return
		}
		inputs = append(inputs, manifest.Input{
			File: displayName(chartPath, name), Data: data, Source: SourceName, NoLines: true,
		})
	}
	for name, text := range files {
		if filepath.Base(name) == notesFile {
			continue
		}
		add(name, []byte(text))
	}
	for _, crd := range ch.CRDObjects() {
		if crd.File != nil {
			add(filepath.ToSlash(crd.Filename), crd.File.Data)
		}
	}
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].File < inputs[j].File })
	return inputs
}

func displayName(chartPath, name string) string {
	_, rel, found := strings.Cut(name, "/")
	if !found {
		rel = name
	}
	return filepath.Join(chartPath, filepath.FromSlash(rel))
}

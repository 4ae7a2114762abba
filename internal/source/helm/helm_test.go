package helm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

var webFiles = []string{
	"testdata/web/crds/widgets.yaml",
	"testdata/web/templates/deployment.yaml",
	"testdata/web/templates/hook-migrate.yaml",
	"testdata/web/templates/service.yaml",
	"testdata/web/templates/tests/test-connection.yaml",
}

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		chart string
		opts  Options
		files []string
		// want maps a file to text its rendered output must contain.
		want map[string][]string
		// absent maps a file to text its rendered output must not contain.
		absent map[string][]string
	}{
		{
			name: "defaults", chart: "testdata/web", files: webFiles,
			want: map[string][]string{
				"testdata/web/templates/deployment.yaml": {"name: release-name-web", "namespace: default", "replicas: 1", `image: "nginx:1.27"`},
				"testdata/web/templates/service.yaml":    {"port: 80", "namespace: default"},
				"testdata/web/crds/widgets.yaml":         {"widgets.example.com"},
			},
		},
		{
			name: "release name and namespace", chart: "testdata/web", files: webFiles,
			opts: Options{ReleaseName: "shop", Namespace: "prod"},
			want: map[string][]string{
				"testdata/web/templates/deployment.yaml": {"name: shop-web", "namespace: prod"},
				"testdata/web/templates/service.yaml":    {"name: shop-web", "namespace: prod"},
			},
		},
		{
			name: "values files in order", chart: "testdata/web", files: webFiles,
			opts: Options{ValuesFiles: []string{"testdata/web/values-prod.yaml", "testdata/web/values-big.yaml"}},
			want: map[string][]string{
				"testdata/web/templates/deployment.yaml": {"replicas: 5", `image: "nginx:1.27-prod"`, "privileged: true"},
			},
		},
		{
			name: "set overrides values files, set-string last", chart: "testdata/web",
			opts: Options{
				ValuesFiles: []string{"testdata/web/values-prod.yaml"},
				Set:         []string{"replicaCount=7,image.tag=2.0", "extra=true"},
				SetString:   []string{"image.tag=3.0"},
			},
			files: []string{
				"testdata/web/crds/widgets.yaml",
				"testdata/web/templates/deployment.yaml",
				"testdata/web/templates/hook-migrate.yaml",
				"testdata/web/templates/optional.yaml",
				"testdata/web/templates/service.yaml",
				"testdata/web/templates/tests/test-connection.yaml",
			},
			want: map[string][]string{
				"testdata/web/templates/deployment.yaml": {"replicas: 7", `image: "nginx:3.0"`},
				"testdata/web/templates/optional.yaml":   {"kind: ConfigMap"},
			},
		},
		{
			name: "subchart enabled", chart: "testdata/parent",
			files: []string{"testdata/parent/charts/db/templates/statefulset.yaml", "testdata/parent/templates/configmap.yaml"},
			opts:  Options{Namespace: "data"},
			want: map[string][]string{
				"testdata/parent/charts/db/templates/statefulset.yaml": {"storage: 1Gi", "namespace: data", "name: release-name-db"},
				"testdata/parent/templates/configmap.yaml":             {`dbStorage: "1Gi"`},
			},
		},
		{
			name: "subchart disabled by condition", chart: "testdata/parent",
			files: []string{"testdata/parent/templates/configmap.yaml"},
			opts:  Options{Set: []string{"db.enabled=false"}},
		},
		{
			name: "chart without templates", chart: "testdata/notemplates",
		},
		{
			name: "kube version reaches capabilities", chart: "testdata/web", files: webFiles,
			opts: Options{KubeVersion: "1.29.3"},
			want: map[string][]string{
				"testdata/web/templates/deployment.yaml": {`example.com/kube-version: "v1.29.3"`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Render(tt.chart, tt.opts)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			got := map[string]string{}
			var names []string
			for _, in := range inputs {
				if in.Source != SourceName || !in.NoLines {
					t.Errorf("%s: Source=%q NoLines=%v, want %q true", in.File, in.Source, in.NoLines, SourceName)
				}
				names = append(names, in.File)
				got[in.File] = string(in.Data)
			}
			if strings.Join(names, "\n") != strings.Join(tt.files, "\n") {
				t.Errorf("files:\n got %q\nwant %q", names, tt.files)
			}
			for file, subs := range tt.want {
				for _, s := range subs {
					if !strings.Contains(got[file], s) {
						t.Errorf("%s does not contain %q:\n%s", file, s, got[file])
					}
				}
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name  string
		chart string
		opts  Options
		want  []string
	}{
		{"execution error names template and line", "testdata/broken", Options{},
			[]string{"rendering chart testdata/broken", "broken/templates/bad.yaml:6:", "broken.value is required"}},
		{"parse error names template and line", "testdata/parseerr", Options{},
			[]string{"rendering chart testdata/parseerr", "parseerr/templates/cm.yaml:5", "nosuchfunc"}},
		{"invalid Chart.yaml", "testdata/badchartyaml", Options{}, []string{"rendering chart testdata/badchartyaml", "Chart.yaml"}},
		{"missing chart", "testdata/nope", Options{}, []string{"rendering chart testdata/nope"}},
		{"dependency not vendored", "testdata/missingdep", Options{}, []string{"redis", "helm dependency build"}},
		{"missing values file", "testdata/web", Options{ValuesFiles: []string{"testdata/web/nope.yaml"}}, []string{"merging values", "nope.yaml"}},
		{"values URL is not fetched", "testdata/web", Options{ValuesFiles: []string{"https://example.invalid/values.yaml"}}, []string{"https://example.invalid/values.yaml is a URL"}},
		{"bad --set", "testdata/web", Options{Set: []string{"a[=b"}}, []string{"--set"}},
		{"bad release name", "testdata/web", Options{ReleaseName: "Not_Valid"}, []string{`release name "Not_Valid"`}},
		{"bad kube version", "testdata/web", Options{KubeVersion: "banana"}, []string{`kube version "banana"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Render(tt.chart, tt.opts)
			if err == nil {
				t.Fatalf("Render succeeded with %d inputs, want error", len(inputs))
			}
			t.Log(err)
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestRenderArchive(t *testing.T) {
	ch, err := loader.Load("testdata/parent")
	if err != nil {
		t.Fatal(err)
	}
	tgz, err := chartutil.Save(ch, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !IsChart(tgz) {
		t.Fatalf("IsChart(%s) = false", tgz)
	}
	inputs, err := Render(tgz, Options{})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	want := []string{
		filepath.Join(tgz, "charts/db/templates/statefulset.yaml"),
		filepath.Join(tgz, "templates/configmap.yaml"),
	}
	if len(inputs) != len(want) {
		t.Fatalf("got %d inputs, want %d", len(inputs), len(want))
	}
	for i, in := range inputs {
		if in.File != want[i] {
			t.Errorf("input %d: File = %q, want %q", i, in.File, want[i])
		}
	}
}

func TestIsChart(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "fake.tgz")
	if err := os.Mkdir(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{"testdata/web", true},
		{"testdata/parent/charts/db", true},
		{"testdata/web/templates", false},
		{"testdata/web/Chart.yaml", false},
		{"testdata/nope", false},
		{fake, false},
	}
	for _, tt := range tests {
		if got := IsChart(tt.path); got != tt.want {
			t.Errorf("IsChart(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestDecode checks that rendered output decodes into objects located by
// file only, since rendered line numbers do not match the template.
func TestDecode(t *testing.T) {
	inputs, err := Render("testdata/web", Options{Namespace: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Decode(inputs)
	if len(res.Errors) > 0 {
		t.Fatalf("decode errors: %v", res.Errors)
	}
	want := map[string]inventory.Location{
		"Deployment":               {File: "testdata/web/templates/deployment.yaml"},
		"Service":                  {File: "testdata/web/templates/service.yaml"},
		"CustomResourceDefinition": {File: "testdata/web/crds/widgets.yaml"},
	}
	for _, o := range res.Objects {
		loc, ok := want[o.Kind]
		if !ok {
			continue
		}
		delete(want, o.Kind)
		if o.Location != loc {
			t.Errorf("%s location = %+v, want %+v", o.Kind, o.Location, loc)
		}
		if o.Kind != "CustomResourceDefinition" && o.Namespace != "shop" {
			t.Errorf("%s namespace = %q, want shop", o.Kind, o.Namespace)
		}
	}
	for kind := range want {
		t.Errorf("no %s decoded", kind)
	}
}

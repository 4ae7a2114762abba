package kustomize

import (
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

func TestBuildGolden(t *testing.T) {
	tests := []struct{ dir, golden string }{
		{"testdata/base", "testdata/base.golden.yaml"},
		{"testdata/overlay", "testdata/overlay.golden.yaml"},
		{"testdata/ymlname", "testdata/ymlname.golden.yaml"},
		{"testdata/capitalname", "testdata/capitalname.golden.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			inputs, err := Build(tt.dir)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if len(inputs) != 1 {
				t.Fatalf("got %d inputs, want 1", len(inputs))
			}
			in := inputs[0]
			if in.File != tt.dir || in.Source != SourceName || !in.NoLines {
				t.Errorf("input = {File:%q Source:%q NoLines:%v}, want {%q %q true}", in.File, in.Source, in.NoLines, tt.dir, SourceName)
			}
			golden.Check(t, tt.golden, string(in.Data))
		})
	}
}

// TestOverlay checks the overlay's effects on the decoded objects: the
// strategic merge patch, the namespace and the common labels.
func TestOverlay(t *testing.T) {
	inputs, err := Build("testdata/overlay")
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Decode(inputs)
	if len(res.Errors) > 0 {
		t.Fatalf("decode errors: %v", res.Errors)
	}
	if len(res.Objects) != 2 {
		t.Fatalf("got %d objects, want 2", len(res.Objects))
	}
	for _, o := range res.Objects {
		if o.Namespace != "shop" || o.Meta.Labels["team"] != "payments" {
			t.Errorf("%s/%s: namespace %q labels %v, want shop and team=payments", o.Kind, o.Name, o.Namespace, o.Meta.Labels)
		}
		if o.Location != (inventory.Location{File: "testdata/overlay"}) {
			t.Errorf("%s location = %+v, want the kustomization directory only", o.Kind, o.Location)
		}
		d, ok := o.Typed.(*appsv1.Deployment)
		if !ok {
			continue
		}
		c := d.Spec.Template.Spec.Containers[0]
		if *d.Spec.Replicas != 3 || c.SecurityContext == nil || !*c.SecurityContext.Privileged {
			t.Errorf("patch not applied: replicas %d, securityContext %+v", *d.Spec.Replicas, c.SecurityContext)
		}
		if c.Image != "example.com/api:1.0" {
			t.Errorf("image = %q; the patch must merge, not replace, the container", c.Image)
		}
		if d.Spec.Selector.MatchLabels["team"] != "payments" {
			t.Errorf("selector = %v, want commonLabels added", d.Spec.Selector.MatchLabels)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		dir  string
		want []string
	}{
		{"missing resource", "testdata/broken", []string{"building kustomization testdata/broken", "missing.yaml"}},
		{"not a kustomization", "testdata/base/deployment.yaml", []string{"building kustomization testdata/base/deployment.yaml"}},
		{"no such directory", "testdata/nope", []string{"building kustomization testdata/nope"}},
		{"invalid kustomization YAML", "testdata/badyaml", []string{"building kustomization testdata/badyaml", filepath.Join("testdata/badyaml", "kustomization.yaml")}},
		{"remote git base", "testdata/remote", []string{filepath.Join("testdata/remote", "kustomization.yaml"), `resource "github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0" is remote`}},
		{"remote patch file", "testdata/remotepatch", []string{`patch "https://example.invalid/patch.yaml" is remote`}},
		{"remote base behind a local base", "testdata/remotebase", []string{filepath.Join("testdata/remotebase/app", "kustomization.yaml"), "git@github.example.com", "is remote"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Build(tt.dir)
			if err == nil {
				t.Fatalf("Build succeeded with %d inputs, want error", len(inputs))
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

func TestIsKustomization(t *testing.T) {
	tests := []struct {
		dir  string
		want bool
	}{
		{"testdata/base", true},
		{"testdata/ymlname", true},
		{"testdata/capitalname", true},
		{"testdata", false},
		{"testdata/nope", false},
		{"testdata/base/deployment.yaml", false},
	}
	for _, tt := range tests {
		if got := IsKustomization(tt.dir); got != tt.want {
			t.Errorf("IsKustomization(%q) = %v, want %v", tt.dir, got, tt.want)
		}
	}
}

func TestIsRemote(t *testing.T) {
	tests := []struct {
		ref  string
		want bool
	}{
		{"../base", false},
		{"deployment.yaml", false},
		{"github.com.yaml", false},
		{"/abs/path/base", false},
		{"https://raw.example.com/x.yaml", true},
		{"HTTP://example.com/x.yaml", true},
		{"github.com/org/repo//dir?ref=v1", true},
		{"GitHub.com:org/repo", true},
		{"git::https://gitlab.com/org/repo", true},
		{"git@gitlab.com:org/repo.git", true},
		{"ssh://git@host/org/repo", true},
		{"file:///srv/repo", true},
	}
	for _, tt := range tests {
		if got := isRemote(tt.ref); got != tt.want {
			t.Errorf("isRemote(%q) = %v, want %v", tt.ref, got, tt.want)
		}
	}
}

package yamltree

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

func mustParse(t *testing.T, src string) *Node {
	t.Helper()
	doc, err := ParseDocument(Chunk{Data: []byte(src), Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	return doc.Root
}

// TestDecodeMatchesJSON checks Decode against encoding/json on the node's
// JSON form, which is how Kubernetes itself reads a manifest.
func TestDecodeMatchesJSON(t *testing.T) {
	for _, src := range []string{testDeployment(4), testConfigMap(2)} {
		root := mustParse(t, src)
		var viaDecode, viaJSON appsv1.Deployment
		if root.String("kind") == "ConfigMap" {
			var a, b corev1.ConfigMap
			if err := root.Decode(&a); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(root.AppendJSON(nil), &b); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("Decode and JSON differ:\n%+v\n%+v", a, b)
			}
			continue
		}
		if err := root.Decode(&viaDecode); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(root.AppendJSON(nil), &viaJSON); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(viaDecode, viaJSON) {
			t.Fatalf("Decode and JSON differ:\n%+v\n%+v", viaDecode, viaJSON)
		}
	}
}

func TestDecodeMaps(t *testing.T) {
	root := mustParse(t, "a: {x: 1, y: null}\nb: {x: 2}\nc: [1, two]\n")
	var m map[string]map[string]*int
	if err := root.Get("a").Decode(&m); err == nil {
		t.Fatal("want an error for a non-mapping value")
	}
	var mm map[string]any
	if err := root.Decode(&mm); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": map[string]any{"x": int64(1), "y": nil}, "b": map[string]any{"x": int64(2)}, "c": []any{int64(1), "two"}}
	if !reflect.DeepEqual(mm, want) {
		t.Fatalf("got %#v", mm)
	}
	var typed map[string]map[string]int
	if err := mustParse(t, "a: {x: 1, y: 2}\nb: {z: 3}\n").Decode(&typed); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(typed, map[string]map[string]int{"a": {"x": 1, "y": 2}, "b": {"z": 3}}) {
		t.Fatalf("got %#v", typed)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct{ src, path, msg string }{
		{"spec:\n  replicas: many\n", ".spec.replicas", `expected an integer, got "many"`},
		{"spec:\n  template:\n    spec:\n      containers:\n      - name: a\n      - name: [x]\n", ".spec.template.spec.containers[1].name", `expected a string, got a list`},
		{"spec:\n  template:\n    spec:\n      containers:\n      - resources: {limits: {cpu: abc}}\n", ".spec.template.spec.containers[0].resources.limits.cpu", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
		{"metadata:\n  labels: [a]\n", ".metadata.labels", "expected a mapping, got a list"},
		{"spec: 3\n", ".spec", `expected a mapping for DeploymentSpec, got "3"`},
		{"metadata:\n  labels: {\"\": [x]}\n", ".metadata.labels.", `expected a string, got a list`},
	}
	for _, tc := range cases {
		var d appsv1.Deployment
		err := mustParse(t, tc.src).Decode(&d)
		var de *DecodeError
		if !errors.As(err, &de) || de.Path != tc.path || de.Message != tc.msg {
			t.Errorf("%q: got %#v", tc.src, err)
		}
	}
}

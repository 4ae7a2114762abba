package manifest

import (
	"fmt"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

func decode(t *testing.T, text string) Result {
	t.Helper()
	return Decode([]Input{{File: "in.yaml", Data: []byte(text), Source: "file"}})
}

func TestDecodeKinds(t *testing.T) {
	res := decode(t, `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, annotations: {a: b}}
spec:
  template:
    spec:
      containers: [{name: app, image: nginx:1.27}]
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec: {anything: [1, 2]}
---
# only a comment
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: old}
`)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if len(res.Objects) != 3 {
		t.Fatalf("got %d objects, want 3", len(res.Objects))
	}
	d, ok := res.Objects[0].Typed.(*appsv1.Deployment)
	if !ok || d.Spec.Template.Spec.Containers[0].Image != "nginx:1.27" || res.Objects[0].Meta.Annotations["a"] != "b" {
		t.Errorf("deployment not decoded: %#v", res.Objects[0])
	}
	if w := res.Objects[1]; w.Typed != nil || w.Kind != "Widget" || w.Name != "w" || w.Location.Line != 9 {
		t.Errorf("unknown kind must be kept untyped with its metadata and line: %+v", w)
	}
	if _, ok := res.Objects[2].Typed.(*appsv1.Deployment); !ok {
		t.Errorf("extensions/v1beta1 Deployment not decoded as a Deployment")
	}
}

func TestDecodeLists(t *testing.T) {
	res := decode(t, `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
  - apiVersion: v1
    kind: Service
    metadata: {name: b}
---
apiVersion: v1
kind: PodList
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: c}
---
apiVersion: v1
kind: ConfigMapList
items: []
`)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	var got []string
	for _, o := range res.Objects {
		got = append(got, fmt.Sprintf("%s/%s@%d", o.Kind, o.Name, o.Location.Line))
	}
	if want := "Pod/a@4 Service/b@7 Pod/c@14"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"wrong type", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: \"x\"\n", 5, `field spec.containers: expected a list, got "x"`},
		{"wrong scalar type", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: \"true\"\n", 5, "field spec.hostPID: expected a boolean"},
		{"int as string", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      ports: [{containerPort: \"80\"}]\n", 7, "field spec.containers[0].ports[0].containerPort: expected an integer"},
		{"bad quantity", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      resources: {limits: {cpu: lots}}\n", 7, "field spec.containers[0].resources.limits.cpu"},
		{"broken yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p\n", 3, "invalid YAML"},
		{"scalar document", "just a string\n", 1, "not a mapping"},
		{"list items not a list", "apiVersion: v1\nkind: List\nitems: 3\n", 3, "List.items must be a list"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := decode(t, c.text)
			if len(res.Errors) != 1 {
				t.Fatalf("want one error, got %v", res.Errors)
			}
			e := res.Errors[0]
			if e.Line != c.line || !strings.Contains(e.Message, c.msg) || e.File != "in.yaml" {
				t.Errorf("got %s, want line %d containing %q", e.Error(), c.line, c.msg)
			}
			for _, o := range res.Objects {
				if o.Typed != nil {
					t.Errorf("a broken object must not be typed (checked): %+v", o)
				}
			}
		})
	}
}

func TestOneBrokenDocumentDoesNotHideOthers(t *testing.T) {
	res := decode(t, "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n---\n\x7f\x01: [\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n")
	if len(res.Errors) != 2 || len(res.Objects) != 2 {
		t.Fatalf("want 2 errors and 2 objects, got %v and %d objects", res.Errors, len(res.Objects))
	}
	if res.Objects[0].Name != "b" || res.Objects[1].Name != "c" || res.Objects[1].Location.Line != 11 {
		t.Errorf("wrong objects or lines: %+v %+v", res.Objects[0], res.Objects[1])
	}
}

func TestSkippedAndEmpty(t *testing.T) {
	res := decode(t, "\n---\n---\nreplicaCount: 2\nimage: {tag: x}\n---\n")
	if len(res.Errors) != 0 || len(res.Objects) != 0 || len(res.Skipped) != 1 || res.Skipped[0].Line != 4 {
		t.Errorf("got errors %v objects %d skipped %v", res.Errors, len(res.Objects), res.Skipped)
	}
}

func TestLargeDocument(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n")
	for i := 0; b.Len() < 2<<20; i++ {
		fmt.Fprintf(&b, "  key%d: %s\n", i, strings.Repeat("v", 100))
	}
	res := decode(t, b.String())
	if len(res.Errors) != 0 || len(res.Objects) != 1 {
		t.Fatalf("2 MB document: errors %v, %d objects", res.Errors, len(res.Objects))
	}
	if cm := res.Objects[0].Typed.(*corev1.ConfigMap); len(cm.Data) < 10000 {
		t.Errorf("only %d keys decoded", len(cm.Data))
	}
}

func TestNoLinesForRenderedText(t *testing.T) {
	res := Decode([]Input{{File: "chart/templates/pod.yaml", Data: []byte("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {hostPID: 3}\n"), Source: "helm", NoLines: true}})
	if len(res.Errors) != 1 || res.Errors[0].Line != 0 || res.Errors[0].File != "chart/templates/pod.yaml" {
		t.Errorf("rendered text must not claim lines: %v", res.Errors)
	}
	if o := res.Objects[0]; o.Location.Line != 0 || o.Locate("spec.hostPID").Line != 0 {
		t.Errorf("rendered object must not claim lines: %+v", o.Location)
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder: it must never panic,
// and every object or error it returns must name the input.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: x, image: y, securityContext: {privileged: true}}]\n"))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n  spec: {template: {spec: {containers: x}}}\n"))
	f.Add([]byte("a: &x [*x]\n---\n{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":\"80\"}]}}\n"))
	f.Add([]byte("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a, resources: {limits: {cpu: 1e3}}}]}}}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := Decode([]Input{{File: "fuzz.yaml", Data: data, Source: "file"}})
		for _, e := range res.Errors {
			if e.File != "fuzz.yaml" || e.Message == "" {
				t.Fatalf("error without file or message: %+v", e)
			}
			if strings.Contains(e.Message, "internal error") {
				t.Fatalf("decoder panicked: %s", e.Message)
			}
		}
		for _, o := range res.Objects {
			if o.Location.File != "fuzz.yaml" || o.Meta == nil {
				t.Fatalf("object without location or metadata: %+v", o)
			}
		}
	})
}

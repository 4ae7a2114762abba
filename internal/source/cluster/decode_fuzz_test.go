package cluster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/yaml"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// FuzzConfigzObject decodes arbitrary configz answers: an object or an
// error naming the node, never both, never neither.
func FuzzConfigzObject(f *testing.F) {
	for _, seed := range []string{
		`{"kubeletconfig":{"enableServer":true,"readOnlyPort":0,"authentication":{"anonymous":{"enabled":false},"webhook":{"enabled":true}},"authorization":{"mode":"Webhook"},"protectKernelDefaults":true,"rotateCertificates":true}}`,
		`{"kubeletconfig":{"readOnlyPort":"10255","tlsCipherSuites":"x","eventRecordQPS":-1e308}}`,
		`{"kubeletconfig":null}`, `{"kubeletconfig":[]}`, `{"kubeletconfig":{}}{`, `[]`, `null`, `<html>`,
		`{"kind":"Status","status":"Failure","message":"forbidden","reason":"Forbidden","code":403}`,
	} {
		f.Add("cp1", []byte(seed))
	}
	f.Fuzz(func(t *testing.T, node string, raw []byte) {
		o, err := configzObject(node, raw)
		if (o == nil) == (err == nil) {
			t.Fatalf("object %v and error %v", o, err)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "node "+node) {
				t.Fatalf("error %q does not name node %q", err, node)
			}
			return
		}
		if _, ok := o.Typed.(*kubeletv1beta1.KubeletConfiguration); !ok || o.Name != node || o.Location.File != configzPath(node) {
			t.Fatalf("object %+v", o)
		}
		checkObjects(t, []*inventory.Object{o})
	})
}

// FuzzCustomObjects decodes arbitrary JSON pages of every custom resource
// and runs every check over the objects: objects or an error naming the
// resource, objects that say where they came from, and no panic in the
// checks that read their text.
func FuzzCustomObjects(f *testing.F) {
	for i := range customResources {
		f.Add(uint8(i), []byte(`{"metadata":{"continue":"c"},"items":[{"metadata":{"name":"a","namespace":"shop"},"spec":{}},null,{"metadata":{"name":"skip"}}]}`))
	}
	f.Add(uint8(0), []byte(`{"items":{}}`))
	f.Add(uint8(0), []byte(`{"items":[{"metadata":{"name":1}}]}`))
	f.Add(uint8(0), []byte(`{"items":[[],"x",{"metadata":{"labels":{"a":null},"ownerReferences":[{}]}}]}`))
	for _, page := range fixturePages(f) {
		for i, r := range customResources {
			if strings.Contains(page, `"kind":"`+r.kind+`"`) {
				f.Add(uint8(i), []byte(page))
			}
		}
	}
	reg, err := checks.Registry()
	if err != nil {
		f.Fatal(err)
	}
	base := fixtureBase(f)
	keep := func(m *metav1.ObjectMeta) bool { return m.Name != "skip" }
	f.Fuzz(func(t *testing.T, which uint8, raw []byte) {
		r := customResources[int(which)%len(customResources)]
		objs, _, err := r.customObjects(raw, keep)
		if err != nil {
			if objs != nil || !strings.Contains(err.Error(), r.gvr.Resource) {
				t.Fatalf("error %q with %d objects, or without the resource's name", err, len(objs))
			}
			return
		}
		for _, o := range objs {
			if o.Kind != r.kind || o.Name == "skip" || o.Text == nil || !strings.HasPrefix(o.Location.File, r.apiPrefix()+"/") {
				t.Fatalf("object %s %q at %s", o.Kind, o.Name, o.Location.File)
			}
		}
		checkObjects(t, objs)
		inv := inventory.New(append(append([]*inventory.Object{}, base...), objs...), nil)
		for _, c := range reg.All() {
			c.Run(inv, &check.Options{}, func(r check.Result) {
				if r.Object == nil || (r.Status == check.NotChecked || r.Status == check.NotApplicable) && r.Message == "" {
					t.Fatalf("%s: result %+v without an object or a reason", c.ID, r)
				}
				r.Object.Locate(r.Path)
			})
		}
	})
}

// FuzzStatusError reads arbitrary bodies of failed requests: the server's
// Status when there is one with a message, the request's error otherwise.
func FuzzStatusError(f *testing.F) {
	f.Add([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","message":"nodes \"n1\" is forbidden","reason":"Forbidden","code":403}`))
	f.Add([]byte(`{"kind":"Status","message":"x","code":-1,"details":{"causes":[null]}}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, body []byte) {
		err := statusError(body, errUnknown{})
		if err == nil || err.Error() == "" {
			t.Fatalf("no error from body %q", body)
		}
		_ = coverageStatus(err)
	})
}

// checkObjects asserts what every object of the cluster source has.
func checkObjects(t *testing.T, objs []*inventory.Object) {
	t.Helper()
	for _, o := range objs {
		if o.APIVersion == "" || o.Kind == "" || o.Meta == nil || o.Location.File == "" || o.Source != Source {
			t.Fatalf("object %+v lacks identity, metadata or location", o)
		}
	}
}

// fixturePages turns the checks' fixtures of custom resources into JSON
// pages, one per fixture.
func fixturePages(tb testing.TB) []string {
	files, err := filepath.Glob("../../checks/*/testdata/*/*.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var pages []string
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		var items []string
		for _, o := range manifest.Decode([]manifest.Input{{File: file, Data: data}}).Objects {
			if o.Typed != nil || o.Text == nil {
				continue
			}
			if j, err := yaml.YAMLToJSON(o.Text.Chunk.Data); err == nil {
				items = append(items, string(j))
			}
		}
		if len(items) > 0 {
			pages = append(pages, `{"metadata":{},"items":[`+strings.Join(items, ",")+`]}`)
		}
	}
	return pages
}

// fixtureBase is a workload for the custom resources to select.
func fixtureBase(tb testing.TB) []*inventory.Object {
	res := manifest.Decode([]manifest.Input{{File: "base.yaml", Source: "file", Data: []byte(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 5432}]}
`)}})
	if len(res.Errors) > 0 {
		tb.Fatal(res.Errors)
	}
	return res.Objects
}

package cluster

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"
)

// fakeServer is a tiny HTTP server that answers the requests Load makes,
// like an API server would: /version, legacy discovery, and paged LISTs
// of the objects it holds, in JSON. Faults are injected per path. It is a
// unit-test double for the HTTP layer, not a fake clientset.
type fakeServer struct {
	t   *testing.T
	srv *httptest.Server

	mu sync.Mutex
	// objects are the items per collection path, in order.
	objects map[string][]runtime.Object
	// fault, when it returns a status, answers a request with it instead.
	fault func(r *http.Request, n int) *metav1.Status
	// hang makes every request wait this long first.
	hang time.Duration
	// notServed are group versions left out of discovery.
	notServed map[string]bool
	// requests counts the requests per path; log lists them in order.
	requests map[string]int
	log      []string
}

func newFakeServer(t *testing.T) *fakeServer {
	f := &fakeServer{t: t, objects: map[string][]runtime.Object{}, notServed: map[string]bool{}, requests: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// config is a client configuration for the server.
func (f *fakeServer) config() *rest.Config { return &rest.Config{Host: f.srv.URL} }

// add stores objects in the collections they would be listed from: the
// namespaced path and the all-namespaces path.
func (f *fakeServer) add(r resource, objs ...runtime.Object) {
	for _, o := range objs {
		paths := []string{r.path("", "")}
		if ns := o.(metav1.Object).GetNamespace(); ns != "" {
			paths = append(paths, r.path(ns, ""))
		}
		for _, p := range paths {
			f.objects[p] = append(f.objects[p], o)
		}
	}
}

func (f *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests[r.URL.Path]++
	n := f.requests[r.URL.Path]
	f.log = append(f.log, r.Method+" "+r.URL.Path)
	fault, hang := f.fault, f.hang
	f.mu.Unlock()
	if r.Method != http.MethodGet {
		f.t.Errorf("%s %s: the loader must only read", r.Method, r.URL.Path)
	}
	if hang > 0 {
		select {
		case <-time.After(hang):
		case <-r.Context().Done():
			return
		}
	}
	if fault != nil {
		if st := fault(r, n); st != nil {
			if st.Code == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "1")
			}
			f.write(w, int(st.Code), st)
			return
		}
	}
	f.route(w, r)
}

func (f *fakeServer) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/version":
		f.write(w, 200, map[string]string{"major": "1", "minor": "37", "gitVersion": "v1.37.2"})
	case p == "/api":
		f.write(w, 200, &metav1.APIVersions{Versions: []string{"v1"}})
	case p == "/apis":
		f.write(w, 200, f.groups())
	case f.discoveryPath(p) != nil:
		f.write(w, 200, f.discoveryPath(p))
	default:
		f.list(w, r)
	}
}

// groups is the /apis answer: every group of the resources table.
func (f *fakeServer) groups() *metav1.APIGroupList {
	list := &metav1.APIGroupList{}
	seen := map[string]bool{}
	for _, r := range resources {
		gv := r.gvr.GroupVersion()
		if gv.Group == "" || seen[gv.Group] || f.notServed[gv.String()] {
			continue
		}
		seen[gv.Group] = true
		v := metav1.GroupVersionForDiscovery{GroupVersion: gv.String(), Version: gv.Version}
		list.Groups = append(list.Groups, metav1.APIGroup{Name: gv.Group, Versions: []metav1.GroupVersionForDiscovery{v}, PreferredVersion: v})
	}
	return list
}

// discoveryPath is the resource list of a group version path, or nil.
func (f *fakeServer) discoveryPath(p string) *metav1.APIResourceList {
	for _, r := range resources {
		if r.apiPrefix() != p {
			continue
		}
		gv := r.gvr.GroupVersion()
		list := &metav1.APIResourceList{GroupVersion: gv.String()}
		for _, o := range resources {
			if o.gvr.GroupVersion() == gv {
				list.APIResources = append(list.APIResources, metav1.APIResource{Name: o.gvr.Resource, Kind: o.kind, Namespaced: o.namespaced, Verbs: []string{"get", "list"}})
			}
		}
		return list
	}
	return nil
}

// list serves one page of a collection; the continue token is the offset.
func (f *fakeServer) list(w http.ResponseWriter, r *http.Request) {
	items := f.objects[r.URL.Path]
	start, _ := strconv.Atoi(r.URL.Query().Get("continue"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	end := len(items)
	if limit > 0 && start+limit < end {
		end = start + limit
	}
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	listMeta := metav1.ListMeta{ResourceVersion: "7", Continue: next}
	page := items[start:end]
	if strings.Contains(r.Header.Get("Accept"), "as=PartialObjectMetadataList") {
		f.write(w, 200, partialList(page, listMeta))
		return
	}
	res, ok := collectionOf(r.URL.Path)
	if !ok {
		f.write(w, 404, status(apierrors.NewNotFound(schema.GroupResource{Resource: r.URL.Path}, "")))
		return
	}
	f.write(w, 200, map[string]any{"apiVersion": res.apiVersion(), "kind": res.kind + "List", "metadata": listMeta, "items": page})
}

// collectionOf finds the resource of a collection path, cluster-wide or
// in one namespace.
func collectionOf(p string) (resource, bool) {
	for _, r := range resources {
		if p == r.path("", "") {
			return r, true
		}
		rest, ok := strings.CutPrefix(p, r.apiPrefix()+"/namespaces/")
		if ns, ok2 := strings.CutSuffix(rest, "/"+r.gvr.Resource); ok && ok2 && r.namespaced && !strings.Contains(ns, "/") {
			return r, true
		}
	}
	return resource{}, false
}

// partialList is what an API server sends for a metadata-only LIST.
func partialList(items []runtime.Object, lm metav1.ListMeta) *metav1.PartialObjectMetadataList {
	list := &metav1.PartialObjectMetadataList{TypeMeta: metav1.TypeMeta{APIVersion: "meta.k8s.io/v1", Kind: "PartialObjectMetadataList"}, ListMeta: lm}
	for _, o := range items {
		m := o.(metav1.ObjectMetaAccessor).GetObjectMeta().(*metav1.ObjectMeta)
		list.Items = append(list.Items, metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: "meta.k8s.io/v1", Kind: "PartialObjectMetadata"}, ObjectMeta: *m})
	}
	return list
}

func (f *fakeServer) write(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		f.t.Errorf("encoding the answer: %v", err)
	}
}

// status is the Status an API server sends with an error.
func status(err error) *metav1.Status {
	st := err.(apierrors.APIStatus).Status()
	st.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Status"}
	return &st
}

// resourceOf returns the table entry of a resource name.
func resourceOf(t *testing.T, name string) resource {
	for _, r := range resources {
		if r.gvr.Resource == name {
			return r
		}
	}
	t.Fatalf("no resource %q", name)
	return resource{}
}

var podsGR = schema.GroupResource{Resource: "pods"}

// secret is a Secret with a value that must never be read.
func secret(ns, name string) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Data: map[string][]byte{"password": []byte("hunter2")}, Type: corev1.SecretTypeOpaque}
}

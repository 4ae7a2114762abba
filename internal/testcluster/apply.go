package testcluster

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"sigs.k8s.io/yaml"
)

// fieldManager owns the fields Apply sets.
const fieldManager = "testcluster"

// Apply loads a YAML or JSON stream of objects (documents separated by
// "---") into the server as the admin, with server-side apply, in order: an
// object is created or updated to match. A namespaced object without a
// namespace goes to "default". It returns the applied objects as the server
// stored them.
func (c *Cluster) Apply(t testing.TB, manifests string) []*unstructured.Unstructured {
	t.Helper()
	objs, err := c.apply(manifests)
	if err != nil {
		t.Fatalf("testcluster: %v", err)
	}
	return objs
}

func (c *Cluster) apply(manifests string) ([]*unstructured.Unstructured, error) {
	objs, err := decodeManifests(manifests)
	if err != nil {
		return nil, err
	}
	cfg := c.AdminConfig()
	cfg.WarningHandler = rest.NoWarnings{} // deprecations the fixtures use on purpose
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("creating discovery client: %w", err)
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	client, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("creating dynamic client: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var applied []*unstructured.Unstructured
	for _, obj := range objs {
		out, err := applyOne(ctx, client, mapper, obj)
		if err != nil {
			return nil, fmt.Errorf("applying %s %s/%s: %w", obj.GetKind(), obj.GetNamespace(), obj.GetName(), err)
		}
		applied = append(applied, out)
	}
	return applied, nil
}

// applyOne server-side applies obj, refreshing the mapper once if its kind is
// unknown (a CRD applied just before).
func applyOne(ctx context.Context, client dynamic.Interface, mapper *restmapper.DeferredDiscoveryRESTMapper, obj *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	gvk := obj.GroupVersionKind()
	m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		mapper.Reset()
		m, err = mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, fmt.Errorf("mapping kind to resource: %w", err)
	}
	res := client.Resource(m.Resource)
	data, err := obj.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("encoding: %w", err)
	}
	force := true
	opts := metav1.PatchOptions{FieldManager: fieldManager, Force: &force}
	if m.Scope.Name() != meta.RESTScopeNameNamespace {
		return res.Patch(ctx, obj.GetName(), types.ApplyPatchType, data, opts)
	}
	ns := obj.GetNamespace()
	if ns == "" {
		ns = "default"
	}
	return res.Namespace(ns).Patch(ctx, obj.GetName(), types.ApplyPatchType, data, opts)
}

// decodeManifests splits a YAML or JSON stream into objects, skipping empty
// documents.
func decodeManifests(manifests string) ([]*unstructured.Unstructured, error) {
	r := utilyaml.NewYAMLReader(bufio.NewReader(strings.NewReader(manifests)))
	var objs []*unstructured.Unstructured
	for n := 1; ; n++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading manifest document %d: %w", n, err)
		}
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("parsing manifest document %d: %w", n, err)
		}
		if s := strings.TrimSpace(string(js)); s == "null" || s == "{}" {
			continue
		}
		obj := &unstructured.Unstructured{}
		if err := obj.UnmarshalJSON(js); err != nil {
			return nil, fmt.Errorf("decoding manifest document %d: %w", n, err)
		}
		objs = append(objs, obj)
	}
}

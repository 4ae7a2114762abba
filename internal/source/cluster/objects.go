package cluster

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Source is the inventory source name of every object read from a cluster.
const Source = "cluster"

// objectsOf turns one page of a typed list into inventory objects. Items
// of typed lists carry no apiVersion and kind: they are filled in, on the
// inventory object and on the typed object, as a manifest would have them.
func (r resource) objectsOf(list runtime.Object, keep func(*metav1.ObjectMeta) bool) ([]*inventory.Object, error) {
	var out []*inventory.Object
	err := meta.EachListItem(list, func(item runtime.Object) error {
		acc, ok := item.(metav1.ObjectMetaAccessor)
		if !ok {
			return fmt.Errorf("decoding %s: item %T has no metadata", r.gvr.Resource, item)
		}
		m, ok := acc.GetObjectMeta().(*metav1.ObjectMeta)
		if !ok {
			return fmt.Errorf("decoding %s: item %T has no ObjectMeta", r.gvr.Resource, item)
		}
		if keep(m) {
			item.GetObjectKind().SetGroupVersionKind(r.gvr.GroupVersion().WithKind(r.kind))
			out = append(out, r.object(item, m))
		}
		return nil
	})
	return out, err
}

// secretsOf turns one page of Secret metadata into inventory objects.
// Typed is a Secret with metadata only: Data, StringData and Type are
// empty because the server never sent them (the list asked for
// PartialObjectMetadataList).
func (r resource) secretsOf(list *metav1.PartialObjectMetadataList, keep func(*metav1.ObjectMeta) bool) []*inventory.Object {
	out := make([]*inventory.Object, 0, len(list.Items))
	for i := range list.Items {
		m := &list.Items[i].ObjectMeta
		if !keep(m) {
			continue
		}
		s := &corev1.Secret{
			TypeMeta:   metav1.TypeMeta{APIVersion: r.apiVersion(), Kind: r.kind},
			ObjectMeta: *m,
		}
		out = append(out, r.object(s, &s.ObjectMeta))
	}
	return out
}

// object builds the inventory object of one typed object whose metadata
// is m. Managed fields are dropped: no check reads them and they are a
// large share of every object's size.
func (r resource) object(typed any, m *metav1.ObjectMeta) *inventory.Object {
	m.ManagedFields = nil
	return &inventory.Object{
		APIVersion: r.apiVersion(),
		Kind:       r.kind,
		Namespace:  m.Namespace,
		Name:       m.Name,
		Meta:       m,
		Typed:      typed,
		Location:   inventory.Location{File: r.path(m.Namespace, m.Name)},
		Source:     Source,
	}
}

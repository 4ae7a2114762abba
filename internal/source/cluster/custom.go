package cluster

import (
	"context"
	"encoding/json"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

// customResources are the custom resources the checks read when the
// cluster serves them: CNI and admin network policies, which decide
// whether NetworkPolicy coverage and reachability can be judged, and
// Istio's PeerAuthentications, which decide mutual TLS. They have no Go
// types here: they are read as JSON and kept as source text, which checks
// read as a tree. A resource the cluster does not serve is not listed and
// is no gap.
var customResources = []resource{
	custom("cilium.io", "v2", "ciliumnetworkpolicies", "CiliumNetworkPolicy", true),
	custom("cilium.io", "v2", "ciliumclusterwidenetworkpolicies", "CiliumClusterwideNetworkPolicy", false),
	custom("crd.projectcalico.org", "v1", "networkpolicies", "NetworkPolicy", true),
	custom("crd.projectcalico.org", "v1", "globalnetworkpolicies", "GlobalNetworkPolicy", false),
	custom("projectcalico.org", "v3", "networkpolicies", "NetworkPolicy", true),
	custom("projectcalico.org", "v3", "globalnetworkpolicies", "GlobalNetworkPolicy", false),
	custom("policy.networking.k8s.io", "v1alpha1", "adminnetworkpolicies", "AdminNetworkPolicy", false),
	custom("policy.networking.k8s.io", "v1alpha1", "baselineadminnetworkpolicies", "BaselineAdminNetworkPolicy", false),
	custom("security.istio.io", "v1", "peerauthentications", "PeerAuthentication", true),
}

func custom(group, version, name, kind string, namespaced bool) resource {
	return resource{gvr: schema.GroupVersionResource{Group: group, Version: version, Resource: name},
		kind: kind, namespaced: namespaced, custom: true}
}

// jsonList is a list read as JSON: its continue token and raw items.
type jsonList struct {
	Metadata metav1.ListMeta   `json:"metadata"`
	Items    []json.RawMessage `json:"items"`
}

// customPage reads one page of a custom resource as JSON.
func (l *lister) customPage(ctx context.Context, r resource, namespace string, opts metav1.ListOptions, keep func(*metav1.ObjectMeta) bool) ([]*inventory.Object, string, error) {
	raw, err := l.request(l.metadata, r, namespace, opts).SetHeader("Accept", "application/json").DoRaw(ctx)
	if err != nil {
		return nil, "", statusError(raw, err)
	}
	return r.customObjects(raw, keep)
}

// customObjects decodes one JSON page of a custom resource into the
// objects keep accepts, and returns the page's continue token.
func (r resource) customObjects(raw []byte, keep func(*metav1.ObjectMeta) bool) ([]*inventory.Object, string, error) {
	var list jsonList
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, "", fmt.Errorf("decoding %s: %w", r.gvr.Resource, err)
	}
	out := make([]*inventory.Object, 0, len(list.Items))
	for _, item := range list.Items {
		var head struct {
			Metadata metav1.ObjectMeta `json:"metadata"`
		}
		if err := json.Unmarshal(item, &head); err != nil {
			return nil, "", fmt.Errorf("decoding an item of %s: %w", r.gvr.Resource, err)
		}
		m := &head.Metadata
		if !keep(m) {
			continue
		}
		o := r.object(nil, m)
		o.Text = &inventory.Text{Chunk: yamltree.Chunk{Data: item, Line: 1}}
		out = append(out, o)
	}
	return out, list.Metadata.Continue, nil
}

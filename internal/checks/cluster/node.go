package cluster

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// clusterNode is one typed Node object.
type clusterNode struct {
	Object *inventory.Object
	Node   *corev1.Node
}

// nodes returns every core/v1 Node of the inventory, from a cluster or from
// files. A Node that did not decode is not typed; its decode error is
// already among the scan's input errors, so it is not judged here.
func nodes(inv *inventory.Inventory) []clusterNode {
	var out []clusterNode
	for _, o := range inv.ByKind("Node") {
		if n, ok := o.Typed.(*corev1.Node); ok && o.APIVersion == "v1" {
			out = append(out, clusterNode{Object: o, Node: n})
		}
	}
	return out
}

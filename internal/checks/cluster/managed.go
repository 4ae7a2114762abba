package cluster

import (
	"fmt"
	"strings"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// ManagedControlPlane is a control plane run by a cloud provider, and the
// evidence Palisade found for it.
type ManagedControlPlane struct {
	// Provider is "EKS", "GKE" or "AKS".
	Provider string
	// Evidence names what gave the provider away, for messages.
	Evidence string
}

// Reason is the not-applicable reason control-plane checks give on a
// managed control plane.
func (m ManagedControlPlane) Reason() string {
	return fmt.Sprintf("managed control plane (%s, detected from %s): the provider runs the API server, controller manager, scheduler and etcd, whose settings cannot be inspected from the cluster", m.Provider, m.Evidence)
}

// managedLabels are node labels that only a provider's managed node pools
// carry.
var managedLabels = []struct{ label, provider string }{
	{"eks.amazonaws.com/nodegroup", "EKS"},
	{"cloud.google.com/gke-nodepool", "GKE"},
	{"kubernetes.azure.com/cluster", "AKS"},
}

// managedVersions are markers providers put in the versions they build.
// AKS builds carry no marker.
var managedVersions = []struct{ marker, provider string }{
	{"-eks-", "EKS"},
	{"-gke.", "GKE"},
}

// Managed returns the provider running the cluster's control plane ("EKS",
// "GKE", "AKS"), if the inventory shows one (see DetectManaged).
func Managed(inv *inventory.Inventory) (provider string, ok bool) {
	m, ok := DetectManaged(inv)
	return m.Provider, ok
}

// DetectManaged finds a managed control plane from the API server's
// version, then from each node's labels and kubelet version. A node's
// providerID (aws://, gce://, azure://) is deliberately not evidence: it
// names the cloud the node runs in, which a self-managed control plane on
// that cloud's VMs shares, and taking it for a managed one would hide that
// control plane's findings.
func DetectManaged(inv *inventory.Inventory) (ManagedControlPlane, bool) {
	if inv.Cluster != nil {
		if p, ok := versionProvider(inv.Cluster.GitVersion); ok {
			return ManagedControlPlane{Provider: p, Evidence: "API server version " + inv.Cluster.GitVersion}, true
		}
	}
	for _, n := range nodes(inv) {
		if m := n.Object.Meta; m != nil {
			for _, l := range managedLabels {
				if _, ok := m.Labels[l.label]; ok {
					return ManagedControlPlane{Provider: l.provider, Evidence: fmt.Sprintf("label %s of node %s", l.label, n.Object.Name)}, true
				}
			}
		}
		if n.Node == nil {
			continue
		}
		if v := n.Node.Status.NodeInfo.KubeletVersion; v != "" {
			if p, ok := versionProvider(v); ok {
				return ManagedControlPlane{Provider: p, Evidence: fmt.Sprintf("kubelet version %s of node %s", v, n.Object.Name)}, true
			}
		}
	}
	return ManagedControlPlane{}, false
}

func versionProvider(v string) (string, bool) {
	for _, m := range managedVersions {
		if strings.Contains(v, m.marker) {
			return m.provider, true
		}
	}
	return "", false
}

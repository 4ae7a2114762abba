package cluster

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

func node(name string, labels map[string]string, providerID, kubelet string) *inventory.Object {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
	n.Spec.ProviderID = providerID
	n.Status.NodeInfo.KubeletVersion = kubelet
	return &inventory.Object{APIVersion: "v1", Kind: "Node", Name: name, Meta: &n.ObjectMeta, Typed: n}
}

func TestManaged(t *testing.T) {
	for _, tc := range []struct {
		name, gitVersion string // gitVersion "-": a file scan
		nodes            []*inventory.Object
		want             string // "" not managed
	}{
		{"EKS API server", "v1.30.4-eks-a737599", nil, "EKS"},
		{"GKE API server", "v1.30.5-gke.1014001", nil, "GKE"},
		{"EKS node group label", "v1.30.4", []*inventory.Object{node("a", map[string]string{"eks.amazonaws.com/nodegroup": "ng"}, "", "v1.30.4")}, "EKS"},
		{"GKE node pool label, file scan", "-", []*inventory.Object{node("a", map[string]string{"cloud.google.com/gke-nodepool": "default-pool"}, "", "")}, "GKE"},
		{"AKS cluster label", "v1.30.4", []*inventory.Object{node("a", map[string]string{"kubernetes.azure.com/cluster": "MC_rg_aks_westeurope"}, "azure:///subscriptions/x", "v1.30.4")}, "AKS"},
		{"GKE kubelet version", "v1.30.5", []*inventory.Object{node("a", nil, "", "v1.30.5-gke.1014001")}, "GKE"},
		// A providerID names the node's cloud, not who runs the control
		// plane: kubeadm on EC2, GCE or Azure VMs looks the same.
		{"providerID aws only", "v1.30.4", []*inventory.Object{node("a", nil, "aws:///eu-west-1a/i-0abc", "v1.30.4")}, ""},
		{"providerID gce only", "v1.30.4", []*inventory.Object{node("a", nil, "gce://project/zone/vm", "v1.30.4")}, ""},
		{"self-managed", "v1.37.2", []*inventory.Object{node("a", map[string]string{"node-role.kubernetes.io/control-plane": ""}, "", "v1.37.2")}, ""},
		{"no nodes, file scan", "-", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := inventory.New(tc.nodes, nil)
			if tc.gitVersion != "-" {
				inv.Cluster = &inventory.ClusterInfo{GitVersion: tc.gitVersion}
			}
			got, ok := Managed(inv)
			if got != tc.want || ok != (tc.want != "") {
				t.Fatalf("Managed = %q, %v; want %q", got, ok, tc.want)
			}
			if m, ok := DetectManaged(inv); ok && (m.Evidence == "" || m.Reason() == "") {
				t.Errorf("detection without evidence: %+v", m)
			}
		})
	}
}

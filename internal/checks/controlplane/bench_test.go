package controlplane

import (
	"strconv"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// BenchmarkHiddenControlPlane runs every control-plane check on a cluster
// of 5,000 self-managed nodes whose control plane is not visible: each
// rule reports one not-checked result, and the node list is read once.
func BenchmarkHiddenControlPlane(b *testing.B) {
	objs := make([]*inventory.Object, 0, 5000)
	for i := range 5000 {
		n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-" + strconv.Itoa(i), Labels: map[string]string{"kubernetes.io/os": "linux"}}}
		n.Status.NodeInfo.KubeletVersion = "v1.37.2"
		objs = append(objs, &inventory.Object{APIVersion: "v1", Kind: "Node", Name: n.Name, Meta: &n.ObjectMeta, Typed: n})
	}
	checks := Checks()
	b.ResetTimer()
	for b.Loop() {
		inv := inventory.New(objs, nil)
		inv.Cluster = &inventory.ClusterInfo{GitVersion: "v1.37.2"}
		n := 0
		for _, c := range checks {
			c.Run(inv, &check.Options{}, func(check.Result) { n++ })
		}
		if n == 0 {
			b.Fatal("no results")
		}
	}
}

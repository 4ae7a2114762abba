package kubelet

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// A cluster scan gives each node's running configuration (configz, with
// the kubelet's defaults applied), or a coverage entry naming the node
// whose configuration could not be read.
func TestClusterKubelets(t *testing.T) {
	zero := int32(0)
	off := false
	configz := &inventory.Object{APIVersion: "kubelet.config.k8s.io/v1beta1", Kind: "KubeletConfiguration", Name: "n1",
		Meta: &metav1.ObjectMeta{Name: "n1", Annotations: map[string]string{facts.DefaultsAppliedAnnotation: "true"}},
		Typed: &kubeletv1beta1.KubeletConfiguration{ReadOnlyPort: zero, Authentication: kubeletv1beta1.KubeletAuthentication{
			Anonymous: kubeletv1beta1.KubeletAnonymousAuthentication{Enabled: &off}}},
		Location: inventory.Location{File: "/api/v1/nodes/n1/proxy/configz"}}
	node := func(name string) *inventory.Object {
		return &inventory.Object{APIVersion: "v1", Kind: "Node", Name: name, Meta: &metav1.ObjectMeta{Name: name}, Typed: &corev1.Node{}}
	}
	inv := inventory.New([]*inventory.Object{node("n1"), node("n2"), configz}, nil)
	inv.Coverage = []inventory.Coverage{{Resource: "/api/v1/nodes/n2/proxy/configz", Status: "forbidden",
		Message: "cannot get nodes/proxy", Kind: "KubeletConfiguration", Name: "n2"}}

	got := map[string]check.Result{}
	for _, c := range Checks() {
		if c.ID != "kubelet-read-only-port" {
			continue
		}
		c.Run(inv, &check.Options{}, func(r check.Result) { got[r.Object.Name] = r })
	}
	if r := got["n1"]; r.Status != check.Pass || !strings.Contains(r.Message, "configz") {
		t.Errorf("n1, read through configz: %+v", r)
	}
	if r := got["n2"]; r.Status != check.NotChecked || r.Object.Kind != "Node" ||
		!strings.Contains(r.Message, "node n2 could not be read (forbidden): cannot get nodes/proxy") {
		t.Errorf("n2, configz forbidden: %+v", r)
	}
}

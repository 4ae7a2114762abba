package controlplane

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// nodeOnly are the checks that judge node facts (certificates), tested on
// node trees in node_test.go.
var nodeOnly = map[string]bool{"etcd-distinct-ca": true, "certificate-expiry": true}

func TestChecks(t *testing.T) {
	var cs []*check.Check
	for _, c := range Checks() {
		if !nodeOnly[c.ID] {
			cs = append(cs, c)
		}
	}
	checktest.Run(t, "testdata", cs, nil)
}

// TestKubeadmDefault records every check's verdict on kubeadm's own static
// pods in one golden file: what a fresh kubeadm control plane passes and
// fails.
func TestKubeadmDefault(t *testing.T) {
	inv := checktest.Load(t, "testdata/manifests/kubeadm-default.yaml")
	var lines []string
	for _, c := range Checks() {
		for _, l := range checktest.Results(c, inv, nil) {
			lines = append(lines, c.ID+": "+l)
		}
	}
	checktest.Golden(t, "testdata/manifests/kubeadm-default.golden", strings.Join(lines, "\n")+"\n")
}

func pod(ns, name string, labels map[string]string, ctr corev1.Container) *inventory.Object {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: labels}}
	p.Spec.Containers = []corev1.Container{ctr}
	return &inventory.Object{APIVersion: "v1", Kind: "Pod", Namespace: ns, Name: name, Meta: &p.ObjectMeta, Typed: p}
}

func gkeNode() *inventory.Object {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1", Labels: map[string]string{"cloud.google.com/gke-nodepool": "default-pool"}}}
	return &inventory.Object{APIVersion: "v1", Kind: "Node", Name: "n1", Meta: &n.ObjectMeta, Typed: n}
}

// TestNotVisible covers the components that are not in the inventory.
func TestNotVisible(t *testing.T) {
	apiserver := pod("kube-system", "kube-apiserver-cp1", nil, corev1.Container{Name: "kube-apiserver", Command: []string{"kube-apiserver", "--anonymous-auth=false"}})
	cluster := &inventory.ClusterInfo{GitVersion: "v1.34.2"}
	for _, tc := range []struct {
		name     string
		cluster  *inventory.ClusterInfo
		objects  []*inventory.Object
		coverage []inventory.Coverage
		check    string
		want     string // "status: message prefix", or "" for no result
	}{
		{"file scan, no control plane", nil, nil, nil, "apiserver-anonymous-auth", ""},
		{"file scan, GKE node labels", nil, []*inventory.Object{gkeNode()}, nil, "apiserver-anonymous-auth", ""},
		{"EKS version", &inventory.ClusterInfo{GitVersion: "v1.30.4-eks-a737599"}, nil, nil, "apiserver-anonymous-auth", "not-applicable: managed control plane (EKS, detected from API server version v1.30.4-eks-a737599)"},
		{"GKE node label", cluster, []*inventory.Object{gkeNode()}, nil, "etcd-tls", "not-applicable: managed control plane (GKE, detected from label cloud.google.com/gke-nodepool of node n1)"},
		{"self-managed, nothing visible", cluster, nil, nil, "scheduler-profiling", "not-checked: no kube-scheduler static pod in kube-system: the control plane is not visible to this scan"},
		{"pods forbidden", cluster, nil, []inventory.Coverage{{Resource: "pods", Status: "forbidden"}}, "apiserver-profiling", "not-checked: no kube-apiserver static pod in kube-system: the control plane is not visible to this scan (pods could not be read: forbidden)"},
		{"external etcd", cluster, []*inventory.Object{apiserver}, nil, "etcd-client-cert-auth", "not-checked: no etcd static pod in kube-system: etcd runs outside the cluster"},
		{"visible API server is judged", cluster, []*inventory.Object{apiserver}, nil, "apiserver-anonymous-auth", "pass: --anonymous-auth=false"},
		{"API server outside kube-system is not one", cluster, []*inventory.Object{pod("default", "kube-apiserver", nil, apiserver.Typed.(*corev1.Pod).Spec.Containers[0])}, nil, "apiserver-anonymous-auth", "not-checked: no kube-apiserver static pod"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := inventory.New(tc.objects, nil)
			inv.Cluster, inv.Coverage = tc.cluster, tc.coverage
			var got []string
			for _, c := range Checks() {
				if c.ID != tc.check {
					continue
				}
				c.Run(inv, &check.Options{}, func(r check.Result) { got = append(got, string(r.Status)+": "+r.Message) })
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("got %q, want no result", got)
			case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)):
				t.Errorf("got %q, want one result starting %q", got, tc.want)
			}
		})
	}
}

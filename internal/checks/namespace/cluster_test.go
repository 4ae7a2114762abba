package namespace

import (
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// TestClusterBranches covers what only a cluster scan gives: served
// resources (policy engines, CNI policies) and coverage gaps. Each case has
// one namespace, "shop", and so one result.
func TestClusterBranches(t *testing.T) {
	const psa, netpol, quota = "namespace-pod-security-admission", "namespace-network-policy", "namespace-resource-quota"
	shop := func(labels map[string]string) *inventory.Object { return namespaceObject("shop", labels) }
	web := deployment("shop", "web")
	baseline := map[string]string{"pod-security.kubernetes.io/enforce": "baseline"}
	privileged := map[string]string{"pod-security.kubernetes.io/enforce": "privileged"}
	forbidden := func(resource string) []inventory.Coverage {
		return []inventory.Coverage{{Resource: resource, Status: "forbidden", Message: resource + " is forbidden"}}
	}
	cases := []struct {
		name      string
		check     string
		objects   []*inventory.Object
		resources map[string][]string
		coverage  []inventory.Coverage
		status    check.Status
		message   string
	}{
		{"kyverno served, no label", psa, []*inventory.Object{shop(nil), web}, map[string][]string{"kyverno.io/v1": {"clusterpolicies", "policies"}}, nil,
			check.NotApplicable, "policy engine Kyverno present (the cluster serves kyverno.io/v1)"},
		{"gatekeeper served, privileged", psa, []*inventory.Object{shop(privileged), web}, map[string][]string{"templates.gatekeeper.sh/v1": {"constrainttemplates"}}, nil,
			check.NotApplicable, "enforces the privileged level, but policy engine Gatekeeper present"},
		{"kyverno served, baseline", psa, []*inventory.Object{shop(baseline), web}, map[string][]string{"kyverno.io/v1": {"clusterpolicies"}}, nil,
			check.Pass, "enforces the baseline Pod Security Standard"},
		{"admission policy API served is not a policy", psa, []*inventory.Object{shop(nil), web}, map[string][]string{"admissionregistration.k8s.io/v1": {"validatingadmissionpolicies", "validatingadmissionpolicybindings"}}, nil,
			check.Fail, "has no pod-security.kubernetes.io/enforce label"},
		{"namespaces forbidden", psa, []*inventory.Object{web}, nil, forbidden("namespaces"),
			check.NotChecked, "the labels of namespace shop are unknown: namespaces could not be read (forbidden)"},
		{"cilium served, not read", netpol, []*inventory.Object{shop(nil), web}, map[string][]string{"cilium.io/v2": {"ciliumendpoints", "ciliumnetworkpolicies"}}, nil,
			check.NotChecked, "the cluster serves Cilium policies (cilium.io/v2 ciliumnetworkpolicies), which could not be read (see coverage)"},
		{"calico CRDs served", netpol, []*inventory.Object{shop(nil), web}, map[string][]string{"crd.projectcalico.org/v1": {"globalnetworkpolicies"}}, nil,
			check.NotChecked, "the cluster serves Calico policies (crd.projectcalico.org/v1 globalnetworkpolicies)"},
		{"calico API server served", netpol, []*inventory.Object{shop(nil), web}, map[string][]string{"projectcalico.org/v3": {"networkpolicies"}}, nil,
			check.NotChecked, "the cluster serves Calico policies (projectcalico.org/v3 networkpolicies)"},
		{"cilium served, Kubernetes policy present", netpol, []*inventory.Object{shop(nil), web, networkPolicyObject("shop", "deny")}, map[string][]string{"cilium.io/v2": {"ciliumnetworkpolicies"}}, nil,
			check.Pass, "1 NetworkPolicy: NetworkPolicy deny"},
		{"cilium group without policies", netpol, []*inventory.Object{shop(nil), web}, map[string][]string{"cilium.io/v2": {"ciliumendpoints"}}, nil,
			check.Fail, "has workloads and no NetworkPolicy"},
		{"network policies forbidden", netpol, []*inventory.Object{shop(nil), web}, nil, forbidden("networkpolicies.networking.k8s.io"),
			check.NotChecked, "networkpolicies.networking.k8s.io could not be read (forbidden)"},
		{"network policies forbidden in the namespace", netpol, []*inventory.Object{shop(nil), web}, nil, forbidden("networkpolicies.networking.k8s.io in namespace shop"),
			check.NotChecked, "networkpolicies.networking.k8s.io in namespace shop could not be read (forbidden)"},
		{"network policies forbidden elsewhere", netpol, []*inventory.Object{shop(nil), web}, nil, forbidden("networkpolicies.networking.k8s.io in namespace other"),
			check.Fail, "has workloads and no NetworkPolicy"},
		{"network policy not decoded", netpol, []*inventory.Object{shop(nil), web, undecodedPolicy("shop", "broken")}, nil, nil,
			check.NotChecked, "NetworkPolicy shop/broken could not be decoded (see errors)"},
		{"quotas forbidden", quota, []*inventory.Object{shop(nil), web}, nil, forbidden("resourcequotas"),
			check.NotChecked, "resourcequotas could not be read (forbidden)"},
		{"pods forbidden, no workloads seen", netpol, []*inventory.Object{shop(nil)}, nil, forbidden("pods"),
			check.NotChecked, "no workloads seen in namespace shop, but pods could not be read (forbidden)"},
		{"no workloads", quota, []*inventory.Object{shop(nil)}, nil, nil,
			check.NotApplicable, "no workloads in namespace shop"},
	}
	byID := map[string]*check.Check{}
	for _, c := range Checks() {
		byID[c.ID] = c
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := inventory.New(tc.objects, nil)
			inv.Coverage = tc.coverage
			inv.Cluster = &inventory.ClusterInfo{Server: "https://test", Resources: tc.resources}
			var got []check.Result
			byID[tc.check].Run(inv, &check.Options{}, func(r check.Result) { got = append(got, r) })
			if len(got) != 1 {
				t.Fatalf("got %d results, want 1: %+v", len(got), got)
			}
			if got[0].Status != tc.status || !strings.Contains(got[0].Message, tc.message) {
				t.Errorf("got %s %q, want %s containing %q", got[0].Status, got[0].Message, tc.status, tc.message)
			}
		})
	}
}

func namespaceObject(name string, labels map[string]string) *inventory.Object {
	n := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
	return &inventory.Object{APIVersion: "v1", Kind: "Namespace", Name: name, Meta: &n.ObjectMeta, Typed: n, Source: "cluster"}
}

func deployment(namespace, name string) *inventory.Object {
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}}
	d.Spec.Template.Spec.Containers = []corev1.Container{{Name: "app", Image: "registry.example.com/app:1.0"}}
	return &inventory.Object{APIVersion: "apps/v1", Kind: "Deployment", Namespace: namespace, Name: name, Meta: &d.ObjectMeta, Typed: d, Source: "cluster"}
}

func networkPolicyObject(namespace, name string) *inventory.Object {
	np := &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}}
	return &inventory.Object{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy", Namespace: namespace, Name: name,
		Meta: &np.ObjectMeta, Typed: np, Source: "cluster"}
}

// undecodedPolicy is a NetworkPolicy document that could not be decoded:
// kept, untyped, beside its load error.
func undecodedPolicy(namespace, name string) *inventory.Object {
	return &inventory.Object{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy", Namespace: namespace, Name: name,
		Meta: &metav1.ObjectMeta{Namespace: namespace, Name: name}, Source: "file"}
}

// A cluster whose Cilium policies were read: they count for their
// namespace, and a namespace without any is judged, not left unknown.
func TestClusterCNIPoliciesRead(t *testing.T) {
	served := map[string][]string{"cilium.io/v2": {"ciliumnetworkpolicies", "ciliumclusterwidenetworkpolicies"}}
	cnp := &inventory.Object{APIVersion: "cilium.io/v2", Kind: "CiliumNetworkPolicy", Namespace: "shop", Name: "l7",
		Meta: &metav1.ObjectMeta{Namespace: "shop", Name: "l7"}}
	inv := inventory.New([]*inventory.Object{namespaceObject("shop", nil), deployment("shop", "web"),
		namespaceObject("blog", nil), deployment("blog", "web"), cnp}, nil)
	inv.Cluster = &inventory.ClusterInfo{Server: "https://test", Resources: served, Read: served}
	got := map[string]check.Result{}
	for _, c := range Checks() {
		if c.ID == "namespace-network-policy" {
			c.Run(inv, &check.Options{}, func(r check.Result) { got[r.Object.Name] = r })
		}
	}
	if r := got["shop"]; r.Status != check.Pass || !strings.Contains(r.Message, "CiliumNetworkPolicy l7") {
		t.Errorf("shop has a Cilium policy: %+v", r)
	}
	if r := got["blog"]; r.Status != check.Fail {
		t.Errorf("blog has none, and every Cilium policy was read: %+v", r)
	}
}

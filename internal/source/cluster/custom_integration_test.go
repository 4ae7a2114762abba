package cluster_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/discovery"

	"github.com/palisade-dev/palisade/internal/netpol"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// crd defines a custom resource with an open schema, as the Cilium and
// Istio charts install theirs (the schema does not matter to a reader).
const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: PLURAL.GROUP}
spec:
  group: GROUP
  scope: Namespaced
  names: {plural: PLURAL, singular: SINGULAR, kind: KIND}
  versions:
  - name: VERSION
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`

func defineCRD(group, version, plural, kind string) string {
	return strings.NewReplacer("GROUP", group, "VERSION", version, "PLURAL", plural,
		"SINGULAR", strings.ToLower(kind), "KIND", kind).Replace(crd)
}

// waitServed polls discovery until the group version serves resource.
func waitServed(t *testing.T, c *testcluster.Cluster, gv, resource string) {
	t.Helper()
	dc, err := discovery.NewDiscoveryClientForConfig(c.AdminConfig())
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		list, err := dc.ServerResourcesForGroupVersion(gv)
		if err == nil && slices.ContainsFunc(list.APIResources, func(r metav1.APIResource) bool { return r.Name == resource }) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %s not served after 30 s: %v", gv, resource, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestCustomPoliciesAreRead defines Cilium's and Istio's CRDs in the real
// API server, creates a policy of each, and loads them: they are read as
// JSON into objects whose source text checks can walk, and the network
// policy analysis counts them instead of calling the cluster unknown.
// It has a cluster of its own: the CRDs would change what other tests'
// users are forbidden to list.
func TestCustomPoliciesAreRead(t *testing.T) {
	c := testcluster.Start(t, testcluster.WithUser(scanner, "system:masters"), testcluster.WithUser(nodeReader))
	c.Apply(t, defineCRD("cilium.io", "v2", "ciliumnetworkpolicies", "CiliumNetworkPolicy")+"---"+
		defineCRD("security.istio.io", "v1", "peerauthentications", "PeerAuthentication"))
	waitServed(t, c, "cilium.io/v2", "ciliumnetworkpolicies")
	waitServed(t, c, "security.istio.io/v1", "peerauthentications")
	c.Apply(t, `
apiVersion: v1
kind: Namespace
metadata: {name: mesh}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: l7, namespace: mesh}
spec: {endpointSelector: {}, ingress: [{fromEndpoints: [{}]}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: mesh}
spec: {mtls: {mode: STRICT}}
`)
	res := load(t, c.UserConfig(scanner), cluster.Options{PageSize: 1})
	inv := res.Inventory
	cnp := inv.Get("CiliumNetworkPolicy", "mesh", "l7")
	pa := inv.Get("PeerAuthentication", "mesh", "default")
	if cnp == nil || pa == nil {
		t.Fatalf("custom policies not read: %v %v; coverage %+v", cnp, pa, inv.Coverage)
	}
	if cnp.APIVersion != "cilium.io/v2" || cnp.Location.File != "/apis/cilium.io/v2/namespaces/mesh/ciliumnetworkpolicies/l7" {
		t.Errorf("CiliumNetworkPolicy read as %s at %s", cnp.APIVersion, cnp.Location.File)
	}
	if mode := pa.Tree().Get("spec").Get("mtls").String("mode"); mode != "STRICT" {
		t.Errorf("the PeerAuthentication's text reads mode %q", mode)
	}
	others := netpol.OtherPoliciesOf(inv)
	if len(others.Namespaced["mesh"]) != 1 || others.Unevaluated != "" {
		t.Errorf("the Cilium policy counts for its namespace and nothing is unknown: %+v", others)
	}

	res = load(t, c.UserConfig(nodeReader), cluster.Options{}) // no rights at all here

	var gap bool
	for _, cv := range res.Inventory.Coverage {
		gap = gap || (cv.Resource == "ciliumnetworkpolicies.cilium.io" && cv.Status == cluster.StatusForbidden)
	}
	if !gap {
		t.Errorf("a user who may not list Cilium policies has a coverage gap: %+v", res.Inventory.Coverage)
	}
	if u := netpol.OtherPoliciesOf(res.Inventory).Unevaluated; !strings.Contains(u, "could not be read") {
		t.Errorf("unread Cilium policies leave pods' traffic unknown: %q", u)
	}
}

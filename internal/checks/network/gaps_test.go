package network

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

const gapsWorkload = `apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
`

const gapsDefaultDeny = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
`

// An undecodable document is kept, untyped, beside its load error.
const gapsBrokenPolicy = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: broken, namespace: shop}
spec: {podSelector: 5}
`

// TestGaps: what a scan did not read (a forbidden LIST, a document that
// did not decode) is never judged as absent: not checked, with why.
func TestGaps(t *testing.T) {
	const isolated, exposure, sensitive = "network-workload-not-isolated", "network-external-exposure", "network-sensitive-port-exposed"
	forbidden := func(resource string) []inventory.Coverage {
		return []inventory.Coverage{{Resource: resource, Status: "forbidden"}}
	}
	cases := []struct {
		name, check, docs string
		coverage          []inventory.Coverage
		status            check.Status
		message           string
	}{
		{"policies forbidden in the namespace", isolated, gapsWorkload, forbidden("networkpolicies.networking.k8s.io in namespace shop"),
			check.NotChecked, "networkpolicies.networking.k8s.io in namespace shop could not be read (forbidden)"},
		{"policies forbidden cluster-wide", isolated, gapsWorkload, forbidden("networkpolicies.networking.k8s.io"),
			check.NotChecked, "networkpolicies.networking.k8s.io could not be read (forbidden)"},
		{"policies forbidden elsewhere", isolated, gapsWorkload, forbidden("networkpolicies.networking.k8s.io in namespace other"),
			check.Fail, "no NetworkPolicy selects"},
		{"policy not decoded", isolated, gapsWorkload + gapsBrokenPolicy, nil,
			check.NotChecked, "NetworkPolicy shop/broken could not be decoded"},
		{"services forbidden, no route seen", exposure, gapsWorkload, forbidden("services in namespace shop"),
			check.NotChecked, "no route from outside seen to Deployment shop/db, but services in namespace shop could not be read"},
		{"ingresses forbidden, no route seen", exposure, gapsWorkload, forbidden("ingresses.networking.k8s.io"),
			check.NotChecked, "ingresses.networking.k8s.io could not be read"},
		{"everything read, no route", exposure, gapsWorkload, nil,
			check.NotApplicable, "no Service, Ingress, hostNetwork or hostPort reaches"},
		{"closed port, services forbidden", sensitive, gapsWorkload + gapsDefaultDeny, forbidden("services"),
			check.NotChecked, "routes from outside may be missing: services could not be read (forbidden)"},
		{"closed port, everything read", sensitive, gapsWorkload + gapsDefaultDeny, nil,
			check.Pass, "is closed to outside and to other namespaces"},
	}
	byID := map[string]*check.Check{}
	for _, c := range Checks() {
		byID[c.ID] = c
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := manifest.Decode([]manifest.Input{{File: "gaps.yaml", Data: []byte(tc.docs), Source: "file"}})
			inv := inventory.New(res.Objects, res.Errors)
			inv.Coverage = tc.coverage
			var got []check.Result
			byID[tc.check].Run(inv, &check.Options{}, func(r check.Result) { got = append(got, r) })
			if len(got) != 1 {
				t.Fatalf("got %d results, want 1: %+v", len(got), got)
			}
			if status := cmpStatus(got[0].Status); status != tc.status || !strings.Contains(got[0].Message, tc.message) {
				t.Errorf("got %s %q, want %s containing %q", status, got[0].Message, tc.status, tc.message)
			}
		})
	}
}

// cmpStatus is a result's status, fail when unset.
func cmpStatus(s check.Status) check.Status {
	if s == "" {
		return check.Fail
	}
	return s
}

// TestPlaintextMeshUnknown: a cluster that serves PeerAuthentications the
// scan could not read leaves a meshed backend's mTLS unknown: the Service
// is not checked, never failed nor passed.
func TestPlaintextMeshUnknown(t *testing.T) {
	docs := `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
` + gapsWorkload + `---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {selector: {app: db}, ports: [{port: 5432}]}
`
	res := manifest.Decode([]manifest.Input{{File: "mesh.yaml", Data: []byte(docs), Source: "file"}})
	inv := inventory.New(res.Objects, res.Errors)
	inv.Cluster = &inventory.ClusterInfo{Resources: map[string][]string{"security.istio.io/v1": {"peerauthentications"}}}
	var got []check.Result
	plaintextService.Run(inv, &check.Options{}, func(r check.Result) { got = append(got, r) })
	if len(got) != 1 || got[0].Status != check.NotChecked || !strings.Contains(got[0].Message, "could not be read") {
		t.Errorf("got %+v, want one not-checked result saying the PeerAuthentications could not be read", got)
	}
}

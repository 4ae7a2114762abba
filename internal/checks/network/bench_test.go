package network

import (
	"fmt"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// BenchmarkMesh runs the two mesh checks over 2,000 Istio-injected
// workloads with a PostgreSQL Service each, in 100 namespaces, each with
// two PeerAuthentications (read from source text), and a mesh-wide one.
// Decoding is outside the timer; each iteration gets a fresh inventory,
// as a scan does.
func BenchmarkMesh(b *testing.B) {
	var docs []string
	docs = append(docs, "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: PERMISSIVE}}")
	for n := range 100 {
		ns := fmt.Sprintf("ns%d", n)
		docs = append(docs,
			fmt.Sprintf("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: {istio-injection: enabled}}", ns),
			fmt.Sprintf("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: %s}\nspec: {mtls: {mode: UNSET}}", ns),
			fmt.Sprintf("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: db, namespace: %s}\nspec: {selector: {matchLabels: {app: app0}}, mtls: {mode: STRICT}}", ns))
		for i := range 20 {
			docs = append(docs,
				fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app%d, namespace: %s}\nspec:\n  template:\n    metadata: {labels: {app: app%d}}\n    spec: {containers: [{name: c, image: c, ports: [{name: pg, containerPort: 5432}]}]}", i, ns, i),
				fmt.Sprintf("apiVersion: v1\nkind: Service\nmetadata: {name: app%d, namespace: %s}\nspec: {selector: {app: app%d}, ports: [{port: 5432, targetPort: pg}]}", i, ns, i))
		}
	}
	res := manifest.Decode([]manifest.Input{{File: "mesh.yaml", Data: []byte(strings.Join(docs, "\n---\n")), Source: "file"}})
	if len(res.Errors) > 0 {
		b.Fatal(res.Errors[0])
	}
	b.ReportAllocs()
	for b.Loop() {
		inv := inventory.New(res.Objects, nil)
		results := 0
		for _, c := range []*check.Check{meshMTLS, plaintextService} {
			c.Run(inv, &check.Options{}, func(check.Result) { results++ })
		}
		if results != 4000 {
			b.Fatalf("%d results, want 4000", results)
		}
	}
}

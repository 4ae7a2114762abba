package rbac

import (
	_ "embed" // the defaults file
	"sync"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// defaultsSource marks the objects of Kubernetes' defaults.
const defaultsSource = "kubernetes-defaults"

// DefaultsVersion is the Kubernetes version whose default roles and
// bindings are embedded.
const DefaultsVersion = "v1.37.2"

// defaultsYAML holds every ClusterRole, ClusterRoleBinding, Role and
// RoleBinding a kube-apiserver of DefaultsVersion creates at start-up
// (label kubernetes.io/bootstrapping=rbac-defaults), read from a real
// API server by the sartest package (go test ./internal/rbac/sartest
// -run TestDefaults -update).
//
//go:embed kubernetes-defaults.yaml
var defaultsYAML []byte

var defaults = sync.OnceValue(func() []*inventory.Object {
	res := manifest.Decode([]manifest.Input{{File: "kubernetes " + DefaultsVersion + " defaults", Data: defaultsYAML, Source: defaultsSource, NoLines: true}})
	if len(res.Errors) > 0 {
		panic("rbac: the embedded Kubernetes defaults do not decode: " + res.Errors[0].Error())
	}
	return res.Objects
})

// Defaults returns Kubernetes' default RBAC objects. They are shared:
// read them, never modify them.
func Defaults() []*inventory.Object { return defaults() }

// missingDefaults are the default objects the inventory does not have.
func missingDefaults(inv *inventory.Inventory) []*inventory.Object {
	var out []*inventory.Object
	for _, o := range defaults() {
		if inv.Get(o.Kind, o.Namespace, o.Name) == nil {
			out = append(out, o)
		}
	}
	return out
}

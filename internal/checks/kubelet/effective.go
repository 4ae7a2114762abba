package kubelet

import (
	"fmt"

	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/palisade-dev/palisade/internal/checks/controlplane"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// Kubelet is one kubelet's effective configuration: its config file or
// configz document, and its command line when a node scan read it. Flags
// on the command line win over the file, as in the kubelet.
type Kubelet struct {
	// Config is the typed configuration, or nil (no --config, or one that
	// could not be read: see Unreadable).
	Config *kubeletv1beta1.KubeletConfiguration
	// ConfigObj is the configuration's inventory object, or nil.
	ConfigObj *inventory.Object
	// Proc is the kubelet's command line, or nil outside a node scan.
	Proc *controlplane.Component
	// dropIns are the files of its --config-dir, in the order the kubelet
	// merges them over Config.
	dropIns []dropIn
	// Node is the node whose kubelet configuration could not be read (a
	// cluster scan's configz), when there is neither config nor process.
	Node *inventory.Object
	// Defaulted is true when Config already holds the kubelet's defaults
	// (a running kubelet's configz, marked with
	// facts.DefaultsAppliedAnnotation); a config file's absent fields
	// take the defaults of KubeletConfiguration v1beta1 before judging.
	Defaulted bool
	// Unreadable says why the configuration the kubelet uses could not be
	// judged, or "".
	Unreadable string
}

// object is what results attach to: the config document, else the process.
func (k *Kubelet) object() *inventory.Object {
	if k.ConfigObj != nil {
		return k.ConfigObj
	}
	if k.Proc != nil {
		return k.Proc.Object
	}
	return k.Node
}

// configFile names the config for messages.
func (k *Kubelet) configFile() string {
	if k.Defaulted {
		return "the running configuration (configz) of node " + k.ConfigObj.Name
	}
	if k.ConfigObj != nil && k.ConfigObj.Location.File != "" {
		return k.ConfigObj.Location.File
	}
	return "the kubelet config"
}

// kubeletKind is the kind of the kubelet's config documents; no other
// group has a kind of that name.
const kubeletKind = "KubeletConfiguration"

type kubeletsKey struct{}

// Kubelets returns every kubelet of the inventory: one per kubelet process
// (with the config file its --config names), and one per
// KubeletConfiguration no process uses (a manifest scan, or configz from
// a cluster). Computed once per inventory.
func Kubelets(inv *inventory.Inventory) []*Kubelet {
	return inv.Derived(kubeletsKey{}, func() any { return findKubelets(inv) }).([]*Kubelet)
}

func findKubelets(inv *inventory.Inventory) []*Kubelet {
	var out []*Kubelet
	used := map[*inventory.Object]bool{}
	for _, c := range controlplane.Named(inv, controlplane.Kubelet) {
		k := &Kubelet{Proc: c}
		if f, ok := c.Flag("config"); ok && f.Value != "" {
			obj := controlplane.DocAt(inv.ByKind(kubeletKind), f.Value)
			if obj == nil {
				k.Unreadable = controlplane.NotRead(inv, f.Value, "--config")
			} else {
				used[obj] = true
				k.fromObject(inv, obj)
			}
		}
		if f, ok := c.Flag("config-dir"); ok && f.Value != "" {
			k.addDropIns(inv, f.Value, used)
		}
		out = append(out, k)
	}
	for _, obj := range inv.ByKind(kubeletKind) {
		if !used[obj] {
			k := &Kubelet{}
			k.fromObject(inv, obj)
			out = append(out, k)
		}
	}
	return append(out, unread(inv)...)
}

// unread returns a kubelet, not checked, for each node whose kubelet
// configuration the scan tried and failed to read.
func unread(inv *inventory.Inventory) []*Kubelet {
	var out []*Kubelet
	for _, c := range inv.Coverage {
		if c.Kind != kubeletKind || c.Name == "" {
			continue
		}
		node := inv.Get("Node", "", c.Name)
		if node == nil {
			continue
		}
		out = append(out, &Kubelet{Node: node, Unreadable: fmt.Sprintf("the kubelet configuration of node %s could not be read (%s): %s", c.Name, c.Status, c.Message)})
	}
	return out
}

func (k *Kubelet) fromObject(inv *inventory.Inventory, obj *inventory.Object) {
	k.ConfigObj = obj
	k.Defaulted = obj.Annotation(facts.DefaultsAppliedAnnotation) == "true"
	cfg, ok := obj.Typed.(*kubeletv1beta1.KubeletConfiguration)
	if ok {
		k.Config = cfg
		return
	}
	k.Unreadable = controlplane.Untyped(inv, obj, kubeletv1beta1.SchemeGroupVersion.String())
}

package kubelet

import (
	"path"
	"strings"

	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/palisade-dev/palisade/internal/checks/controlplane"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

// dropIn is one file of the kubelet's --config-dir, merged over its
// config file field by field (a JSON merge patch): a field the drop-in
// writes wins, whatever its value; one it leaves out changes nothing.
type dropIn struct {
	obj  *inventory.Object
	cfg  *kubeletv1beta1.KubeletConfiguration
	tree *yamltree.Node // the drop-in's text, to tell a field written as zero from one left out
}

// addDropIns finds the drop-ins of dir in the inventory, in the order a
// node scan read them (the kubelet's), and marks them used. A drop-in or
// directory that could not be read or decoded makes the kubelet's
// file-decided settings unreadable: any of them may be overridden there.
func (k *Kubelet) addDropIns(inv *inventory.Inventory, dir string, used map[*inventory.Object]bool) {
	dir = path.Clean(dir)
	inside := func(file string) bool { return strings.HasPrefix(path.Clean(file), dir+"/") }
	for _, e := range inv.Errors {
		if path.Clean(e.File) == dir || inside(e.File) {
			k.Unreadable = "a drop-in of --config-dir=" + dir + " could not be read: " + e.Error()
		}
	}
	for _, o := range inv.ByKind(kubeletKind) {
		if !inside(o.Location.File) {
			continue
		}
		used[o] = true
		cfg, ok := o.Typed.(*kubeletv1beta1.KubeletConfiguration)
		if !ok {
			k.Unreadable = "a drop-in of --config-dir=" + dir + " is not read: " + controlplane.Untyped(inv, o, kubeletv1beta1.SchemeGroupVersion.String())
			continue
		}
		k.dropIns = append(k.dropIns, dropIn{obj: o, cfg: cfg, tree: o.Tree()})
	}
}

// sets returns the value a drop-in gives a field, and whether it writes
// the field at all.
func (d dropIn) sets(f field) (string, bool) {
	if f.get == nil || f.path == "" {
		return "", false
	}
	v, set := f.get(d.cfg)
	if d.tree != nil {
		_, set = d.tree.Lookup(f.path)
	}
	return v, set
}

// fromDropIns resolves a field from the last drop-in that writes it.
func (k *Kubelet) fromDropIns(f field) (setting, bool) {
	for i := len(k.dropIns) - 1; i >= 0; i-- {
		d := k.dropIns[i]
		v, set := d.sets(f)
		if !set {
			continue
		}
		how := f.path + ": " + v + " in the --config-dir drop-in " + d.obj.Location.File
		if v == "" {
			v, how = f.fileDef, how+": the kubelet's default "+quote(f.fileDef)+" applies"
		}
		return setting{value: v, obj: d.obj, path: f.path, how: how}, true
	}
	return setting{}, false
}

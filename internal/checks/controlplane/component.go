package controlplane

import (
	"path"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// Control-plane component names, as their binaries and kubeadm's
// `component` label name them.
const (
	APIServer         = "kube-apiserver"
	ControllerManager = "kube-controller-manager"
	Scheduler         = "kube-scheduler"
	Etcd              = "etcd"
	// Kubelet and KubeProxy are node components, found only as processes
	// (a node scan), never in pods.
	Kubelet   = "kubelet"
	KubeProxy = "kube-proxy"
)

var componentNames = []string{APIServer, ControllerManager, Scheduler, Etcd}

// FlagValue is one occurrence of a flag on a component's command line.
type FlagValue struct {
	Value string
	// Path is the field path of the argument that sets the flag, e.g.
	// "spec.containers[0].command[5]" (for etcd, possibly an env entry).
	Path string
	// Unknown is true when the value is not in the object (an environment
	// variable set through valueFrom).
	Unknown bool
	// Env names the environment variable that set the flag (etcd), or "".
	Env string
	// Note explains a surprising reading, for messages.
	Note string
}

// describe renders the occurrence for messages: `--name=value`, or
// `ETCD_NAME=value` for a variable, with its note.
func (f FlagValue) describe(name string) string {
	s := "--" + name + "=" + f.Value
	if f.Env != "" {
		s = f.Env + "=" + f.Value + " (environment)"
	}
	if f.Note != "" {
		s += " (" + f.Note + ")"
	}
	return s
}

// Component is one control-plane component found in the inventory, with
// the flags of its command line.
type Component struct {
	// Name is kube-apiserver, kube-controller-manager, kube-scheduler or etcd.
	Name   string
	Object *inventory.Object
	// ContainerPath is the path of the component's container, e.g.
	// "spec.containers[0]".
	ContainerPath string
	// ArgvPath is where absent flags would go: the container's command, or
	// its args when it has no command.
	ArgvPath string
	// Flags holds every occurrence of each flag, in command-line order.
	Flags map[string][]FlagValue
	// Unreadable says why the command line could not be parsed, or "".
	Unreadable string
	// Process is the node process the component was read from, or nil
	// for a static pod.
	Process *facts.Process
}

// Flag returns the effective value of a scalar flag: the last occurrence,
// as pflag and Go's flag package keep it.
func (c *Component) Flag(name string) (FlagValue, bool) {
	occ := c.Flags[name]
	if len(occ) == 0 {
		return FlagValue{}, false
	}
	return occ[len(occ)-1], true
}

// Items returns the elements of a comma-separated list flag over every
// occurrence (pflag's string slices append on repetition), each with the
// path of the argument that set it.
func (c *Component) Items(name string) []FlagValue {
	var out []FlagValue
	for _, o := range c.Flags[name] {
		for _, item := range strings.Split(o.Value, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, FlagValue{Value: item, Path: o.Path, Unknown: o.Unknown})
			}
		}
	}
	return out
}

type componentsKey struct{}

// Components returns the components of the inventory: containers of Pods
// in kube-system (static pods, from a cluster or from manifest files such
// as kubeadm's /etc/kubernetes/manifests), and the processes a node scan
// found (the kubelet and kube-proxy included). A running process is what
// is in effect: a component found as a process is not read again from its
// static pod. Computed once per inventory.
func Components(inv *inventory.Inventory) []*Component {
	return inv.Derived(componentsKey{}, func() any { return findComponents(inv) }).([]*Component)
}

// Named returns the components with one name (kubelet and kube-proxy
// included).
func Named(inv *inventory.Inventory, name string) []*Component {
	var out []*Component
	for _, c := range Components(inv) {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

func findComponents(inv *inventory.Inventory) []*Component {
	out := processComponents(inv)
	running := map[string]bool{}
	for _, c := range out {
		running[c.Name] = true
	}
	for _, o := range inv.ByKind("Pod") {
		pod, ok := o.Typed.(*corev1.Pod)
		if !ok || o.Namespace != "kube-system" {
			continue
		}
		if c := podComponent(o, pod); c != nil && !running[c.Name] {
			out = append(out, c)
		}
	}
	return out
}

// podComponent finds the component a pod runs: a container whose command
// runs a component's binary (directly or through go-runner, as kops
// does), or a container named after one (an image whose entrypoint is the
// binary, or a shell script, which is not parsed); failing both, the
// container named by kubeadm's `component` label, or the pod's only one.
func podComponent(o *inventory.Object, pod *corev1.Pod) *Component {
	cs := pod.Spec.Containers
	for i := range cs {
		if name, bin := binary(&cs[i]); name != "" {
			return newComponent(name, o, &cs[i], i, bin)
		}
	}
	for i := range cs {
		if isComponent(cs[i].Name) && (len(cs[i].Command) == 0 || shells[path.Base(cs[i].Command[0])]) {
			return newComponent(cs[i].Name, o, &cs[i], i, -1)
		}
	}
	label := pod.Labels["component"]
	if !isComponent(label) {
		return nil
	}
	for i := range cs {
		if cs[i].Name == label || len(cs) == 1 {
			return newComponent(label, o, &cs[i], i, 0)
		}
	}
	return nil
}

// binary finds the component a container's command runs and the index of
// its binary in command followed by args.
func binary(ctr *corev1.Container) (name string, index int) {
	if len(ctr.Command) == 0 {
		return "", 0
	}
	if b := path.Base(ctr.Command[0]); isComponent(b) {
		return b, 0
	}
	if path.Base(ctr.Command[0]) != "go-runner" {
		return "", 0
	}
	for i, a := range append(slices.Clone(ctr.Command), ctr.Args...) {
		if b := path.Base(a); isComponent(b) {
			return b, i
		}
	}
	return "", 0
}

func isComponent(name string) bool { return slices.Contains(componentNames, name) }

var shells = map[string]bool{"sh": true, "bash": true, "ash": true, "dash": true, "busybox": true}

// newComponent parses the flags after the binary at index bin of command
// followed by args; bin -1 means the image's entrypoint is the binary.
func newComponent(name string, o *inventory.Object, ctr *corev1.Container, i, bin int) *Component {
	c := &Component{Name: name, Object: o, ContainerPath: "spec.containers[" + strconv.Itoa(i) + "]"}
	c.ArgvPath = c.ContainerPath + ".command"
	if len(ctr.Command) == 0 {
		c.ArgvPath = c.ContainerPath + ".args"
	}
	var argv []arg
	for j, a := range ctr.Command {
		argv = append(argv, arg{text: a, path: c.ArgvPath + "[" + strconv.Itoa(j) + "]"})
	}
	for j, a := range ctr.Args {
		argv = append(argv, arg{text: a, path: c.ContainerPath + ".args[" + strconv.Itoa(j) + "]"})
	}
	if len(ctr.Command) > 0 && shells[path.Base(ctr.Command[0])] {
		c.Unreadable = "the command line runs through a shell (" + path.Base(ctr.Command[0]) + "), whose script Palisade does not parse"
	}
	if bin >= 0 && len(ctr.Command) > 0 {
		argv = argv[bin+1:]
	}
	c.Flags = parseFlags(argv, boolFlags[name], name == Etcd)
	if name == Etcd {
		etcdEnv(c, ctr)
	}
	return c
}

// etcdEnv adds the flags etcd reads from ETCD_* environment variables;
// a flag given on the command line wins over its variable, as in etcd.
func etcdEnv(c *Component, ctr *corev1.Container) {
	for i, e := range ctr.Env {
		rest, ok := strings.CutPrefix(e.Name, "ETCD_")
		if !ok {
			continue
		}
		flag := strings.ToLower(strings.ReplaceAll(rest, "_", "-"))
		if _, set := c.Flags[flag]; set {
			continue
		}
		p := c.ContainerPath + ".env[" + strconv.Itoa(i) + "]"
		if e.ValueFrom != nil {
			c.Flags[flag] = []FlagValue{{Path: p + ".valueFrom", Unknown: true, Env: e.Name}}
			continue
		}
		c.Flags[flag] = []FlagValue{{Value: e.Value, Path: p + ".value", Env: e.Name}}
	}
}

package inventory

import (
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// PodTemplate is one pod spec found in a workload, with the field paths of
// its spec and metadata inside the owning object.
type PodTemplate struct {
	Object *Object
	// Meta is the pod's own metadata (for a controller, the template's).
	Meta *metav1.ObjectMeta
	Spec *corev1.PodSpec
	// SpecPath is the path of Spec in Object, e.g. "spec.template.spec".
	SpecPath string
	// MetaPath is the path of Meta in Object, e.g. "spec.template.metadata".
	MetaPath string

	// containers is Containers, computed once by New: dozens of checks ask
	// for it on every pod template.
	containers []Container
}

// ContainerKind says which list of the pod spec a container is in.
type ContainerKind string

// Container lists of a pod spec.
const (
	Regular   ContainerKind = "containers"
	Init      ContainerKind = "initContainers"
	Ephemeral ContainerKind = "ephemeralContainers"
)

// Container is one container of a pod template, from any of its lists.
type Container struct {
	*corev1.Container
	Kind ContainerKind
	// Path is the container's field path in the object.
	Path string
}

// Containers returns every container of the pod: init, regular and
// ephemeral, in that order. Ephemeral containers are given as Containers
// (their common fields are the same). The slice is shared by every caller:
// read it, never modify it.
func (p *PodTemplate) Containers() []Container {
	if p.containers != nil {
		return p.containers
	}
	return p.listContainers()
}

func (p *PodTemplate) listContainers() []Container {
	s := p.Spec
	out := make([]Container, 0, len(s.InitContainers)+len(s.Containers)+len(s.EphemeralContainers))
	for i := range s.InitContainers {
		out = append(out, Container{Container: &s.InitContainers[i], Kind: Init, Path: p.containerPath(Init, i)})
	}
	for i := range s.Containers {
		out = append(out, Container{Container: &s.Containers[i], Kind: Regular, Path: p.containerPath(Regular, i)})
	}
	for i := range s.EphemeralContainers {
		c := corev1.Container(s.EphemeralContainers[i].EphemeralContainerCommon)
		out = append(out, Container{Container: &c, Kind: Ephemeral, Path: p.containerPath(Ephemeral, i)})
	}
	return out
}

func (p *PodTemplate) containerPath(k ContainerKind, i int) string {
	return p.SpecPath + "." + string(k) + "[" + strconv.Itoa(i) + "]"
}

// Namespace is the namespace the pods run in.
func (p *PodTemplate) Namespace() string { return p.Object.Namespace }

// podTemplates finds every pod spec. Pods and ReplicaSets and Jobs whose
// controlling owner is also in the inventory are judged on that owner only,
// so a finding is reported once, not once per replica.
func podTemplates(inv *Inventory) []*PodTemplate {
	var out []*PodTemplate
	for _, o := range inv.Objects {
		if o.Typed == nil || inv.ownerPresent(o) {
			continue
		}
		if pt := podTemplateOf(o); pt != nil {
			pt.containers = pt.listContainers()
			out = append(out, pt)
		}
	}
	return out
}

// ownerPresent reports whether o's controlling owner is in the inventory
// and is itself judged on a pod template. An owner that is not (a Node
// owning a static pod's mirror, a custom resource such as an Argo Rollout
// owning ReplicaSets, an owner that failed to decode) leaves o to be
// judged on its own; otherwise its pods would never be checked.
func (inv *Inventory) ownerPresent(o *Object) bool {
	owner := inv.Controller(o)
	return owner != nil && owner.Typed != nil && podTemplateOf(owner) != nil
}

// Controller returns o's controlling owner (the ownerReference with
// controller: true) when that owner is in the inventory, or nil. Checks use
// it to report an owner once rather than every object it manages.
func (inv *Inventory) Controller(o *Object) *Object {
	if o.Meta == nil {
		return nil
	}
	for _, ref := range o.Meta.OwnerReferences {
		if ref.Controller != nil && *ref.Controller {
			return inv.Get(ref.Kind, o.Namespace, ref.Name)
		}
	}
	return nil
}

func podTemplateOf(o *Object) *PodTemplate {
	tmpl := func(t *corev1.PodTemplateSpec, prefix string) *PodTemplate {
		return &PodTemplate{Object: o, Meta: &t.ObjectMeta, Spec: &t.Spec, SpecPath: prefix + ".spec", MetaPath: prefix + ".metadata"}
	}
	switch t := o.Typed.(type) {
	case *corev1.Pod:
		return &PodTemplate{Object: o, Meta: &t.ObjectMeta, Spec: &t.Spec, SpecPath: "spec", MetaPath: "metadata"}
	case *corev1.PodTemplate:
		return tmpl(&t.Template, "template")
	case *corev1.ReplicationController:
		if t.Spec.Template == nil {
			return nil
		}
		return tmpl(t.Spec.Template, "spec.template")
	case *appsv1.Deployment:
		return tmpl(&t.Spec.Template, "spec.template")
	case *appsv1.StatefulSet:
		return tmpl(&t.Spec.Template, "spec.template")
	case *appsv1.DaemonSet:
		return tmpl(&t.Spec.Template, "spec.template")
	case *appsv1.ReplicaSet:
		return tmpl(&t.Spec.Template, "spec.template")
	case *batchv1.Job:
		return tmpl(&t.Spec.Template, "spec.template")
	case *batchv1.CronJob:
		return tmpl(&t.Spec.JobTemplate.Spec.Template, "spec.jobTemplate.spec.template")
	}
	return nil
}

// Capabilities returns the container's capability settings (empty when unset).
func (c Container) Capabilities() corev1.Capabilities {
	if c.SecurityContext == nil || c.SecurityContext.Capabilities == nil {
		return corev1.Capabilities{}
	}
	return *c.SecurityContext.Capabilities
}

// Describe names the container for messages: `container "app"`,
// `init container "setup"`, `ephemeral container "debugger"`.
func (c Container) Describe() string {
	name := strconv.Quote(c.Name)
	switch c.Kind {
	case Init:
		return "init container " + name
	case Ephemeral:
		return "ephemeral container " + name
	}
	return "container " + name
}

// RunsPods reports whether the template's pods run: false for a
// PodTemplate object, which is only a template to copy from.
func (pt *PodTemplate) RunsPods() bool { return pt.Object.Kind != "PodTemplate" }

// Package namespace holds the checks that judge a namespace as a security
// boundary: Pod Security Admission labels, NetworkPolicies, quotas, and
// workloads that reach onto the control-plane nodes.
//
// A namespace is judged when the scan has its Namespace object or a
// workload in it. In a file scan, workloads without metadata.namespace
// form one namespace of their own, "the namespace chosen at apply time":
// they and the policies and quotas that also leave it unset land together
// wherever they are applied. A namespace only named by other objects (a
// ConfigMap, a NetworkPolicy) has nothing to judge and gives no result.
package namespace

import (
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

const (
	category   = "namespace"
	kubeSystem = "kube-system"
)

// Checks returns every namespace check.
func Checks() []*check.Check {
	return []*check.Check{podSecurityAdmission, networkPolicy, resourceQuota, controlPlaneToleration}
}

// groupKind names a kind with its API group ("" for the core group).
type groupKind struct{ group, kind string }

// The namespaced kinds the checks count per namespace (NetworkPolicies
// are netpol's).
var (
	resourceQuotaKind = groupKind{"", "ResourceQuota"}
	limitRangeKind    = groupKind{"", "LimitRange"}
	countedKinds      = []groupKind{resourceQuotaKind, limitRangeKind}
)

// space is one namespace of the scan with what the checks need of it.
type space struct {
	Name string
	// Object is the Namespace object, or nil when it is not in the scan.
	Object *inventory.Object
	// Workloads are the pod templates that run pods in the namespace
	// (PodTemplate objects, which run nothing, are left out).
	Workloads []*inventory.PodTemplate
	// objects are the namespace's objects of the counted kinds.
	objects map[groupKind][]*inventory.Object
}

// describe names the namespace for messages.
func (s *space) describe() string {
	if s.Name == "" {
		return "the namespace chosen at apply time (objects without metadata.namespace)"
	}
	return "namespace " + s.Name
}

// target is the object a result about the namespace points at: the
// Namespace object at path, or else the first workload at its
// metadata.namespace.
func (s *space) target(path string) (*inventory.Object, string) {
	if s.Object != nil {
		return s.Object, path
	}
	return s.Workloads[0].Object, "metadata.namespace"
}

// view is every namespace of the scan, computed once per inventory.
type view struct {
	spaces []*space
	// engine describes the policy engine found, or is "".
	engine string
}

type viewKey struct{}

// spacesOf returns the namespaces of the inventory, Namespace objects first
// in inventory order, then namespaces only named by workloads.
func spacesOf(inv *inventory.Inventory) *view {
	return inv.Derived(viewKey{}, func() any { return buildView(inv) }).(*view)
}

func buildView(inv *inventory.Inventory) *view {
	v := &view{engine: findPolicyEngine(inv)}
	byName := map[string]*space{}
	get := func(name string) *space {
		if s := byName[name]; s != nil {
			return s
		}
		s := &space{Name: name, objects: map[groupKind][]*inventory.Object{}}
		byName[name] = s
		v.spaces = append(v.spaces, s)
		return s
	}
	for _, o := range inv.ByKind("Namespace") {
		if s := get(o.Name); s.Object == nil && o.Typed != nil && apiGroup(o.APIVersion) == "" {
			s.Object = o
		}
	}
	for _, pt := range inv.PodTemplates {
		if pt.RunsPods() {
			s := get(pt.Namespace())
			s.Workloads = append(s.Workloads, pt)
		}
	}
	for _, gk := range countedKinds {
		for _, o := range inv.ByKind(gk.kind) {
			if s := byName[o.Namespace]; s != nil && apiGroup(o.APIVersion) == gk.group {
				s.objects[gk] = append(s.objects[gk], o)
			}
		}
	}
	return v
}

// apiGroup is the group of an apiVersion: "apps" of "apps/v1", "" of "v1".
func apiGroup(apiVersion string) string {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return ""
	}
	return group
}

// workloadResources are the LISTs a cluster scan reads workloads from, as
// its coverage names them.
var workloadResources = []string{"pods", "replicationcontrollers", "deployments.apps", "statefulsets.apps",
	"daemonsets.apps", "replicasets.apps", "jobs.batch", "cronjobs.batch"}

// judgeFunc decides one namespace that has workloads.
type judgeFunc func(inv *inventory.Inventory, s *space) (check.Status, string)

// namespaceCheck builds a check that judges every namespace with
// workloads; one without is not applicable, or not checked when a cluster
// scan could not list its workloads. path is the field of the Namespace
// object results point at.
func namespaceCheck(m check.Meta, path string, judge judgeFunc) *check.Check {
	m.Category = category
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, s := range spacesOf(inv).spaces {
			r := check.Result{}
			r.Object, r.Path = s.target(path)
			switch {
			case len(s.Workloads) > 0:
				r.Status, r.Message = judge(inv, s)
			case inv.Unread(s.Name, workloadResources...) != "":
				r.Status, r.Message = check.NotChecked, "no workloads seen in "+s.describe()+", but "+inv.Unread(s.Name, workloadResources...)
			default:
				r.Status, r.Message = check.NotApplicable, "no workloads in "+s.describe()
			}
			report(r)
		}
	}}
}

// names lists the kind and name of objects for messages, e.g.
// "NetworkPolicy default-deny, CiliumNetworkPolicy web".
func names(objs ...[]*inventory.Object) string {
	var out []string
	for _, list := range objs {
		for _, o := range list {
			out = append(out, o.Kind+" "+o.Name)
		}
	}
	return strings.Join(out, ", ")
}

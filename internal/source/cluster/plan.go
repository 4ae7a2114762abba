package cluster

import (
	"errors"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// task is one LIST: a resource, cluster-wide or in one namespace.
type task struct {
	r resource
	// namespace is "" for a cluster-wide LIST.
	namespace string
	// keep filters the objects read (namespace selection).
	keep func(*metav1.ObjectMeta) bool
	// skip, when set, is why the LIST is not attempted (not served).
	skip error
}

// what names the task in coverage and progress, as kubectl names
// resources: "secrets", "deployments.apps", "secrets in namespace shop".
func (t task) what() string {
	s := t.r.gvr.Resource
	if t.r.gvr.Group != "" {
		s += "." + t.r.gvr.Group
	}
	if t.namespace != "" {
		s += " in namespace " + t.namespace
	}
	return s
}

// plan lists the tasks of a load in inventory order. With Namespaces set,
// namespaced resources are listed in each namespace (a user may be allowed
// there and not cluster-wide); cluster-scoped ones are always listed whole.
func plan(d *discovered, opts Options) []task {
	sel := newSelection(opts)
	var tasks []task
	for _, r := range append(resources[:len(resources):len(resources)], customResources...) {
		skip := d.check(r)
		var ns notServedError
		if r.custom && errors.As(skip, &ns) {
			continue // a custom resource the cluster does not serve is no gap
		}
		if !r.namespaced || len(sel.only) == 0 {
			tasks = append(tasks, task{r: r, keep: sel.keeper(r), skip: skip})
			continue
		}
		for _, ns := range sel.namespaces {
			tasks = append(tasks, task{r: r, namespace: ns, keep: sel.keeper(r), skip: skip})
		}
	}
	return tasks
}

// selection is the namespaces asked for and excluded.
type selection struct {
	only, exclude map[string]bool
	// namespaces are the namespaces to list, in the order given.
	namespaces []string
}

func newSelection(opts Options) selection {
	s := selection{only: map[string]bool{}, exclude: map[string]bool{}}
	for _, ns := range opts.ExcludeNamespaces {
		s.exclude[ns] = true
	}
	for _, ns := range opts.Namespaces {
		if !s.only[ns] && !s.exclude[ns] {
			s.namespaces = append(s.namespaces, ns)
		}
		s.only[ns] = true
	}
	return s
}

// keeper returns the filter of r's objects: Namespace objects by name,
// namespaced objects by their namespace, other cluster-scoped ones all.
func (s selection) keeper(r resource) func(*metav1.ObjectMeta) bool {
	switch {
	case r.kind == "Namespace":
		return func(m *metav1.ObjectMeta) bool { return s.includes(m.Name) }
	case r.namespaced:
		return func(m *metav1.ObjectMeta) bool { return s.includes(m.Namespace) }
	}
	return func(*metav1.ObjectMeta) bool { return true }
}

func (s selection) includes(ns string) bool {
	return !s.exclude[ns] && (len(s.only) == 0 || s.only[ns])
}

// describe says which namespaces the selection limits the scan to, or ""
// when it reads every namespace.
func (s selection) describe() string {
	switch {
	case len(s.namespaces) > 0:
		return "namespaces " + strings.Join(s.namespaces, ", ")
	case len(s.exclude) > 0:
		ex := make([]string, 0, len(s.exclude))
		for ns := range s.exclude {
			ex = append(ex, ns)
		}
		slices.Sort(ex)
		return "every namespace but " + strings.Join(ex, ", ")
	}
	return ""
}

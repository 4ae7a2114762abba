package rbac

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Aggregation says how the rules of aggregated ClusterRoles are found.
type Aggregation int

const (
	// FromSelectors resolves an aggregated ClusterRole as the aggregation
	// controller does: the union of the rules of every other ClusterRole
	// its selectors match, transitively. A manifest's aggregated role
	// usually has no rules of its own: the controller fills them in.
	FromSelectors Aggregation = iota
	// Stored trusts the rules the API server stores, which is what its
	// authorizer reads: right for a live cluster, where the controller
	// has filled them in (or, without a controller manager, has not).
	Stored
)

// Options configure Build.
type Options struct {
	Aggregation Aggregation
	// Defaults adds Kubernetes' default roles and bindings (those of the
	// API server's RBAC bootstrap policy) that the inventory lacks, so a
	// file scan's binding to view or cluster-admin resolves.
	Defaults bool
}

// DefaultOptions are the options For uses: a live cluster's stored rules
// as they are; a file scan resolves aggregation by selectors and adds
// Kubernetes' defaults.
func DefaultOptions(inv *inventory.Inventory) Options {
	if inv.Cluster != nil {
		return Options{Aggregation: Stored}
	}
	return Options{Aggregation: FromSelectors, Defaults: true}
}

type modelKey struct{}

// For returns the model of the inventory with DefaultOptions, built once
// and shared by every check.
func For(inv *inventory.Inventory) *Model {
	return inv.Derived(modelKey{}, func() any { return Build(inv, DefaultOptions(inv)) }).(*Model)
}

// Build computes the model of an inventory. Bad input (unknown kinds,
// missing roles, malformed selectors) becomes Problems, never a panic.
func Build(inv *inventory.Inventory, opts Options) *Model {
	m := &Model{Aggregation: opts.Aggregation, roles: map[roleKey]*Role{}, byNamespace: map[string][]*Binding{},
		bySubject: map[subjectKey][]int{}}
	objects, undecoded := rbacObjects(inv)
	m.Unread = unreadRBAC(inv, undecoded)
	if opts.Defaults {
		objects = append(objects, missingDefaults(inv)...)
	}
	for _, o := range objects {
		if r := roleOf(o); r != nil && m.roles[roleKey{r.Kind, r.Namespace, r.Name}] == nil {
			m.roles[roleKey{r.Kind, r.Namespace, r.Name}] = r
			m.Roles = append(m.Roles, r)
		}
	}
	m.resolveRules(opts.Aggregation)
	for _, o := range objects {
		if b := bindingOf(o); b != nil {
			m.addBinding(inv, b, undecoded)
		}
	}
	return m
}

// rbacKinds are the kinds the model reads, in the order it reads them.
var rbacKinds = []string{"ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding"}

// rbacObjects returns the RBAC objects the model reads, and those of the
// same kinds that did not decode (a file's error says why).
func rbacObjects(inv *inventory.Inventory) (objects, undecoded []*inventory.Object) {
	for _, k := range rbacKinds {
		for _, o := range inv.ByKind(k) {
			switch {
			case !strings.HasPrefix(o.APIVersion, rbacv1.GroupName+"/"):
			case o.Typed == nil:
				undecoded = append(undecoded, o)
			default:
				objects = append(objects, o)
			}
		}
	}
	return objects, undecoded
}

// rbacResources are the coverage names of the lists the model needs.
var rbacResources = []string{"clusterroles", "roles", "clusterrolebindings", "rolebindings"}

// unreadRBAC names what may hide grants: the RBAC lists a cluster scan
// could not read, and the bindings that did not decode (any subject may
// be in them). A role that did not decode hides only what the bindings
// naming it grant, and those say so (see addBinding).
func unreadRBAC(inv *inventory.Inventory, undecoded []*inventory.Object) []string {
	var out []string
	for _, c := range inv.Coverage {
		for _, r := range rbacResources {
			if strings.HasPrefix(c.Resource, r+"."+rbacv1.GroupName) {
				out = append(out, c.Resource+" ("+c.Status+")")
			}
		}
	}
	if inv.Cluster != nil && inv.Cluster.Limited != "" {
		out = append(out, "rolebindings.rbac.authorization.k8s.io outside "+inv.Cluster.Limited+" (not listed: the scan was limited to them)")
	}
	for _, o := range undecoded {
		if strings.HasSuffix(o.Kind, "Binding") {
			out = append(out, describe(o)+" (does not decode)")
		}
	}
	return out
}

// describe names an RBAC object as the model names roles and bindings:
// "ClusterRole view", "RoleBinding shop/x".
func describe(o *inventory.Object) string {
	if strings.HasPrefix(o.Kind, "Cluster") {
		return o.Kind + " " + o.Name
	}
	return o.Kind + " " + NamespaceOf(o) + "/" + o.Name
}

// UnsetNamespace stands for the namespace chosen at apply time: the
// namespace of a file scan's Roles, RoleBindings and workloads that leave
// metadata.namespace unset (they land together wherever they are
// applied). No real namespace has this name.
const UnsetNamespace = "<unset>"

// NamespaceOf is the namespace of a namespaced object as the model names
// it: UnsetNamespace when it is not set.
func NamespaceOf(o *inventory.Object) string {
	if o.Namespace == "" {
		return UnsetNamespace
	}
	return o.Namespace
}

func roleOf(o *inventory.Object) *Role {
	switch t := o.Typed.(type) {
	case *rbacv1.Role:
		return &Role{Kind: "Role", Namespace: NamespaceOf(o), Name: o.Name, Object: o, Stored: t.Rules, Default: o.Source == defaultsSource}
	case *rbacv1.ClusterRole:
		return &Role{Kind: "ClusterRole", Name: o.Name, Object: o, Stored: t.Rules, Aggregation: t.AggregationRule, Default: o.Source == defaultsSource}
	}
	return nil
}

func bindingOf(o *inventory.Object) *Binding {
	switch t := o.Typed.(type) {
	case *rbacv1.RoleBinding:
		return &Binding{Kind: "RoleBinding", Namespace: NamespaceOf(o), Name: o.Name, Object: o, RoleRef: t.RoleRef, Subjects: t.Subjects, Default: o.Source == defaultsSource}
	case *rbacv1.ClusterRoleBinding:
		return &Binding{Kind: "ClusterRoleBinding", Name: o.Name, Object: o, RoleRef: t.RoleRef, Subjects: t.Subjects, Default: o.Source == defaultsSource}
	}
	return nil
}

// addBinding resolves the binding's role as the authorizer does (a
// RoleBinding's Role in its own namespace, any binding's ClusterRole),
// records its problems and indexes it. allRead says every role was read
// (a live cluster), so a missing role is dangling rather than unknown.
func (m *Model) addBinding(inv *inventory.Inventory, b *Binding, undecoded []*inventory.Object) {
	allRead := inv.Cluster != nil // a cluster scan lists every role a binding can name
	switch b.RoleRef.Kind {
	case "Role":
		b.Role = m.Role("Role", b.Namespace, b.RoleRef.Name)
	case "ClusterRole":
		b.Role = m.Role("ClusterRole", "", b.RoleRef.Name)
	default:
		b.InvalidRef = true
		b.Unresolved = fmt.Sprintf("roleRef.kind %q is neither Role nor ClusterRole: the binding grants nothing", b.RoleRef.Kind)
	}
	switch {
	case b.Unresolved != "":
	case b.Role == nil && b.RoleRef.Kind == "Role" && b.Namespace == "":
		b.InvalidRef = true
		b.Unresolved = "a ClusterRoleBinding cannot grant a Role (Role " + b.RoleRef.Name + "): it grants nothing"
	case b.Role == nil && slices.ContainsFunc(undecoded, func(o *inventory.Object) bool { return describe(o) == b.RoleRef.Kind+" "+m.refName(b) }):
		b.Unresolved = b.RoleRef.Kind + " " + m.refName(b) + " does not decode: its rules are unknown"
	case b.Role == nil && allRead && inv.Unread(b.Namespace, "roles.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io") == "":
		b.Dangling = true
		b.Unresolved = b.RoleRef.Kind + " " + m.refName(b) + " does not exist: the binding grants nothing until someone creates it"
	case b.Role == nil:
		b.Unresolved = b.RoleRef.Kind + " " + m.refName(b) + " is not in the scan: its rules are unknown"
	}
	if b.Unresolved != "" {
		m.Problems = append(m.Problems, Problem{Object: b.Object, Path: "roleRef", Message: b.Describe() + ": " + b.Unresolved})
	}
	m.subjectProblems(b)
	m.index(b, len(m.Bindings))
	m.Bindings = append(m.Bindings, b)
	if b.Namespace == "" {
		m.cluster = append(m.cluster, b)
	} else {
		m.byNamespace[b.Namespace] = append(m.byNamespace[b.Namespace], b)
	}
}

func (m *Model) refName(b *Binding) string {
	if b.RoleRef.Kind == "Role" {
		return b.Namespace + "/" + b.RoleRef.Name
	}
	return b.RoleRef.Name
}

// subjectProblems records subjects that apply to no one.
func (m *Model) subjectProblems(b *Binding) {
	for i, s := range b.Subjects {
		if _, ok := effectiveSubject(s, b.Namespace); ok {
			continue
		}
		path := fmt.Sprintf("subjects[%d]", i)
		msg := fmt.Sprintf("%s: subject kind %q is not User, Group or ServiceAccount: it matches no one", b.Describe(), s.Kind)
		if s.Kind == rbacv1.ServiceAccountKind {
			path += ".namespace"
			msg = b.Describe() + ": ServiceAccount " + s.Name + " has no namespace, which a ClusterRoleBinding needs: it matches no one"
		}
		m.Problems = append(m.Problems, Problem{Object: b.Object, Path: path, Message: msg})
	}
}

// index files binding number i under each user or group its subjects can
// match (a subject listed twice is filed once).
func (m *Model) index(b *Binding, i int) {
	for _, s := range b.Subjects {
		var k subjectKey
		switch s.Kind {
		case rbacv1.UserKind:
			k = subjectKey{name: s.Name}
		case rbacv1.GroupKind:
			k = subjectKey{group: true, name: s.Name}
		case rbacv1.ServiceAccountKind:
			es, ok := effectiveSubject(s, b.Namespace)
			if !ok {
				continue
			}
			k = subjectKey{name: ServiceAccountUserName(es.Namespace, es.Name)}
		default:
			continue
		}
		if l := m.bySubject[k]; len(l) == 0 || l[len(l)-1] != i {
			m.bySubject[k] = append(l, i)
		}
	}
}

// candidates returns, in model order, the bindings whose subjects may
// name u: those filed under its name or one of its groups. appliesTo
// still decides; the index only skips bindings that cannot match.
func (m *Model) candidates(u User) []*Binding {
	idx := slices.Clone(m.bySubject[subjectKey{name: u.Name}])
	for _, g := range u.Groups {
		idx = append(idx, m.bySubject[subjectKey{group: true, name: g}]...)
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	out := make([]*Binding, len(idx))
	for j, i := range idx {
		out[j] = m.Bindings[i]
	}
	return out
}

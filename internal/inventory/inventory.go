package inventory

import (
	"sort"
	"strconv"
	"sync"
)

// LoadError is an input that could not be read or decoded.
type LoadError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (e LoadError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message
	}
	if e.File != "" {
		return e.File + ": " + e.Message
	}
	return e.Message
}

// Inventory is the indexed set of objects of one scan.
type Inventory struct {
	Objects []*Object
	// PodTemplates are every pod spec in the inventory, computed once.
	PodTemplates []*PodTemplate
	// Errors are the inputs that could not be read.
	Errors []LoadError
	// Coverage records what was skipped or could not be read, and why.
	Coverage []Coverage
	// Cluster describes the live cluster read, or is nil.
	Cluster *ClusterInfo

	byKind  map[string][]*Object
	byKey   map[key]*Object
	derived sync.Map // key -> *derivedEntry
}

type key struct{ kind, namespace, name string }

// New indexes objects and computes the derived views. Objects are kept in
// the order given; errors are kept as they are.
func New(objects []*Object, errs []LoadError) *Inventory {
	inv := &Inventory{Objects: objects, Errors: errs, byKind: map[string][]*Object{}, byKey: make(map[key]*Object, len(objects))}
	for i, o := range objects {
		o.Index = i
		inv.byKind[o.Kind] = append(inv.byKind[o.Kind], o)
		inv.byKey[key{o.Kind, o.Namespace, o.Name}] = o
	}
	inv.PodTemplates = podTemplates(inv)
	sort.SliceStable(inv.Errors, func(i, j int) bool {
		a, b := inv.Errors[i], inv.Errors[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return inv
}

// ByKind returns the objects of one kind, in inventory order.
func (inv *Inventory) ByKind(kind string) []*Object { return inv.byKind[kind] }

// Get returns the object of a kind, namespace and name, or nil.
func (inv *Inventory) Get(kind, namespace, name string) *Object {
	return inv.byKey[key{kind, namespace, name}]
}

// Coverage records a part of the input that was not read, and why: a
// forbidden API resource, a document that is not a Kubernetes object.
type Coverage struct {
	Resource string `json:"resource"`
	Status   string `json:"status"`
	Message  string `json:"message,omitempty"`
	// Kind and Name name the one object that could not be read, when the
	// gap is one object (a node's kubelet configuration), so that checks
	// of that kind can say it was not checked.
	Kind string `json:"kind,omitempty"`
	Name string `json:"name,omitempty"`
}

// ClusterInfo describes the live cluster an inventory was read from; nil
// for inventories read from files.
type ClusterInfo struct {
	// Server is the API server's URL.
	Server string
	// GitVersion is the API server's version, e.g. "v1.37.2".
	GitVersion string
	// Resources are the served resources by group version, as discovery
	// lists them ("apps/v1" -> "deployments", ...), so checks can tell
	// whether a kind (a CRD of a policy engine, say) exists.
	Resources map[string][]string
	// Kinds counts the resource kinds the scan tried to read; KindsRead
	// those read in full (every namespace asked for).
	Kinds, KindsRead int
	// Lists counts the LIST requests attempted (one kind in one namespace,
	// or cluster-wide); ListsRead those that succeeded.
	Lists, ListsRead int
	// Read lists the resources read in full, by group version, like
	// Resources: a resource served and not read is a coverage gap.
	Read map[string][]string
	// Limited describes the namespaces the scan was limited to (-n,
	// --exclude-namespaces), e.g. "namespaces shop, billing"; "" when every
	// namespace was read. Objects elsewhere (a RoleBinding granting a
	// service account of a scanned namespace) were not asked for.
	Limited string
}

// Package inventory holds every object a scan reads, from any source, as
// one indexed and typed view, with the derived views checks share.
package inventory

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

// Location is where an object or one of its fields stands in its source.
// Line and Column are 0 when unknown (for example for rendered Helm output
// or objects read from a cluster).
type Location struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// Object is one Kubernetes object, whatever its source.
type Object struct {
	APIVersion string
	Kind       string
	Namespace  string
	Name       string
	// Meta is the object's metadata (labels, annotations, owners).
	Meta *metav1.ObjectMeta
	// Typed is a pointer to the k8s.io/api type for known kinds, or nil:
	// objects of unknown kinds are kept but not checked.
	Typed any
	// Doc is the parsed document the object came from, when it came from
	// text; it resolves field paths to lines.
	Doc *yamltree.Node
	// Location is the start of the object's document.
	Location Location
	// Source names the kind of source: "file", "stdin", "helm", "kustomize".
	Source string
	// Index is the object's position in the inventory's stable order.
	Index int
}

// Locate returns the source location of a field path, or of the nearest
// ancestor that exists in the source, or the object's own location.
func (o *Object) Locate(path string) Location {
	if o.Doc == nil || o.Location.Line == 0 {
		return o.Location
	}
	n, _ := o.Doc.Lookup(path)
	if n == nil {
		return o.Location
	}
	return Location{File: o.Location.File, Line: int(n.Line), Column: int(n.Column)}
}

// Ref identifies an object for reports.
type Ref struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace"`
	Name       string `json:"name"`
}

// Ref returns the object's identity.
func (o *Object) Ref() Ref {
	return Ref{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name}
}

// Annotation returns one annotation of the object, or "".
func (o *Object) Annotation(key string) string {
	if o.Meta == nil {
		return ""
	}
	return o.Meta.Annotations[key]
}

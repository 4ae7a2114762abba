// Package inventory holds every object a scan reads, from any source, as
// one indexed and typed view, with the derived views checks share.
package inventory

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"strconv"

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

// String is "file:line:column", leaving out what is unknown; "" for a nil
// location or one without a file.
func (l *Location) String() string {
	if l == nil || l.File == "" {
		return ""
	}
	s := l.File
	if l.Line > 0 {
		s += ":" + strconv.Itoa(l.Line)
		if l.Column > 0 {
			s += ":" + strconv.Itoa(l.Column)
		}
	}
	return s
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
	// Text is the source text of the object, when it came from text with
	// meaningful lines; it resolves field paths to lines.
	Text *Text
	// Location is the start of the object's document.
	Location Location
	// Source names the kind of source: "file", "stdin", "helm", "kustomize".
	Source string
	// Index is the object's position in the inventory's stable order.
	Index int
}

// Text is the document an object was read from. Position trees are not
// kept for every object (they would outweigh the objects): they are
// rebuilt from the text, which takes microseconds, for the objects that
// have findings, one object at a time.
type Text struct {
	Chunk yamltree.Chunk
	// Prefix is the object's path inside the document, e.g. "items[2]"
	// for an item of a List; "" for a whole document.
	Prefix string
}

// Tree parses the object's source text and returns the object's node, or
// nil when the object has no source text.
func (o *Object) Tree() *yamltree.Node {
	if o.Text == nil {
		return nil
	}
	doc, err := yamltree.ParseDocument(o.Text.Chunk)
	if err != nil || doc.Root == nil {
		return nil // the text parsed when the object was read; never expected
	}
	if o.Text.Prefix == "" {
		return doc.Root
	}
	n, ok := doc.Root.Lookup(o.Text.Prefix)
	if !ok {
		return nil
	}
	return n
}

// Locator returns a function that resolves field paths of the object to
// source locations: the field, or the nearest ancestor that exists, or the
// object's own location. It parses the source once, however many paths
// are then located.
func (o *Object) Locator() func(path string) Location {
	var root *yamltree.Node
	if o.Location.Line != 0 {
		root = o.Tree()
	}
	return func(path string) Location {
		if root == nil {
			return o.Location
		}
		n, _ := root.Lookup(path)
		if n == nil {
			return o.Location
		}
		return Location{File: o.Location.File, Line: int(n.Line), Column: int(n.Column)}
	}
}

// Locate returns the source location of one field path (see Locator).
func (o *Object) Locate(path string) Location { return o.Locator()(path) }

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

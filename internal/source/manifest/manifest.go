// Package manifest turns YAML or JSON text into inventory objects with
// their source locations. Every text source (files, stdin, Helm, Kustomize)
// goes through it, so every source decodes the same way.
package manifest

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

// MaxDocumentBytes bounds one document; larger ones are reported, not read.
const MaxDocumentBytes = 16 << 20

// Input is one text to decode.
type Input struct {
	// File is the name shown in locations and errors.
	File string
	Data []byte
	// Source is the kind of source ("file", "stdin", "helm", "kustomize").
	Source string
	// NoLines marks text whose line numbers do not match what the user
	// wrote (rendered Helm output): locations then name the file only.
	NoLines bool
}

// Result is what decoding produced: objects, errors, and documents that
// were skipped because they are not Kubernetes objects.
type Result struct {
	Objects []*inventory.Object
	Errors  []inventory.LoadError
	Skipped []inventory.LoadError
}

type job struct {
	in    *Input
	chunk yamltree.Chunk
}

// Decode decodes every document of every input, spreading the work over
// the cores. The order of objects follows the inputs and their documents.
func Decode(inputs []Input) Result {
	var jobs []job
	for i := range inputs {
		for _, c := range yamltree.Split(inputs[i].Data) {
			jobs = append(jobs, job{in: &inputs[i], chunk: c})
		}
	}
	results := make([]Result, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var wg sync.WaitGroup
	next := make(chan int, len(jobs))
	for i := range jobs {
		next <- i
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = decodeChunk(jobs[i])
			}
		}()
	}
	wg.Wait()
	var out Result
	for _, r := range results {
		out.Objects = append(out.Objects, r.Objects...)
		out.Errors = append(out.Errors, r.Errors...)
		out.Skipped = append(out.Skipped, r.Skipped...)
	}
	return out
}

func decodeChunk(j job) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			res.Errors = append(res.Errors, j.err(j.chunk.Line, fmt.Sprintf("internal error decoding document: %v", p)))
		}
	}()
	if len(j.chunk.Data) > MaxDocumentBytes {
		res.Errors = append(res.Errors, j.err(j.chunk.Line, fmt.Sprintf("document is larger than %d MiB; not read", MaxDocumentBytes>>20)))
		return res
	}
	doc, err := yamltree.ParseDocument(j.chunk)
	if err != nil {
		var se *yamltree.SyntaxError
		line := j.chunk.Line
		msg := err.Error()
		if errors.As(err, &se) {
			line, msg = se.Line, se.Message
		}
		res.Errors = append(res.Errors, j.err(line, "invalid YAML: "+msg))
		return res
	}
	if doc.Root == nil {
		return res
	}
	j.object(doc.Root, "", &res)
	return res
}

func (j job) err(line int, msg string) inventory.LoadError {
	if j.in.NoLines {
		line = 0
	}
	return inventory.LoadError{File: j.in.File, Line: line, Message: msg}
}

// object decodes one object, or each item of a List.
func (j job) object(n *yamltree.Node, prefix string, res *Result) {
	if n.Kind != yamltree.MappingNode {
		res.Errors = append(res.Errors, j.err(int(n.Line), "document is not a mapping; expected a Kubernetes object"))
		return
	}
	apiVersion, kind := n.String("apiVersion"), n.String("kind")
	if apiVersion == "" || kind == "" {
		res.Skipped = append(res.Skipped, j.err(int(n.Line), "not a Kubernetes object (no apiVersion or kind)"))
		return
	}
	if items := n.Get("items"); strings.HasSuffix(kind, "List") && items != nil {
		if items.Kind != yamltree.SequenceNode {
			if items.Tag != yamltree.NullTag {
				res.Errors = append(res.Errors, j.err(int(items.Line), kind+".items must be a list"))
			}
			return
		}
		for i, it := range items.Children {
			j.object(it, itemPath(prefix, i), res)
		}
		return
	}
	o := &inventory.Object{APIVersion: apiVersion, Kind: kind, Source: j.in.Source,
		Location: inventory.Location{File: j.in.File, Line: int(n.Line), Column: int(n.Column)},
		Text:     &inventory.Text{Chunk: j.chunk, Prefix: prefix}}
	if j.in.NoLines {
		o.Location, o.Text = inventory.Location{File: j.in.File}, nil
	}
	if err := j.fill(o, n); err != nil {
		var de *yamltree.DecodeError
		if errors.As(err, &de) {
			res.Errors = append(res.Errors, j.err(de.Line, fmt.Sprintf("%s %s: field %s: %s", kind, o.Name, strings.TrimPrefix(de.Path, "."), de.Message)))
		} else {
			res.Errors = append(res.Errors, j.err(int(n.Line), fmt.Sprintf("%s %s: %v", kind, o.Name, err)))
		}
		o.Typed = nil // a half-read object is kept for reference but never checked
	}
	res.Objects = append(res.Objects, o)
}

// fill decodes the typed object (or only the metadata for unknown kinds)
// and the identity fields.
func (j job) fill(o *inventory.Object, n *yamltree.Node) error {
	if typed := newTyped(o.APIVersion, o.Kind); typed != nil {
		err := n.Decode(typed)
		if acc, ok := typed.(metav1.Object); ok && err == nil {
			o.Typed, o.Meta = typed, objectMeta(acc)
			o.Name, o.Namespace = o.Meta.Name, o.Meta.Namespace
			return nil
		}
		if _, hasMeta := typed.(metav1.Object); !hasMeta && err == nil {
			// A config document (KubeletConfiguration, ...) has no metadata.
			o.Typed = typed
			return j.fillMeta(o, n)
		}
		// Read what metadata can be read, to name the object in the error.
		_ = j.fillMeta(o, n)
		if err == nil {
			err = fmt.Errorf("%T has no object metadata", typed)
		}
		return err
	}
	return j.fillMeta(o, n)
}

func (j job) fillMeta(o *inventory.Object, n *yamltree.Node) error {
	meta := &metav1.ObjectMeta{}
	o.Meta = meta
	if md := n.Get("metadata"); md != nil {
		if err := md.Decode(meta); err != nil {
			return err
		}
	}
	o.Name, o.Namespace = meta.Name, meta.Namespace
	return nil
}

func objectMeta(acc metav1.Object) *metav1.ObjectMeta {
	if m, ok := acc.(interface{ GetObjectMeta() metav1.Object }); ok {
		if om, ok := m.GetObjectMeta().(*metav1.ObjectMeta); ok {
			return om
		}
	}
	return &metav1.ObjectMeta{Name: acc.GetName(), Namespace: acc.GetNamespace(), Labels: acc.GetLabels(), Annotations: acc.GetAnnotations(), OwnerReferences: acc.GetOwnerReferences()}
}

// itemPath is the path of item i of the List at prefix.
func itemPath(prefix string, i int) string {
	p := "items[" + strconv.Itoa(i) + "]"
	if prefix == "" {
		return p
	}
	return prefix + "." + p
}

package perfcorpus

import (
	"bytes"
	"fmt"
	"strings"
)

// yw writes indented YAML lines; the corpus is written as text so it can
// look the way people write manifests (comments, flow lists, block
// scalars, quoting), not the way a marshaller prints them.
type yw struct {
	b   *bytes.Buffer
	ind int
}

// l writes one line at the current indentation.
func (w *yw) l(format string, args ...any) {
	for range w.ind {
		w.b.WriteByte(' ')
	}
	if len(args) == 0 {
		w.b.WriteString(format)
	} else {
		fmt.Fprintf(w.b, format, args...)
	}
	w.b.WriteByte('\n')
}

// in runs body one level (two spaces) deeper.
func (w *yw) in(body func()) {
	w.ind += 2
	body()
	w.ind -= 2
}

// item writes a sequence item whose first line is first and whose other
// lines are written by body, aligned under it.
func (w *yw) item(first string, body func()) {
	w.l("- %s", first)
	w.in(body)
}

// flow renders a flow sequence of quoted strings: ["a", "b"].
func flow(items ...string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// meta writes metadata with name, namespace (when not empty), labels and
// annotations.
func (w *yw) meta(name, ns string, labels, annotations [][2]string) {
	w.l("metadata:")
	w.in(func() {
		w.l("name: %s", name)
		if ns != "" {
			w.l("namespace: %s", ns)
		}
		w.pairs("labels", labels)
		w.pairs("annotations", annotations)
	})
}

// pairs writes a string map in the given order; nothing when empty.
func (w *yw) pairs(key string, kv [][2]string) {
	if len(kv) == 0 {
		return
	}
	w.l("%s:", key)
	w.in(func() {
		for _, p := range kv {
			w.l("%s: %s", p[0], p[1])
		}
	})
}

// appLabels are the labels of an application's workload.
func appLabels(a *app) [][2]string {
	return [][2]string{{"app", a.name}, {"team", a.team}, {"tier", a.short}}
}

// shortLabels are the labels of the objects around the workload.
func shortLabels(a *app) [][2]string { return [][2]string{{"app", a.name}, {"team", a.team}} }

// Package source gathers the user's inputs (files, directories, stdin,
// Helm charts, Kustomize directories) into one inventory. It decides what
// each path is; the manifest package decodes the text.
package source

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// Options configure loading.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Renderers turn special directories (charts, kustomizations) into text.
	Renderers []Renderer
}

// Renderer turns a path it recognises (a Helm chart, a kustomization) into
// manifest text.
type Renderer interface {
	// Name is shown in errors ("helm", "kustomize").
	Name() string
	// Match reports whether the renderer handles the path.
	Match(path string) bool
	// Render produces the manifests of the path.
	Render(path string) ([]manifest.Input, error)
}

// Load reads every path and returns the inventory. Errors are kept in the
// inventory, never returned: one bad input never hides the others.
func Load(paths []string, opts Options) *inventory.Inventory {
	l := loader{opts: opts}
	for _, p := range paths {
		l.path(p, true)
	}
	res := manifest.Decode(l.inputs)
	errs := append(l.errs, res.Errors...)
	inv := inventory.New(res.Objects, errs)
	for _, s := range res.Skipped {
		inv.Coverage = append(inv.Coverage, inventory.Coverage{Resource: fmt.Sprintf("%s:%d", s.File, s.Line), Status: "skipped", Message: s.Message})
	}
	return inv
}

type loader struct {
	opts   Options
	inputs []manifest.Input
	errs   []inventory.LoadError
}

func (l *loader) fail(file string, err error) {
	l.errs = append(l.errs, inventory.LoadError{File: file, Message: err.Error()})
}

func (l *loader) path(p string, explicit bool) {
	if p == "-" {
		l.stdin()
		return
	}
	if r := l.renderer(p); r != nil {
		l.render(r, p)
		return
	}
	info, err := os.Stat(p)
	if err != nil {
		l.fail(p, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
		return
	}
	if info.IsDir() {
		l.dir(p)
		return
	}
	if explicit || isManifestFile(p) {
		l.file(p)
	}
}

func (l *loader) renderer(p string) Renderer {
	for _, r := range l.opts.Renderers {
		if r.Match(p) {
			return r
		}
	}
	return nil
}

func (l *loader) render(r Renderer, p string) {
	inputs, err := r.Render(p)
	if err != nil {
		l.fail(p, fmt.Errorf("%s: %w", r.Name(), err))
		return
	}
	l.inputs = append(l.inputs, inputs...)
}

// dir walks a directory in lexical order. Hidden directories are skipped;
// charts and kustomizations are rendered whole, not read file by file.
func (l *loader) dir(root string) {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.fail(p, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
			return nil
		}
		if !d.IsDir() {
			if isManifestFile(p) {
				l.file(p)
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if r := l.renderer(p); r != nil {
			l.render(r, p)
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		l.fail(root, err)
	}
}

func isManifestFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

func (l *loader) file(p string) {
	data, err := os.ReadFile(p)
	if err != nil {
		l.fail(p, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
		return
	}
	l.add(p, data, "file")
}

func (l *loader) stdin() {
	if l.opts.Stdin == nil {
		l.fail("-", fmt.Errorf("no standard input"))
		return
	}
	data, err := io.ReadAll(l.opts.Stdin)
	if err != nil {
		l.fail("-", fmt.Errorf("reading standard input: %w", err))
		return
	}
	l.add("<stdin>", data, "stdin")
}

func (l *loader) add(name string, data []byte, src string) {
	if bytes.IndexByte(data, 0) >= 0 {
		l.fail(name, fmt.Errorf("binary file (contains NUL bytes), not YAML or JSON"))
		return
	}
	l.inputs = append(l.inputs, manifest.Input{File: name, Data: data, Source: src})
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

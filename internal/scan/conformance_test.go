package scan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

const conformance = "testdata/conformance"

// TestSourcesConformance checks that the same objects given as files, as a
// JSON List, through stdin, through Helm and through Kustomize give the
// same findings.
func TestSourcesConformance(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(conformance, "files", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture files: %v", err)
	}
	stream := concat(t, files)
	cases := []struct {
		name  string
		paths []string
		stdin []byte
	}{
		{"files", files, nil},
		{"directory", []string{filepath.Join(conformance, "files")}, nil},
		{"stdin", []string{"-"}, stream},
		{"list", []string{"-"}, asJSONList(t, stream)},
		{"helm", []string{filepath.Join(conformance, "chart")}, nil},
		{"kustomize", []string{filepath.Join(conformance, "kustomize")}, nil},
	}
	var want []string
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Run(Options{Paths: c.paths, Stdin: bytes.NewReader(c.stdin)})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Errors) > 0 {
				t.Fatalf("unexpected errors: %v", rep.Errors)
			}
			got := findingKeys(rep)
			if len(got) == 0 {
				t.Fatal("no findings")
			}
			if want == nil {
				want = got
				return
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings differ from the files case:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
		})
	}
}

// TestStdinKeepsLines checks that text sources keep exact lines.
func TestStdinKeepsLines(t *testing.T) {
	file := filepath.Join(conformance, "files", "deployment.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := Run(Options{Paths: []string{file}})
	if err != nil {
		t.Fatal(err)
	}
	fromStdin, err := Run(Options{Paths: []string{"-"}, Stdin: bytes.NewReader(data)})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range fromFile.Findings {
		s := fromStdin.Findings[i]
		if f.Location == nil || s.Location == nil || f.Location.Line != s.Location.Line || f.Location.Column != s.Location.Column {
			t.Errorf("finding %d: file location %v, stdin location %v", i, f.Location, s.Location)
		}
	}
}

func findingKeys(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		r := f.Resource
		out = append(out, fmt.Sprintf("%s %s %s/%s/%s %s: %s", f.Status, f.Check.ID, r.Kind, r.Namespace, r.Name, f.Path, f.Message))
	}
	sort.Strings(out)
	return out
}

func concat(t *testing.T, files []string) []byte {
	var b bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("---\n")
		b.Write(data)
	}
	return b.Bytes()
}

// asJSONList turns a YAML stream into one JSON List document.
func asJSONList(t *testing.T, stream []byte) []byte {
	var items []any
	for _, c := range yamltree.Split(stream) {
		doc, err := yamltree.ParseDocument(c)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Root != nil {
			items = append(items, doc.Root.Interface())
		}
	}
	out, err := json.MarshalIndent(map[string]any{"apiVersion": "v1", "kind": "List", "items": items}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

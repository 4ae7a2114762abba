package manifests

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/fix/yamledit"
	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

// TestRoundTrip copies the examples and the fixtures to a temporary
// directory, fixes them, scans again, and checks that the fixed findings
// are gone, that no finding appeared, that every object reads back the same
// apart from the fixed fields, that comment lines survive, and that Helm
// templates are untouched; the diff is compared with a golden file.
func TestRoundTrip(t *testing.T) {
	for _, risky := range []bool{false, true} {
		name := map[bool]string{false: "safe", true: "risky"}[risky]
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, "../../../examples", filepath.Join(dir, "examples"))
			copyTree(t, "testdata/roundtrip", filepath.Join(dir, "fixtures"))
			before := failing(t, dir)
			res, err := Plan(context.Background(), Options{Scan: scan.Options{Paths: []string{dir}}, IncludeRisky: risky})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Fixed) == 0 {
				t.Fatal("nothing was fixed")
			}
			if err := res.Write(); err != nil {
				t.Fatal(err)
			}
			after := failing(t, dir)
			for _, it := range res.Fixed {
				if after[key(it.Finding)] {
					t.Errorf("fixed finding still fails: %s", key(it.Finding))
				}
			}
			for k := range after {
				if !before[k] && !(risky && unlocked(k, before)) {
					t.Errorf("new failing finding after fix: %s", k)
				}
			}
			var diffs strings.Builder
			for _, f := range res.Files {
				if strings.Contains(f.Path, "/chart/") {
					t.Errorf("a Helm chart file was edited: %s", f.Path)
				}
				sameObjects(t, f, res.Fixed)
				sameComments(t, f)
				rel := *f
				rel.Path = strings.TrimPrefix(f.Path, dir+"/")
				diffs.WriteString(rel.Diff())
			}
			for _, it := range res.Skipped {
				if it.Finding.Resource.Namespace == "charted" && (!strings.Contains(it.Reason, "Helm chart") || it.Snippet == "") {
					t.Errorf("chart finding %s: want the Helm reason and a snippet, got %q / %q", key(it.Finding), it.Reason, it.Snippet)
				}
			}
			golden.Check(t, filepath.Join("testdata", "roundtrip-"+name+".diff"), diffs.String())
		})
	}
}

// unlocked reports a finding that a risky fix may bring out: the same
// check failed on the same resource before at another path (NET_RAW or
// seccomp on a container that was privileged), or a network check on a
// pod taken off the host network.
func unlocked(k string, before map[string]bool) bool {
	check, rest, _ := strings.Cut(k, " ")
	res, _, _ := strings.Cut(rest, " ")
	if strings.HasPrefix(check, "network-") || strings.HasPrefix(check, "namespace-network") {
		return true
	}
	for b := range before {
		if strings.HasPrefix(b, check+" "+res+" ") {
			return true
		}
	}
	return false
}

func key(f report.Finding) string {
	r := f.Resource
	return f.Check.ID + " " + r.Kind + "/" + r.Namespace + "/" + r.Name + " " + f.Path
}

func failing(t *testing.T, dir string) map[string]bool {
	t.Helper()
	rep, err := scan.Run(scan.Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("scan errors: %v", rep.Errors)
	}
	out := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Status == check.Fail {
			out[key(f)] = true
		}
	}
	return out
}

// sameObjects checks that each document of the new file equals the old
// one once the fields the fixes touch are taken out of both.
func sameObjects(t *testing.T, f *File, fixed []Item) {
	t.Helper()
	var paths []string
	for _, it := range fixed {
		if it.Finding.Location == nil || it.Finding.Location.File != f.Path {
			continue
		}
		for _, op := range it.Remedy.Ops {
			switch op.Kind {
			case yamledit.Remove:
				paths = append(paths, parentPath(op.Path))
			case yamledit.Replace:
				paths = append(paths, op.Path, parentPath(op.Path)+"."+op.Key)
			default:
				paths = append(paths, op.Path)
			}
		}
	}
	oldDocs, newDocs := docs(t, f.Old), docs(t, f.New)
	if len(oldDocs) != len(newDocs) {
		t.Fatalf("%s: %d documents before, %d after", f.Path, len(oldDocs), len(newDocs))
	}
	for i := range oldDocs {
		a, b := oldDocs[i], newDocs[i]
		for _, p := range paths {
			for _, obj := range objects(a) {
				drop(obj, p)
			}
			for _, obj := range objects(b) {
				drop(obj, p)
			}
		}
		if !reflect.DeepEqual(prune(a), prune(b)) {
			t.Errorf("%s: document %d changed beyond the fixed fields:\nbefore %v\nafter  %v", f.Path, i, a, b)
		}
	}
}

func docs(t *testing.T, data []byte) []any {
	t.Helper()
	var out []any
	for _, c := range yamltree.Split(data) {
		d, err := yamltree.ParseDocument(c)
		if err != nil {
			t.Fatalf("document at line %d does not parse: %v", c.Line, err)
		}
		if d.Root != nil {
			out = append(out, d.Root.Interface())
		}
	}
	return out
}

// objects are the objects of a document: itself, or a List's items.
func objects(doc any) []any {
	m, _ := doc.(map[string]any)
	if items, ok := m["items"].([]any); ok && strings.HasSuffix(m["kind"].(string), "List") {
		return items
	}
	return []any{doc}
}

// drop deletes the field at a path (segments as the checks write them).
func drop(v any, path string) {
	segs := strings.FieldsFunc(strings.NewReplacer("[", ".", "]", "").Replace(path), func(r rune) bool { return r == '.' })
	for i, s := range segs {
		last := i == len(segs)-1
		switch c := v.(type) {
		case map[string]any:
			if last {
				delete(c, s)
				return
			}
			v = c[s]
		case []any:
			n := 0
			for _, r := range s {
				n = n*10 + int(r-'0')
			}
			if n >= len(c) {
				return
			}
			if last {
				c[n] = nil
				return
			}
			v = c[n]
		default:
			return
		}
	}
}

// prune removes empty mappings that dropping fields leaves behind.
func prune(v any) any {
	switch c := v.(type) {
	case map[string]any:
		for k, x := range c {
			if x = prune(x); x == nil {
				delete(c, k)
			} else {
				c[k] = x
			}
		}
		if len(c) == 0 {
			return nil
		}
	case []any:
		for i := range c {
			c[i] = prune(c[i])
		}
	}
	return v
}

func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		return path[:strings.LastIndexByte(path, '[')]
	}
	return path[:strings.LastIndexByte(path, '.')]
}

// sameComments checks that every comment line survives, in order.
func sameComments(t *testing.T, f *File) {
	t.Helper()
	var want, got []string
	for _, l := range strings.Split(string(f.Old), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			want = append(want, l)
		}
	}
	for _, l := range strings.Split(string(f.New), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			got = append(got, l)
		}
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%s: comment lines changed:\nbefore %q\nafter  %q", f.Path, want, got)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

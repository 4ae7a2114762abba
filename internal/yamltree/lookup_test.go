package yamltree

import (
	"strconv"
	"strings"
	"testing"
)

// referenceLookup is Lookup as it was written first: the path split into
// a slice of segments, and each key found by GetKey, then Get. Lookup
// must answer the same for every tree and path.
func referenceLookup(n *Node, path string) (*Node, bool) {
	cur, at := n, n
	for _, seg := range referenceSplit(path) {
		if seg.index >= 0 {
			if cur == nil || cur.Kind != SequenceNode || seg.index >= len(cur.Children) {
				return at, false
			}
			cur = cur.Children[seg.index]
			at = cur
			continue
		}
		k := cur.GetKey(seg.key)
		if k == nil {
			return at, false
		}
		at, cur = k, cur.Get(seg.key)
	}
	return at, true
}

func referenceSplit(path string) []segment {
	var segs []segment
	for len(path) > 0 {
		switch path[0] {
		case '.':
			path = path[1:]
		case '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return append(segs, segment{key: path, index: -1})
			}
			inner := path[1:end]
			path = path[end+1:]
			if i, err := strconv.Atoi(inner); err == nil {
				segs = append(segs, segment{index: i})
			} else {
				segs = append(segs, segment{key: strings.Trim(inner, `"'`), index: -1})
			}
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			segs = append(segs, segment{key: path[:end], index: -1})
			path = path[end:]
		}
	}
	return segs
}

const lookupDoc = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    "x.y/z": "1"
    "": empty
    "[0]": odd
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext: {privileged: true}
        - name: side
          env: [{name: A, value: b}]
      volumes: []
      nullish:
`

var lookupPaths = []string{
	"", ".", "..", "kind", "metadata.name", `metadata.annotations["x.y/z"]`, `metadata.annotations['x.y/z']`,
	"metadata.annotations[]", "metadata.annotations[-1]", `metadata.annotations["[0]"]`,
	"spec.template.spec.containers[0].securityContext.privileged", "spec.template.spec.containers[1].env[0].value",
	"spec.template.spec.containers[2].name", "spec.template.spec.containers[0", "spec.template.spec.containers.0",
	"spec.template.spec.volumes[0]", "spec.template.spec.nullish.x", "spec..template", "kind.x", "kind[0]",
	"[0]", "spec.template.spec.containers[00].name", "spec.template.spec.containers[+1].name", "missing",
}

func TestLookupMatchesReference(t *testing.T) {
	doc, err := ParseDocument(Chunk{Data: []byte(lookupDoc), Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range []*Node{doc.Root, nil, {Kind: ScalarNode}, {Kind: MappingNode, Children: []*Node{{Value: "odd"}}}} {
		for _, p := range lookupPaths {
			gotN, gotOK := root.Lookup(p)
			wantN, wantOK := referenceLookup(root, p)
			if gotN != wantN || gotOK != wantOK {
				t.Errorf("Lookup(%q) = %p, %v; the reference says %p, %v", p, gotN, gotOK, wantN, wantOK)
			}
		}
	}
}

func FuzzLookup(f *testing.F) {
	for _, p := range lookupPaths {
		f.Add(p)
	}
	doc, err := ParseDocument(Chunk{Data: []byte(lookupDoc), Line: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p string) {
		gotN, gotOK := doc.Root.Lookup(p)
		wantN, wantOK := referenceLookup(doc.Root, p)
		if gotN != wantN || gotOK != wantOK {
			t.Fatalf("Lookup(%q) = %p, %v; the reference says %p, %v", p, gotN, gotOK, wantN, wantOK)
		}
	})
}

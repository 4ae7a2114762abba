package yamledit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/golden"
	"github.com/palisade-dev/palisade/internal/yamltree"
)

const c0 = "spec.template.spec.containers[0]"

// editCases are one input file each (testdata/NAME.in.yaml or .json), the
// operations per document, and the golden result (testdata/NAME.golden):
// the edited file, or the error of each document whose edit was refused.
var editCases = []struct {
	name string
	ops  [][]Op // per document of the file
}{
	{"set-existing-scalar", [][]Op{{{Kind: Set, Path: c0 + ".securityContext.privileged", Value: Bool(false)}}}},
	{"insert-nested", [][]Op{{
		{Kind: Set, Path: c0 + ".securityContext.allowPrivilegeEscalation", Value: Bool(false)},
		{Kind: Set, Path: c0 + ".securityContext.runAsNonRoot", Value: Bool(true)},
		{Kind: Set, Path: "spec.template.spec.securityContext.seccompProfile.type", Value: Str("RuntimeDefault")},
	}}},
	{"non-indented-lists", [][]Op{{
		{Kind: Add, Path: c0 + ".securityContext.capabilities.drop", Value: Str("NET_RAW")},
		{Kind: Set, Path: "spec.template.spec.automountServiceAccountToken", Value: Bool(false)},
	}}},
	{"flow-lists", [][]Op{{
		{Kind: Remove, Path: c0 + ".securityContext.capabilities.add[0]"},
		{Kind: Add, Path: c0 + ".securityContext.capabilities.drop", Value: Str("NET_RAW")},
	}}},
	{"remove-last-block-item", [][]Op{{{Kind: Remove, Path: c0 + ".securityContext.capabilities.add[0]"}}}},
	{"null-values", [][]Op{{
		{Kind: Set, Path: c0 + ".securityContext.allowPrivilegeEscalation", Value: Bool(false)},
		{Kind: Set, Path: "spec.template.spec.automountServiceAccountToken", Value: Bool(false)},
	}}},
	{"replace-hostpath", [][]Op{{
		{Kind: Replace, Path: "spec.template.spec.volumes[0].hostPath", Key: "emptyDir", Value: EmptyMap()},
		{Kind: Replace, Path: "spec.template.spec.volumes[1].hostPath", Key: "emptyDir", Value: EmptyMap()},
		{Kind: Remove, Path: c0 + ".ports[0].hostPort"},
	}}},
	{"comments-and-block-scalars", [][]Op{{
		{Kind: Set, Path: c0 + ".securityContext.allowPrivilegeEscalation", Value: Bool(false)},
		{Kind: Set, Path: "spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation", Value: Bool(false)},
	}}},
	{"multi-document", [][]Op{
		{{Kind: Set, Path: "spec.hostPID", Value: Bool(false)}},
		nil,
		{{Kind: Set, Path: "spec.containers[0].securityContext.privileged", Value: Bool(false)}},
	}},
	{"json", [][]Op{{
		{Kind: Set, Path: c0 + ".securityContext.allowPrivilegeEscalation", Value: Bool(false)},
		{Kind: Set, Path: "spec.template.spec.securityContext.seccompProfile.type", Value: Str("RuntimeDefault")},
		{Kind: Set, Path: c0 + ".securityContext.privileged", Value: Bool(false)},
	}}},
	{"crlf", [][]Op{{{Kind: Set, Path: "spec.containers[0].securityContext.allowPrivilegeEscalation", Value: Bool(false)}}}},
	{"no-final-newline", [][]Op{{
		{Kind: Set, Path: "spec.containers[0].securityContext.allowPrivilegeEscalation", Value: Bool(false)},
		{Kind: Set, Path: "spec.containers[1].securityContext.allowPrivilegeEscalation", Value: Bool(false)},
	}}},
	{"refused", [][]Op{{
		{Kind: Set, Path: "spec.containers[0].securityContext.allowPrivilegeEscalation", Value: Bool(false)},
		{Kind: Remove, Path: "spec.containers[0].securityContext.privileged"},
		{Kind: Set, Path: "spec.containers[3].securityContext.privileged", Value: Bool(false)},
	}}},
}

func TestEdit(t *testing.T) {
	for _, tc := range editCases {
		t.Run(tc.name, func(t *testing.T) {
			in := inputFile(t, tc.name)
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var edits []Edit
			var notes []string
			for i, c := range yamltree.Split(src) {
				if i >= len(tc.ops) || tc.ops[i] == nil {
					continue
				}
				d, err := Open(src, c)
				if err != nil {
					t.Fatal(err)
				}
				for _, op := range tc.ops[i] {
					if err := d.Try("", []Op{op}); err != nil {
						notes = append(notes, "# not applied: "+err.Error())
					}
				}
				edits = append(edits, d.Edits()...)
			}
			got := string(Apply(src, edits))
			if len(notes) > 0 {
				got = strings.Join(notes, "\n") + "\n" + got
			}
			golden.Check(t, filepath.Join("testdata", tc.name+".golden"), got)
		})
	}
}

func inputFile(t *testing.T, name string) string {
	for _, ext := range []string{".in.yaml", ".in.json"} {
		p := filepath.Join("testdata", name+ext)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("no input testdata/%s.in.yaml or .in.json", name)
	return ""
}

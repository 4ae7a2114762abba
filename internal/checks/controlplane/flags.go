package controlplane

import (
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// arg is one command-line argument, its field path and, when known, where
// it was written (a systemd unit's file and line).
type arg struct{ text, path, origin string }

// boolFlags are the boolean flags of each component (see facts.BoolFlags).
var boolFlags = facts.BoolFlags

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// parseFlags reads flags as facts.ParseFlags does, every occurrence kept
// with the field path of the argument that set it (last wins for scalars,
// see Component.Flag).
func parseFlags(argv []arg, bools map[string]bool, singleDash bool) map[string][]FlagValue {
	texts := make([]string, len(argv))
	for i, a := range argv {
		texts[i] = a.text
	}
	out := map[string][]FlagValue{}
	for _, f := range facts.ParseFlags(texts, bools, singleDash) {
		a := argv[f.Index]
		note := f.Note
		if a.origin != "" {
			note = joinNote(note, "set in "+a.origin)
		}
		out[f.Name] = append(out[f.Name], FlagValue{Value: f.Value, Path: a.path, Note: note})
	}
	return out
}

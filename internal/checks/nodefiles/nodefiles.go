// Package nodefiles holds the CIS Kubernetes Benchmark checks of the
// modes and owners of a node's files (1.1.x on control-plane nodes, 4.1.x
// on every node), judged on the File facts of a node scan. Owners are
// named by the node's own /etc/passwd and /etc/group.
package nodefiles

import (
	"fmt"
	"io/fs"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// item is one CIS item: the files it covers (by role) and the mode or
// owner they must have.
type item struct {
	cis, id  string
	roles    []string
	what     string      // the files, for titles and messages
	mode     fs.FileMode // the most permissive mode allowed, 0 for an owner item
	owner    string      // "user:group", "" for a mode item
	severity check.Severity
}

// Checks returns one check per item.
func Checks() []*check.Check {
	out := make([]*check.Check, 0, len(items))
	for _, it := range items {
		out = append(out, itemCheck(it))
	}
	return out
}

func itemCheck(it item) *check.Check {
	m := check.Meta{ID: it.id, Severity: it.severity, Category: "node-files", Frameworks: map[string][]string{check.CIS: {it.cis}}}
	if it.owner == "" {
		m.Title = fmt.Sprintf("%s are mode %04o or stricter", it.what, it.mode)
		m.Rationale = fmt.Sprintf("The %s hold credentials or decide how the component runs; anyone who can read or change them can impersonate the component or take over the node.", it.what)
		m.Remediation = fmt.Sprintf("Run chmod %o on each of the %s on the node.", it.mode, it.what)
	} else {
		m.Title = fmt.Sprintf("%s are owned by %s", it.what, it.owner)
		m.Rationale = fmt.Sprintf("The owner of the %s may change their mode and content; it should be the administrator (or the component's own user), never an unprivileged account.", it.what)
		m.Remediation = fmt.Sprintf("Run chown %s on each of the %s on the node.", it.owner, it.what)
	}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, o := range inv.ByKind(facts.KindFile) {
			f, ok := o.Typed.(*facts.File)
			if !ok || !hasAny(f, it.roles) {
				continue
			}
			report(judge(inv, it, o, f))
		}
	}}
}

func hasAny(f *facts.File, roles []string) bool {
	for _, r := range roles {
		if f.HasRole(r) {
			return true
		}
	}
	return false
}

// judge decides one file: not applicable when the node has no such file,
// not checked when it could not be examined.
func judge(inv *inventory.Inventory, it item, o *inventory.Object, f *facts.File) check.Result {
	res := check.Result{Object: o, Path: "mode"}
	if it.owner != "" {
		res.Path = "owner"
	}
	switch {
	case f.Missing:
		res.Status, res.Message = check.NotApplicable, f.Path+" does not exist on this node"
	case f.Error != "":
		res.Status, res.Message = check.NotChecked, f.Path+" could not be examined: "+f.Error
	case it.owner == "":
		res.Status, res.Message = judgeMode(f, it.mode)
	case f.UID < 0 || f.GID < 0:
		res.Status, res.Message = check.NotChecked, f.Path+" could not be examined: the file system does not give its owner"
	default:
		res.Status, res.Message = judgeOwner(inv, f, it.owner)
	}
	return res
}

func judgeMode(f *facts.File, max fs.FileMode) (check.Status, string) {
	if extra := f.Mode &^ max; extra != 0 {
		return check.Fail, fmt.Sprintf("%s is mode %04o, more permissive than %04o (%s)", f.Path, f.Mode, max, describeBits(extra))
	}
	return check.Pass, fmt.Sprintf("%s is mode %04o", f.Path, f.Mode)
}

// describeBits names who gets which extra permission.
func describeBits(extra fs.FileMode) string {
	who := []struct {
		name  string
		shift uint
	}{{"owner", 6}, {"group", 3}, {"others", 0}}
	s := ""
	for _, w := range who {
		bits := (extra >> w.shift) & 7
		if bits == 0 {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += w.name + " may " + rwx(bits)
	}
	return s
}

func rwx(bits fs.FileMode) string {
	var out []string
	for _, b := range []struct {
		bit  fs.FileMode
		verb string
	}{{4, "read"}, {2, "write"}, {1, "execute"}} {
		if bits&b.bit != 0 {
			out = append(out, b.verb)
		}
	}
	switch len(out) {
	case 1:
		return out[0]
	case 2:
		return out[0] + " and " + out[1]
	}
	return "read, write and execute"
}

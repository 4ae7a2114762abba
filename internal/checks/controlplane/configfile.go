package controlplane

import (
	"fmt"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// extraChecks are the checks over the files the API server's flags name
// and over the node's certificates, beside the flag table.
func extraChecks() []*check.Check {
	return []*check.Check{encryptionCheck(), auditPolicyCheck(), etcdCACheck(), userAuthnCheck(), certExpiryCheck()}
}

// configJudge judges one config document of a kind.
type configJudge func(o *inventory.Object) []check.Result

// runConfigFile runs a check over the config documents of a kind: the one
// each API server's flag names (a node scan reads it from that path), and
// every other document of the kind (a manifest scan). An API server whose
// file is not in the inventory is not checked, unless documents of the
// kind were scanned (a manifest scan names them by another path).
func runConfigFile(inv *inventory.Inventory, kind, flag, related string, judge configJudge, report func(check.Result)) {
	judged := map[*inventory.Object]bool{}
	docs := inv.ByKind(kind)
	for _, c := range ofName(inv, APIServer) {
		f, ok := c.Flag(flag)
		switch {
		case c.Unreadable != "":
			report(check.Result{Object: c.Object, Status: check.NotChecked, Path: c.ArgvPath, Message: c.Unreadable})
		case !ok || f.Value == "":
			report(check.Result{Object: c.Object, Status: check.NotApplicable, Path: c.ArgvPath,
				Message: fmt.Sprintf("--%s is not set (see %s)", flag, related)})
		default:
			o := fileObject(docs, f.Value)
			if o == nil && len(docs) == 0 {
				report(check.Result{Object: c.Object, Status: check.NotChecked, Path: f.Path, Message: notRead(inv, f.Value, "--"+flag)})
			}
			if o != nil {
				judged[o] = true
				emit(judge(o), report)
			}
		}
	}
	for _, o := range docs {
		if !judged[o] {
			emit(judge(o), report)
		}
	}
}

func emit(rs []check.Result, report func(check.Result)) {
	for _, r := range rs {
		report(r)
	}
}

func fileObject(docs []*inventory.Object, path string) *inventory.Object {
	for _, o := range docs {
		if o.Location.File == path {
			return o
		}
	}
	return nil
}

// notRead says why the file a flag names is not in the inventory.
func notRead(inv *inventory.Inventory, path, flag string) string {
	for _, e := range inv.Errors {
		if e.File == path {
			return fmt.Sprintf("the file %s names (%s) could not be read: %s", flag, path, e.Message)
		}
	}
	if o := inv.Get(facts.KindFile, "", path); o != nil {
		if f, ok := o.Typed.(*facts.File); ok && f.Missing {
			return fmt.Sprintf("the file %s names (%s) does not exist", flag, path)
		}
	}
	return fmt.Sprintf("the file %s names (%s) is not among the scanned inputs; palisade node reads it on the control-plane node", flag, path)
}

// untypedDoc is the not-checked result of a document of a version Palisade
// does not read, or one that failed to decode.
func untypedDoc(inv *inventory.Inventory, o *inventory.Object, want string) check.Result {
	msg := fmt.Sprintf("%s %s is not %s, the version Palisade reads", o.APIVersion, o.Kind, want)
	for _, e := range inv.Errors {
		if e.File == o.Location.File && o.Location.File != "" {
			msg = fmt.Sprintf("%s could not be decoded: line %d: %s", o.Location.File, e.Line, e.Message)
		}
	}
	return check.Result{Object: o, Status: check.NotChecked, Message: msg}
}

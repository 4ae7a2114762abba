package controlplane

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"

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

// runConfigFile runs a check over the config documents of a group and
// kind: the one each API server's flag names (a node scan reads it from
// that path), and every other document of the kind (a manifest scan). An
// API server whose file is not in the inventory is not checked, unless
// documents of the kind were scanned (a manifest scan names them by
// another path).
func runConfigFile(inv *inventory.Inventory, gk schema.GroupKind, flag, related string, judge configJudge, report func(check.Result)) {
	judged := map[*inventory.Object]bool{}
	docs := ConfigDocs(inv, gk)
	for _, c := range Named(inv, APIServer) {
		f, ok := c.Flag(flag)
		switch {
		case c.Unreadable != "":
			report(check.Result{Object: c.Object, Status: check.NotChecked, Path: c.ArgvPath, Message: c.Unreadable})
		case !ok || f.Value == "":
			report(check.Result{Object: c.Object, Status: check.NotApplicable, Path: c.ArgvPath,
				Message: fmt.Sprintf("--%s is not set (see %s)", flag, related)})
		default:
			o := DocAt(docs, f.Value)
			if o == nil && len(docs) == 0 {
				report(check.Result{Object: c.Object, Status: check.NotChecked, Path: f.Path, Message: NotRead(inv, f.Value, "--"+flag)})
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

// ConfigDocs returns the documents of a config kind of one API group, in
// any version: a kind of the same name in another group (Kyverno's
// Policy beside audit.k8s.io's) is not one of them.
func ConfigDocs(inv *inventory.Inventory, gk schema.GroupKind) []*inventory.Object {
	var out []*inventory.Object
	for _, o := range inv.ByKind(gk.Kind) {
		if gv, err := schema.ParseGroupVersion(o.APIVersion); err == nil && gv.Group == gk.Group {
			out = append(out, o)
		}
	}
	return out
}

// DocAt returns the document of docs read from path (a node scan names
// config documents by the path their flag gives), or nil.
func DocAt(docs []*inventory.Object, path string) *inventory.Object {
	for _, o := range docs {
		if o.Location.File == path {
			return o
		}
	}
	return nil
}

// NotRead says why the file a flag names is not in the inventory: its
// read error, its absence, or that no scanned input holds it.
func NotRead(inv *inventory.Inventory, path, flag string) string {
	for _, e := range inv.Errors {
		if e.File == path {
			return fmt.Sprintf("the file %s names (%s) could not be read: %s", flag, path, strings.TrimPrefix(e.Error(), path+": "))
		}
	}
	if o := inv.Get(facts.KindFile, "", path); o != nil {
		if f, ok := o.Typed.(*facts.File); ok && f.Missing {
			return fmt.Sprintf("the file %s names (%s) does not exist", flag, path)
		}
	}
	return fmt.Sprintf("the file %s names (%s) is not among the scanned inputs; palisade node reads it on the node", flag, path)
}

// Untyped says why a config document was not decoded: its file's load
// error, or a version Palisade does not read (want).
func Untyped(inv *inventory.Inventory, o *inventory.Object, want string) string {
	file := o.Location.File
	for _, e := range inv.Errors {
		if file != "" && e.File == file {
			return fmt.Sprintf("%s could not be decoded: line %d: %s", file, e.Line, e.Message)
		}
	}
	if file == "" {
		file = "the document"
	}
	return fmt.Sprintf("%s is %s %s, not %s, the version Palisade reads", file, o.APIVersion, o.Kind, want)
}

// untypedDoc is the not-checked result of a document Untyped explains.
func untypedDoc(inv *inventory.Inventory, o *inventory.Object, want string) check.Result {
	return check.Result{Object: o, Status: check.NotChecked, Message: Untyped(inv, o, want)}
}

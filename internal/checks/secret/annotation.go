package secret

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// lastApplied is kubectl's copy of the applied object: it repeats every
// hard-coded value of the object, and the data of a Secret.
const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// ownPrefix marks Palisade's own annotations (exceptions, settings), which
// are never judged.
const ownPrefix = "palisade.dev/"

var hardcodedAnnotation = withRules(&check.Check{Meta: check.Meta{
	ID:       "hardcoded-secret-annotation",
	Title:    "Credential in an annotation",
	Severity: check.Medium,
	Category: "secret",
	Rationale: "Annotations are metadata: they are returned by metadata-only lists and watches, copied by tools, " +
		"and shown by kubectl describe. kubectl's last-applied-configuration annotation repeats the whole object, " +
		"including the data of a Secret, in plain text.",
	Remediation: "Keep credentials out of annotations (reference a Secret instead); apply Secrets with " +
		"kubectl apply --server-side or kubectl create so that no last-applied-configuration copy is kept, and rotate the exposed credential.",
	Frameworks: hardcodedRefs,
}, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
	templates := inv.PodTemplates // in inventory order, at most one per object
	for _, o := range inv.Objects {
		if inv.Controller(o) != nil {
			continue // its annotations are its owner's, judged there
		}
		failed := false
		fail := func(path, msg string) {
			failed = true
			report(check.Result{Object: o, Path: path, Message: msg})
		}
		scanAnnotations(o.Meta, "metadata", fail)
		for len(templates) > 0 && templates[0].Object.Index <= o.Index {
			if pt := templates[0]; pt.Object == o && pt.Meta != o.Meta {
				scanAnnotations(pt.Meta, pt.MetaPath, fail)
			}
			templates = templates[1:]
		}
		if !failed {
			report(check.Result{Object: o, Status: check.Pass, Path: "metadata"})
		}
	}
}})

// scanAnnotations judges every annotation of one object or pod template.
func scanAnnotations(meta *metav1.ObjectMeta, metaPath string, fail func(path, msg string)) {
	if meta == nil {
		return
	}
	for _, k := range sortedKeys(meta.Annotations) {
		if strings.HasPrefix(k, ownPrefix) {
			continue
		}
		if m, ok := scanAnnotation(k, meta.Annotations[k]); ok {
			fail(keyPath(metaPath+".annotations", k), fmt.Sprintf("annotation %q holds a credential%s", k, m))
		}
	}
}

// scanAnnotation judges one annotation; a JSON value (last-applied
// configurations, tool settings) is judged field by field, with the names
// of its fields as context.
func scanAnnotation(key, value string) (match, bool) {
	if v := strings.TrimSpace(value); strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[") {
		var doc any
		if json.Unmarshal([]byte(v), &doc) == nil {
			return scanJSON(doc)
		}
	}
	return scanValue(key, value)
}

// scanJSON judges every string of a JSON document. In a list of
// {"name": ..., "value": ...} pairs (environment variables) the name is
// the context of the value; the data of a Secret is a credential whatever
// it looks like.
func scanJSON(doc any) (match, bool) {
	obj, isSecret := doc.(map[string]any)
	isSecret = isSecret && obj["kind"] == "Secret"
	if isSecret {
		decodeSecretData(obj)
	}
	var found match
	var ok bool
	walkJSON(doc, "", "", func(field, name, value string) bool {
		found, ok = scanValue(name, value)
		found.Field = field
		return ok
	})
	if !ok && isSecret {
		return secretData(obj)
	}
	return found, ok
}

// walkJSON calls fn on every string of v, with its field path and the name
// that gives it context, in a stable order, until fn returns true.
func walkJSON(v any, path, name string, fn func(field, name, value string) bool) bool {
	switch v := v.(type) {
	case string:
		return fn(path, name, v)
	case []any:
		for i, item := range v {
			if walkJSON(item, path+"["+strconv.Itoa(i)+"]", name, fn) {
				return true
			}
		}
	case map[string]any:
		n, named := v["name"].(string)
		val, valued := v["value"].(string)
		pair := named && valued
		if pair && fn(joinField(path, "value"), n, val) {
			return true
		}
		for _, k := range sortedKeys(v) {
			if pair && k == "value" {
				continue
			}
			if walkJSON(v[k], joinField(path, k), k, fn) {
				return true
			}
		}
	}
	return false
}

func joinField(path, key string) string {
	if path == "" {
		return key
	}
	if strings.ContainsAny(key, ".[]") {
		return keyPath(path, key)
	}
	return path + "." + key
}

// decodeSecretData replaces the base64 values of a Secret's data by the
// values they encode, so that they are judged as they are used.
func decodeSecretData(obj map[string]any) {
	data, _ := obj["data"].(map[string]any)
	for k, v := range data {
		if s, ok := v.(string); ok {
			if b, err := base64.StdEncoding.DecodeString(s); err == nil {
				data[k] = string(b)
			}
		}
	}
}

// secretData returns the first non-empty value of a Secret's data or
// stringData: a credential by declaration, whatever it looks like.
func secretData(obj map[string]any) (match, bool) {
	for _, field := range []string{"data", "stringData"} {
		data, _ := obj[field].(map[string]any)
		for _, k := range sortedKeys(data) {
			if s, _ := data[k].(string); s != "" {
				return match{Rule: ruleSecretData, Secret: s, Field: joinField(field, k)}, true
			}
		}
	}
	return match{}, false
}

package secret

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

var hardcodedConfigMap = withRules(objectCheck(check.Meta{
	ID:       "hardcoded-secret-configmap",
	Title:    "Credential stored in a ConfigMap",
	Severity: check.High,
	Rationale: "ConfigMaps are meant for non-confidential data: they are readable by far more subjects than Secrets, " +
		"seldom covered by encryption at rest, and shown in full by kubectl describe and most dashboards.",
	Remediation: "Move the credential (or the file holding it) into a Secret, or an external secret store, " +
		"mount it from there, and rotate the exposed credential.",
	Frameworks: hardcodedRefs,
}, configMaps, "data",
	func(o *inventory.Object, fail func(path, msg string)) {
		cm := o.Typed.(*corev1.ConfigMap)
		for _, k := range sortedKeys(cm.Data) {
			if m, ok := scanConfigMapEntry(k, cm.Data[k], false); ok {
				fail(keyPath("data", k), fmt.Sprintf("key %q holds a credential%s", k, m))
			}
		}
		for _, k := range sortedKeys(cm.BinaryData) {
			if m, ok := scanConfigMapEntry(k, string(cm.BinaryData[k]), true); ok {
				fail(keyPath("binaryData", k), fmt.Sprintf("key %q holds a credential%s", k, m))
			}
		}
	}))

// configMaps lists the ConfigMaps that could be decoded.
func configMaps(inv *inventory.Inventory) []*inventory.Object {
	var out []*inventory.Object
	for _, o := range inv.ByKind("ConfigMap") {
		if _, ok := o.Typed.(*corev1.ConfigMap); ok {
			out = append(out, o)
		}
	}
	return out
}

// keyStoreExts are file types that hold private keys.
var keyStoreExts = []string{".p12", ".pfx", ".jks", ".keystore", ".bcfks"}

// scanConfigMapEntry judges one ConfigMap entry: a key store file, or a
// value (binary values only when they are text).
func scanConfigMapEntry(key, value string, binary bool) (match, bool) {
	if slices.Contains(keyStoreExts, strings.ToLower(path.Ext(key))) && value != "" {
		return match{Rule: ruleKeyStore, Secret: value}, true
	}
	if binary && (!utf8.ValidString(value) || strings.IndexByte(value, 0) >= 0) {
		return match{}, false
	}
	return scanValue(key, value)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

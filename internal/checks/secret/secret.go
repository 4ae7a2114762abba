// Package secret holds the checks for credentials in manifests: values
// hard-coded in container environments, ConfigMaps and annotations (found by
// gitleaks' maintained rule set plus Palisade's own heuristics), and Secrets
// handed to containers as environment variables.
package secret

import (
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// Checks returns the secret checks.
func Checks() []*check.Check {
	return []*check.Check{hardcodedEnv, hardcodedConfigMap, hardcodedAnnotation, secretInEnv}
}

// hardcodedRefs are the framework references shared by the hard-coded
// credential checks: credentials in files (the manifests) and readable
// through the container API.
var hardcodedRefs = map[string][]string{check.NSA: {"secrets"}, check.MITRE: {"T1552.001", "T1552.007"}}

// objectCheck builds a check that runs fn on every object it selects; an
// object with no problem is reported as passing at passPath.
func objectCheck(m check.Meta, objects func(*inventory.Inventory) []*inventory.Object, passPath string,
	fn func(o *inventory.Object, fail func(path, msg string))) *check.Check {
	m.Category = "secret"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, o := range objects(inv) {
			failed := false
			fn(o, func(path, msg string) {
				failed = true
				report(check.Result{Object: o, Path: path, Message: msg})
			})
			if !failed {
				report(check.Result{Object: o, Status: check.Pass, Path: passPath})
			}
		}
	}}
}

// withRules wraps a check that uses the gitleaks rules so that, when they
// could not be loaded, the run says that only the heuristics ran.
func withRules(c *check.Check) *check.Check {
	run := c.Run
	c.Run = func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
		run(inv, opts, report)
		if err := rulesError(); err != nil {
			report(check.Result{Status: check.NotChecked, Message: "only Palisade's own heuristics ran: " + err.Error()})
		}
	}
	return c
}

// templateCheck builds a check that runs fn on every pod template; a
// template with no problem is reported as passing.
func templateCheck(m check.Meta, fn func(pt *inventory.PodTemplate, fail func(path, msg string))) *check.Check {
	m.Category = "secret"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, pt := range inv.PodTemplates {
			failed := false
			fn(pt, func(path, msg string) {
				failed = true
				report(check.Result{Object: pt.Object, Path: path, Message: msg})
			})
			if !failed {
				report(check.Result{Object: pt.Object, Status: check.Pass, Path: pt.SpecPath})
			}
		}
	}}
}

// who names a container for messages: `container "app"`, `init container "x"`.
func who(c inventory.Container) string { return c.Describe() }

func quote(s string) string { return `"` + s + `"` }

// keyPath is the path of a map entry whose key may contain dots:
// data["tls.key"], metadata.annotations["example.com/token"].
func keyPath(prefix, key string) string { return prefix + `["` + key + `"]` }

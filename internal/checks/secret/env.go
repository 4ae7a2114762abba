package secret

import (
	"fmt"
	"strconv"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

var hardcodedEnv = withRules(templateCheck(check.Meta{
	ID:       "hardcoded-secret-env",
	Title:    "Hard-coded credential in a container environment variable",
	Severity: check.High,
	Rationale: "A credential written into env[].value is stored in the manifest, in version control and in the object, " +
		"where anyone who can read the workload (or its last-applied annotation, or the pod) sees it; it cannot be rotated without a redeploy.",
	Remediation: "Move the credential into a Secret (or an external secret store) and mount it as a file, " +
		"or at least reference it with env[].valueFrom.secretKeyRef; rotate the exposed credential.",
	Frameworks: hardcodedRefs,
}, func(pt *inventory.PodTemplate, fail func(path, msg string)) {
	for _, c := range pt.Containers() {
		for i, e := range c.Env {
			if e.ValueFrom != nil {
				continue
			}
			if m, ok := scanValue(e.Name, e.Value); ok {
				fail(envPath(c, i)+".value", fmt.Sprintf("env var %q of %s holds a hard-coded credential%s", e.Name, who(c), m))
			}
		}
	}
}))

var secretInEnv = templateCheck(check.Meta{
	ID:       "secret-in-env",
	Title:    "Secret consumed as an environment variable",
	Severity: check.Low,
	Rationale: "Environment variables leak: they are inherited by every child process, shown by /proc/<pid>/environ, " +
		"printed in crash dumps and debug logs, and not updated when the Secret changes. Secrets mounted as files avoid all of this.",
	Remediation: "Mount the Secret as a volume (optionally with items and a restrictive defaultMode) and have the application read the file, " +
		"instead of env[].valueFrom.secretKeyRef or envFrom[].secretRef.",
	Frameworks: map[string][]string{check.CIS: {"5.4.1"}},
}, func(pt *inventory.PodTemplate, fail func(path, msg string)) {
	for _, c := range pt.Containers() {
		for i, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				ref := e.ValueFrom.SecretKeyRef
				fail(envPath(c, i)+".valueFrom.secretKeyRef",
					fmt.Sprintf("env var %q of %s is read from key %q of Secret %q", e.Name, who(c), ref.Key, ref.Name))
			}
		}
		for i, ef := range c.EnvFrom {
			if ef.SecretRef != nil {
				fail(c.Path+".envFrom["+strconv.Itoa(i)+"].secretRef",
					fmt.Sprintf("%s takes every key of Secret %q as environment variables", who(c), ef.SecretRef.Name))
			}
		}
	}
})

func envPath(c inventory.Container, i int) string {
	return c.Path + ".env[" + strconv.Itoa(i) + "]"
}

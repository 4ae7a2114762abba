package pss

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
)

func emptyPod() *corev1.PodSpec { return &corev1.PodSpec{} }

func inventoryOf(t *testing.T, yaml string) *inventory.Inventory {
	t.Helper()
	return checktest.Decode(t, "test.yaml", []byte(yaml))
}

// statuses runs every check and returns "status" or "status: message" by
// check ID, for an inventory of one pod template; a check that reports
// nothing is absent.
func statuses(t *testing.T, inv *inventory.Inventory, opts *check.Options) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range Checks() {
		c.Run(inv, opts, func(r check.Result) {
			if _, dup := out[c.ID]; dup {
				t.Fatalf("%s reported twice for one pod template", c.ID)
			}
			s := string(r.Status)
			if r.Message != "" {
				s += ": " + r.Message
			}
			out[c.ID] = s
		})
	}
	return out
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: ns
`

// TestLevelsAndVersions checks that the chosen level and version change the
// verdicts where upstream changed the standards.
func TestLevelsAndVersions(t *testing.T) {
	tests := []struct {
		name, yaml, level, version string
		want                       map[string]string // check ID → status prefix; "" means no result
	}{
		{"baseline does not report restricted checks", pod + "spec: {containers: [{name: a, image: a}]}", "baseline", "latest", map[string]string{
			"pss-runasnonroot": "", "pss-allowprivilegeescalation": "", "pss-seccompprofile-restricted": "",
			"pss-capabilities-restricted": "", "pss-restrictedvolumes": "", "pss-runasuser": "", "pss-procmount-restricted": "",
			"pss-privileged": "pass", "pss-seccompprofile-baseline": "pass", "pss-capabilities-baseline": "pass",
		}},
		{"restricted reports restricted checks", pod + "spec: {containers: [{name: a, image: a}]}", "restricted", "latest", map[string]string{
			"pss-runasnonroot":              `fail: runAsNonRoot != true: pod or container "a" must set securityContext.runAsNonRoot=true`,
			"pss-allowprivilegeescalation":  "fail",
			"pss-seccompprofile-restricted": "fail",
			"pss-capabilities-restricted":   "fail",
			"pss-privileged":                "pass",
			"pss-seccompprofile-baseline":   "not-applicable: not evaluated at restricted:latest: superseded by seccompProfile_restricted",
		}},
		{"seccomp required only from v1.19", pod + "spec: {containers: [{name: a, image: a}]}", "restricted", "v1.18", map[string]string{
			"pss-seccompprofile-restricted": "not-applicable: not part of the Pod Security Standards at restricted:v1.18 (added in v1.19)",
			"pss-seccompprofile-baseline":   "pass",
		}},
		{"seccomp required at v1.19", pod + "spec: {containers: [{name: a, image: a}]}", "restricted", "v1.19", map[string]string{
			"pss-seccompprofile-restricted": "fail",
		}},
		{"seccomp annotations judged before v1.19", pod + "  annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}\nspec: {containers: [{name: a, image: a}]}", "baseline", "v1.18", map[string]string{
			"pss-seccompprofile-baseline": `fail: seccompProfile: forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"`,
		}},
		{"seccomp annotations ignored from v1.19", pod + "  annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}\nspec: {containers: [{name: a, image: a}]}", "baseline", "v1.19", map[string]string{
			"pss-seccompprofile-baseline": "pass",
		}},
		{"capabilities before v1.22: baseline rule at restricted", pod + "spec: {containers: [{name: a, image: a, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]}", "restricted", "v1.21", map[string]string{
			"pss-capabilities-baseline":   "fail",
			"pss-capabilities-restricted": "not-applicable",
		}},
		{"capabilities from v1.22: restricted rule supersedes", pod + "spec: {containers: [{name: a, image: a, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]}", "restricted", "v1.22", map[string]string{
			"pss-capabilities-baseline":   "not-applicable: not evaluated at restricted:v1.22: superseded by capabilities_restricted",
			"pss-capabilities-restricted": "fail",
		}},
		{"sysctl unsafe before v1.37", pod + "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_notsent_lowat, value: '1'}]}, containers: [{name: a, image: a}]}", "baseline", "v1.36", map[string]string{
			"pss-sysctls": "fail: forbidden sysctls: net.ipv4.tcp_notsent_lowat",
		}},
		{"sysctl safe from v1.37", pod + "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_notsent_lowat, value: '1'}]}, containers: [{name: a, image: a}]}", "baseline", "latest", map[string]string{
			"pss-sysctls": "pass",
		}},
		{"windows pod not exempt before v1.25", pod + "spec: {os: {name: windows}, containers: [{name: a, image: a}]}", "restricted", "v1.24", map[string]string{
			"pss-allowprivilegeescalation":  "fail",
			"pss-capabilities-restricted":   "fail",
			"pss-seccompprofile-restricted": "fail",
		}},
		{"windows pod exempt from v1.25", pod + "spec: {os: {name: windows}, containers: [{name: a, image: a}]}", "restricted", "v1.25", map[string]string{
			"pss-allowprivilegeescalation":  "pass",
			"pss-capabilities-restricted":   "pass",
			"pss-seccompprofile-restricted": "pass",
		}},
		{"runAsUser=0 allowed before v1.23", pod + "spec: {securityContext: {runAsUser: 0}, containers: [{name: a, image: a}]}", "restricted", "v1.22", map[string]string{
			"pss-runasuser": "not-applicable",
		}},
		{"runAsUser=0 forbidden from v1.23", pod + "spec: {securityContext: {runAsUser: 0}, containers: [{name: a, image: a}]}", "restricted", "v1.23", map[string]string{
			"pss-runasuser": "fail: runAsUser=0: pod must not set runAsUser=0",
		}},
		{"user namespace does not relax procMount before v1.35", pod + "spec: {hostUsers: false, containers: [{name: a, image: a, securityContext: {procMount: Unmasked}}]}", "baseline", "v1.34", map[string]string{
			"pss-procmount": `fail: procMount: container "a" must not set securityContext.procMount to "Unmasked"`,
		}},
		{"user namespace relaxes baseline procMount from v1.35", pod + "spec: {hostUsers: false, containers: [{name: a, image: a, securityContext: {procMount: Unmasked}}]}", "baseline", "v1.35", map[string]string{
			"pss-procmount":            "pass",
			"pss-procmount-restricted": "",
		}},
		{"probe host allowed before v1.34", pod + "spec: {containers: [{name: a, image: a, livenessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}}]}", "baseline", "v1.33", map[string]string{
			"pss-hostprobesandhostlifecycle": "not-applicable: not part of the Pod Security Standards at baseline:v1.33 (added in v1.34)",
		}},
		{"probe host forbidden from v1.34", pod + "spec: {containers: [{name: a, image: a, livenessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}}]}", "baseline", "v1.34", map[string]string{
			"pss-hostprobesandhostlifecycle": `fail: probe or lifecycle host: container "a" uses probe or lifecycle host "10.0.0.1"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := statuses(t, inventoryOf(t, tt.yaml), &check.Options{PSSLevel: tt.level, PSSVersion: tt.version})
			for id, want := range tt.want {
				g, ok := got[id]
				switch {
				case want == "" && ok:
					t.Errorf("%s: got %q, want no result", id, g)
				case want != "" && !strings.HasPrefix(g, want):
					t.Errorf("%s: got %q, want %q", id, g, want)
				}
			}
		})
	}
}

// TestBaselineReportsNoRestrictedCheck checks every restricted check stays
// silent at baseline, at every version, on a pod that fails them all.
func TestBaselineReportsNoRestrictedCheck(t *testing.T) {
	inv := inventoryOf(t, pod+"spec: {securityContext: {runAsUser: 0}, volumes: [{name: v, nfs: {server: s, path: /}}], containers: [{name: a, image: a, securityContext: {procMount: Unmasked}}]}")
	for _, version := range []string{"v1.0", "v1.22", "latest"} {
		got := statuses(t, inv, &check.Options{PSSLevel: "baseline", PSSVersion: version})
		for _, e := range table {
			_, reported := got[e.meta.ID]
			if want := e.level == api.LevelBaseline; reported != want {
				t.Errorf("baseline/%s: %s (%s) reported=%v, want %v", version, e.meta.ID, e.level, reported, want)
			}
		}
	}
}

func TestOptionsErrorsAndDefaults(t *testing.T) {
	inv := inventoryOf(t, pod+"spec: {containers: [{name: a, image: a}]}")
	c := byID(t, "pss-runasnonroot")

	got := checktest.Results(c, inv, &check.Options{PSSLevel: "strict"})
	if len(got) != 1 || !strings.HasPrefix(got[0], "not-checked - ") || !strings.Contains(got[0], "--pss-level must be baseline or restricted") {
		t.Errorf("invalid level: got %q", got)
	}
	got = checktest.Results(c, inv, &check.Options{PSSLevel: "baseline", PSSVersion: "1.30"})
	if len(got) != 1 || !strings.Contains(got[0], "--pss-version") {
		t.Errorf("invalid version: got %q", got)
	}
	// Selected by ID with no level: the check runs at its own level, latest.
	for _, opts := range []*check.Options{nil, {}} {
		got = checktest.Results(c, inv, opts)
		if len(got) != 1 || !strings.HasPrefix(got[0], "fail Pod/ns/p spec") {
			t.Errorf("no level (%v): got %q", opts, got)
		}
	}
}

func byID(t *testing.T, id string) *check.Check {
	t.Helper()
	for _, c := range Checks() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s", id)
	return nil
}

// manyPods is an inventory of n pods that each fail a few checks.
func manyPods(t *testing.T, n int) *inventory.Inventory {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "---\n%sspec: {hostPID: %v, containers: [{name: c%d, image: a, securityContext: {runAsUser: %d}}]}\n",
			strings.Replace(pod, "name: p", fmt.Sprintf("name: p%d", i), 1), i%2 == 0, i, i%3)
	}
	return inventoryOf(t, b.String())
}

// TestConcurrentChecksShareOneEvaluation runs every check concurrently, as
// the engine does (run with -race), and compares with a sequential run on a
// fresh inventory.
func TestConcurrentChecksShareOneEvaluation(t *testing.T) {
	lv := api.LevelVersion{Level: api.LevelRestricted, Version: api.LatestVersion()}
	sequential := map[string][]string{}
	seqInv := manyPods(t, 20)
	for _, c := range Checks() {
		sequential[c.ID] = checktest.Results(c, seqInv, restrictedLatest)
	}

	inv := manyPods(t, 20)
	checks := Checks()
	concurrent := make([][]string, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Go(func() { concurrent[i] = checktest.Results(c, inv, restrictedLatest) })
	}
	wg.Wait()
	for i, c := range checks {
		if !slices.Equal(concurrent[i], sequential[c.ID]) {
			t.Errorf("%s: concurrent run differs:\n%s\nsequential:\n%s", c.ID, strings.Join(concurrent[i], "\n"), strings.Join(sequential[c.ID], "\n"))
		}
	}
	if a, b := verdictsFor(inv, lv), verdictsFor(inv, lv); a != b || len(a.byTemplate) != 20 {
		t.Errorf("verdicts not shared: %p %p, %d templates", a, b, len(a.byTemplate))
	}
}

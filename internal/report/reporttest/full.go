package reporttest

import (
	"fmt"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Full is Sample with every analysis filled in by hand: risk scores and
// their factors, baseline marks, fixes (one risky), framework results (two
// scored with namespace scores, one that could not be scored), a
// not-checked finding, a passing one, and text that renderers must escape
// (HTML, Markdown and YAML specials).
func Full() *report.Report {
	r := Sample()
	risks := []*report.Risk{
		{Score: 92, Factors: []string{"privileged: can escape to the node", "exposed through LoadBalancer service shop/api"}},
		{Score: 31, Factors: []string{"exposed through LoadBalancer service shop/api"}},
		{Score: 70, Factors: []string{"runs in kube-system"}},
		{Score: 12},
		{Score: 64, Factors: []string{"node-level: every pod on the node"}},
		{Score: 45, Factors: []string{"bound to group system:authenticated"}},
	}
	for i := range r.Findings {
		r.Findings[i].Risk = risks[i]
		r.Findings[i].Baseline = "existing"
	}
	r.Findings[0].Baseline = "new"
	r.Findings[0].Fix = &report.Fix{
		Description: "Set privileged to false.",
		Snippet:     "spec:\n  template:\n    spec:\n      containers:\n        - name: api\n          securityContext:\n            privileged: false\n",
		Risky:       true,
	}
	r.Findings[1].Fix = &report.Fix{
		Description: "Pin the image to a digest.",
		Snippet:     "image: shop/api@sha256:<digest>  # \"<&>\"\n",
	}
	r.Findings = append(r.Findings, full(checkByID(r, "host-pid"))...)
	r.Summary.Failed[check.High]++
	r.Summary.Passed = 1
	r.Checks = append(r.Checks, hostNetwork, secretEnv)
	r.Summary.Checks = len(r.Checks)
	r.Frameworks = frameworks()
	return r
}

// FullWithBaseline is Full with the summary of a comparison with a
// baseline: the report of a scan run with --baseline.
func FullWithBaseline() *report.Report {
	r := Full()
	r.Summary.Baseline = &report.BaselineSummary{File: "previous.json", New: 2, Existing: 5, Fixed: 1}
	return r
}

var (
	hostNetwork = check.Meta{
		ID: "host-network", Title: "Pod uses the host network", Severity: check.High,
		Category:    "workload",
		Rationale:   "The host network exposes node services and bypasses NetworkPolicies.",
		Remediation: "Remove hostNetwork.",
		Frameworks:  map[string][]string{check.CIS: {"5.2.5"}, check.PSS: {"baseline/host-namespaces"}},
	}
	secretEnv = check.Meta{
		ID: "secret-in-env", Title: "Secret value in an environment variable", Severity: check.Medium,
		Category:    "secrets",
		Rationale:   "Environment variables leak through logs, crash dumps and `kubectl describe`.",
		Remediation: "Mount the secret as a file.",
	}
)

// full returns the findings that only Full has.
func full(hostPID check.Meta) []report.Finding {
	batch := inventory.Ref{APIVersion: "batch/v1", Kind: "CronJob", Namespace: "web", Name: "report-<nightly>"}
	hostNet := finding(hostNetwork, batch, "spec.jobTemplate.spec.template.spec.hostNetwork",
		&inventory.Location{File: "deploy/cron.yaml", Line: 9, Column: 7},
		`hostNetwork: true | exposes <script>alert("x")</script> & *node* ports`)
	hostNet.Risk = &report.Risk{Score: 58, Factors: []string{"host network"}}
	hostNet.Baseline = "new"
	hostNet.Fix = &report.Fix{Description: "Remove hostNetwork.", Snippet: "# remove:\nhostNetwork: true\n", Risky: true}

	unread := finding(secretEnv, inventory.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "api"},
		"spec.template.spec.containers[0].env", nil, "secrets could not be listed: forbidden")
	unread.Status = check.NotChecked

	pass := finding(hostPID, inventory.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "web", Name: "frontend"},
		"spec.template.spec.hostPID", &inventory.Location{File: "charts/web/templates/deployment.yaml"}, "hostPID is not set")
	pass.Status = check.Pass
	return []report.Finding{hostNet, unread, pass}
}

func checkByID(r *report.Report, id string) check.Meta {
	for _, m := range r.Checks {
		if m.ID == id {
			return m
		}
	}
	panic("reporttest: the sample has no check " + id)
}

func frameworks() []report.FrameworkResult {
	return []report.FrameworkResult{
		{
			Name: check.CIS, Title: "CIS Kubernetes Benchmark v1.12", Score: score(62.5),
			Statuses:   map[string]int{"fail": 2, "pass": 1, "manual": 1},
			Namespaces: map[string]float64{"shop": 50, "web": 75},
			Controls: []report.ControlResult{
				{ID: "4.2.1", Title: "Ensure that the --anonymous-auth argument is set to false", Status: "fail",
					Checks: []string{"kubelet-anonymous-auth"}, Failed: 1},
				{ID: "5.2.2", Title: "Minimize the admission of privileged containers", Status: "fail",
					Checks: []string{"privileged-container"}, Passed: 3, Failed: 1},
				{ID: "5.2.5", Title: "Minimize the admission of containers wishing to share the host network namespace",
					Status: "pass", Checks: []string{"host-network"}, Passed: 4},
				{ID: "5.7.1", Title: "Create administrative boundaries between resources using namespaces",
					Status: "manual", Guidance: "List the namespaces and check that each team has its own."},
			},
		},
		{
			Name: check.PSS, Title: "Pod Security Standards", Score: score(87.5),
			Statuses:   map[string]int{"fail": 1, "pass": 1},
			Namespaces: map[string]float64{"shop": 100, "web": 75},
			Controls: []report.ControlResult{
				{ID: "baseline/privileged", Title: "Privileged containers", Status: "pass",
					Checks: []string{"privileged-container"}, Passed: 4},
				{ID: "baseline/host-namespaces", Title: "Host namespaces", Status: "fail",
					Checks: []string{"host-pid", "host-network"}, Passed: 3, Failed: 1},
			},
		},
		{
			// No control could be decided: no score, rather than 0 or 100.
			Name: check.NSA, Title: "NSA-CISA Kubernetes Hardening Guide",
			Statuses: map[string]int{"not-checked": 1},
			Controls: []report.ControlResult{
				{ID: "Protecting Pod secrets", Title: "Keep secrets out of environment variables", Status: "not-checked",
					Checks: []string{"secret-in-env"}, NotChecked: 1, Reason: "secrets could not be listed: forbidden"},
			},
		},
	}
}

func score(v float64) *float64 { return &v }

// Large is Full with its findings repeated, under distinct resource names
// and over 50 namespaces, until there are n: the load for renderer
// benchmarks.
func Large(n int) *report.Report {
	r := Full()
	base := r.Findings
	r.Findings = make([]report.Finding, 0, n)
	for i := 0; len(r.Findings) < n; i++ {
		for _, f := range base {
			if len(r.Findings) == n {
				break
			}
			f.Resource.Name = fmt.Sprintf("%s-%d", f.Resource.Name, i)
			if f.Resource.Namespace != "" {
				f.Resource.Namespace = fmt.Sprintf("ns-%d", i%50)
			}
			r.Findings = append(r.Findings, f)
		}
	}
	return r
}

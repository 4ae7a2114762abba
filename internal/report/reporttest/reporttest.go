// Package reporttest provides the sample reports that every renderer's tests
// render, so the formats are compared on the same findings, and the helpers
// that render them in a test.
package reporttest

import (
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Sample is the report every renderer test renders: findings
// across severities, one excepted, one without any file location, one in a
// file without line numbers (rendered Helm output), one error and one
// coverage gap.
func Sample() *report.Report {
	privileged := check.Meta{
		ID: "privileged-container", Title: "Container runs privileged", Severity: check.Critical,
		Category:    "workload",
		Rationale:   "A privileged container has every capability of the host and can escape to the node.",
		Remediation: "Set securityContext.privileged to false.",
		Frameworks: map[string][]string{
			check.CIS: {"5.2.2"}, check.NSA: {"Pod security: non-root containers"},
			check.MITRE: {"T1611"}, check.PSS: {"baseline/privileged"},
		},
	}
	anonymous := check.Meta{
		ID: "kubelet-anonymous-auth", Title: "Kubelet allows anonymous requests", Severity: check.High,
		Category:    "kubelet",
		Rationale:   "Anonymous requests reach the kubelet API without credentials.",
		Remediation: "Set authentication.anonymous.enabled to false.",
		Frameworks:  map[string][]string{check.CIS: {"4.2.1"}},
	}
	wildcard := check.Meta{
		ID: "rbac-wildcard-verbs", Title: "Role grants every verb", Severity: check.Medium,
		Category:    "rbac",
		Rationale:   "Wildcards grant verbs that do not exist yet, including future escalation paths.",
		Remediation: "List the verbs the role needs.",
		Frameworks:  map[string][]string{check.MITRE: {"T1078"}},
	}
	latest := check.Meta{
		ID: "image-tag-latest", Title: "Image uses the latest tag", Severity: check.Low,
		Category:    "image",
		Rationale:   "A mutable tag makes deployments unreproducible.",
		Remediation: "Pin the image to a version or digest.",
	}
	hostPID := check.Meta{
		ID: "host-pid", Title: "Pod shares the host PID namespace", Severity: check.High,
		Category:    "workload",
		Rationale:   "Sharing the host PID namespace exposes every process on the node.",
		Remediation: "Remove hostPID.",
		Frameworks:  map[string][]string{check.PSS: {"baseline/host-namespaces"}},
	}
	api := inventory.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "api"}
	return &report.Report{
		Tool:   report.Tool{Name: "palisade", Version: "0.1.0-test"},
		Checks: []check.Meta{hostPID, latest, anonymous, privileged, wildcard},
		Findings: []report.Finding{
			finding(privileged, api, "spec.template.spec.containers[0].securityContext.privileged",
				&inventory.Location{File: "deploy/api.yaml", Line: 31, Column: 13},
				`container "api" runs privileged`),
			finding(latest, api, "spec.template.spec.containers[0].image",
				&inventory.Location{File: "deploy/api.yaml", Line: 24, Column: 16},
				`image "shop/api:latest" uses the latest tag`),
			excepted(finding(privileged,
				inventory.Ref{APIVersion: "apps/v1", Kind: "DaemonSet", Namespace: "kube-system", Name: "node-agent"},
				"spec.template.spec.containers[0].securityContext.privileged",
				&inventory.Location{File: "deploy/agent.yaml", Line: 40, Column: 15},
				`container "agent" runs privileged`), "the agent loads eBPF programs"),
			finding(latest, inventory.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "web", Name: "frontend"},
				"spec.template.spec.containers[1].image",
				&inventory.Location{File: "charts/web/templates/deployment.yaml"},
				`image "nginx" has no tag, which means latest`),
			finding(anonymous, inventory.Ref{APIVersion: "kubelet.config.k8s.io/v1beta1", Kind: "KubeletConfiguration"},
				"authentication.anonymous.enabled",
				&inventory.Location{File: "node/kubelet-config.yaml", Line: 5, Column: 16},
				"anonymous authentication is enabled"),
			finding(wildcard, inventory.Ref{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRole", Name: "ops-admin"},
				"rules[0].verbs", nil, `rule 0 grants "*" on pods`),
		},
		Errors: []report.Error{{File: "deploy/broken.yaml", Line: 12, Message: "mapping values are not allowed in this context"}},
		Coverage: []report.Coverage{{Resource: "secrets", Status: "forbidden",
			Message: `secrets is forbidden: User "ci" cannot list resource "secrets"`}},
		Summary: report.Summary{
			Objects:  9,
			Failed:   map[check.Severity]int{check.Critical: 1, check.High: 1, check.Medium: 1, check.Low: 2},
			Excepted: 1, Errors: 1, Checks: 5, DurationMS: 42,
		},
	}
}

func finding(m check.Meta, ref inventory.Ref, path string, loc *inventory.Location, msg string) report.Finding {
	return report.Finding{
		Check:  report.CheckRef{ID: m.ID, Title: m.Title, Severity: m.Severity, Frameworks: m.Frameworks},
		Status: check.Fail, Resource: ref, Path: path, Location: loc, Message: msg, Remediation: m.Remediation,
	}
}

func excepted(f report.Finding, reason string) report.Finding {
	f.Status = check.Excepted
	f.Exception = &report.Exception{Reason: reason, Source: "annotation"}
	return f
}

// Empty is a report of a scan that found nothing: the tool and no more.
func Empty() *report.Report {
	return &report.Report{Tool: report.Tool{Name: "palisade", Version: "0.1.0-test"}}
}

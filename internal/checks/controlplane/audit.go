package controlplane

import (
	"fmt"

	"k8s.io/apiserver/pkg/apis/audit"
	auditv1 "k8s.io/apiserver/pkg/apis/audit/v1"
	"k8s.io/apiserver/pkg/audit/policy"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// auditPolicyCheck is CIS 3.2.2: the audit policy, evaluated with the API
// server's own rule evaluator on requests that matter.
func auditPolicyCheck() *check.Check {
	m := check.Meta{ID: "apiserver-audit-policy-coverage", Title: "The audit policy covers the key security concerns", Severity: check.Medium,
		Category:    "control-plane",
		Rationale:   "An audit policy decides what the API server records: access to secrets, configmaps and token reviews should be logged at Metadata (never with their contents), exec, attach and port-forward should be logged, and ordinary requests should not fall through to level None.",
		Remediation: "Log secrets, configmaps and tokenreviews at level Metadata, pods/exec, pods/attach and pods/portforward at Metadata or above, and end the policy with a catch-all rule at Metadata.",
		Frameworks:  map[string][]string{check.CIS: {"3.2.2"}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		runConfigFile(inv, auditv1.SchemeGroupVersion.WithKind("Policy").GroupKind(), "audit-policy-file", "apiserver-audit-policy-file",
			func(o *inventory.Object) []check.Result { return judgeAuditPolicy(inv, o) }, report)
	}}
}

// auditProbe is a request the policy must record at a level.
type auditProbe struct {
	what string
	attr authorizer.AttributesRecord
	// atMost is the highest acceptable level ("" for any), atLeast the lowest.
	atLeast, atMost audit.Level
}

var auditUser = &user.DefaultInfo{Name: "alice", Groups: []string{"system:authenticated"}}

func resourceRequest(verb, group, resource, sub string) authorizer.AttributesRecord {
	return authorizer.AttributesRecord{User: auditUser, Verb: verb, APIGroup: group, APIVersion: "v1", Resource: resource,
		Subresource: sub, Namespace: "default", Name: "x", ResourceRequest: true}
}

var auditProbes = []auditProbe{
	{"reading secrets", resourceRequest("get", "", "secrets", ""), audit.LevelMetadata, audit.LevelMetadata},
	{"reading configmaps", resourceRequest("get", "", "configmaps", ""), audit.LevelMetadata, audit.LevelMetadata},
	{"creating tokenreviews", resourceRequest("create", "authentication.k8s.io", "tokenreviews", ""), audit.LevelMetadata, audit.LevelMetadata},
	{"exec into pods", resourceRequest("create", "", "pods", "exec"), audit.LevelMetadata, ""},
	{"attaching to pods", resourceRequest("create", "", "pods", "attach"), audit.LevelMetadata, ""},
	{"port-forwarding to pods", resourceRequest("create", "", "pods", "portforward"), audit.LevelMetadata, ""},
	{"creating deployments (any other request)", resourceRequest("create", "apps", "deployments", ""), audit.LevelMetadata, ""},
}

func judgeAuditPolicy(inv *inventory.Inventory, o *inventory.Object) []check.Result {
	v1, ok := o.Typed.(*auditv1.Policy)
	if !ok {
		return []check.Result{untypedDoc(inv, o, auditv1.SchemeGroupVersion.String())}
	}
	internal := &audit.Policy{}
	if err := auditv1.Convert_v1_Policy_To_audit_Policy(v1, internal, nil); err != nil {
		return []check.Result{{Object: o, Status: check.NotChecked, Message: "the policy could not be read: " + err.Error()}}
	}
	eval := policy.NewPolicyRuleEvaluator(internal)
	var out []check.Result
	for _, p := range auditProbes {
		level := eval.EvaluatePolicyRule(p.attr).Level
		switch {
		case level.Less(p.atLeast):
			out = append(out, check.Result{Object: o, Status: check.Fail, Path: "rules",
				Message: fmt.Sprintf("%s is recorded at level %s: it is not logged", p.what, level)})
		case p.atMost != "" && p.atMost.Less(level):
			out = append(out, check.Result{Object: o, Status: check.Fail, Path: "rules",
				Message: fmt.Sprintf("%s is recorded at level %s: the audit log holds their contents", p.what, level)})
		}
	}
	if len(out) == 0 {
		out = append(out, check.Result{Object: o, Status: check.Pass, Path: "rules", Message: "secrets, configmaps and tokenreviews are logged at Metadata; exec, attach, port-forward and other requests are logged"})
	}
	return out
}

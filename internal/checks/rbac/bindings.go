package rbac

import (
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/rbac"
)

// subjectCheck builds a check that judges each subject of each judged
// binding: flagged returns the message of a failing subject, or "".
// Bindings with no failing subject pass.
func subjectCheck(m check.Meta, flagged func(v *view, b *rbac.Binding, s rbacv1.Subject) string) *check.Check {
	m.Category = category
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
		v := viewOf(inv)
		for _, b := range v.judged(opts) {
			failed := false
			for i := range b.Subjects {
				s, ok := b.Subject(i)
				if !ok {
					continue
				}
				msg := flagged(v, b, s)
				if msg == "" {
					continue
				}
				failed = true
				t, _ := v.tierOf(s)
				report(check.Result{Object: b.Object, Path: subjectPath(i), Message: msg, Severity: severity(m.Severity, t, oneNamespace(b))})
			}
			if !failed {
				report(check.Result{Object: b.Object, Status: check.Pass, Path: "subjects"})
			}
		}
	}}
}

// holder names a subject with why its tier was chosen.
func (v *view) holder(s rbacv1.Subject) string {
	who := rbac.DescribeSubject(s)
	if _, why := v.tierOf(s); why != "" {
		who += " (" + why + ")"
	}
	return who
}

var clusterAdmin = subjectCheck(check.Meta{
	ID:          "rbac-cluster-admin-binding",
	Title:       "cluster-admin granted",
	Severity:    check.Critical,
	Rationale:   "cluster-admin allows every action on every resource; bound cluster-wide it makes its holder the owner of the cluster, bound in a namespace the owner of everything in it. One leaked credential of a holder is a takeover.",
	Remediation: "Bind cluster-admin only to a small break-glass group; give everyone else a role with the verbs and resources their work needs.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.1"}, check.NSA: {"rbac"}, check.MITRE: {"T1078", "T1098"}},
}, func(v *view, b *rbac.Binding, s rbacv1.Subject) string {
	if b.RoleRef.Kind != "ClusterRole" || b.RoleRef.Name != "cluster-admin" {
		return ""
	}
	return v.holder(s) + " holds cluster-admin " + scopeText(b) + " through " + b.Describe()
})

var defaultServiceAccount = subjectCheck(check.Meta{
	ID:          "rbac-default-service-account",
	Title:       "Rights granted to a default service account",
	Severity:    check.Medium,
	Rationale:   "Every pod that names no service account runs as its namespace's default account; rights bound to it go to all of them, including pods added later for other purposes.",
	Remediation: "Bind the rights to a dedicated ServiceAccount that only the workload needing them uses, and leave the default account without bindings.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.5"}, check.NSA: {"service-account-tokens"}, check.MITRE: {"T1078.001"}},
}, func(v *view, b *rbac.Binding, s rbacv1.Subject) string {
	if s.Kind != rbacv1.ServiceAccountKind || s.Name != "default" {
		return ""
	}
	return v.holder(s) + " is a default service account and is granted " + b.RoleRef.Kind + " " + b.RoleRef.Name + " " + scopeText(b) + " through " + b.Describe()
})

var systemMasters = subjectCheck(check.Meta{
	ID:          "rbac-system-masters",
	Title:       "system:masters used",
	Severity:    check.Critical,
	Rationale:   "Members of system:masters are allowed everything before RBAC is consulted; no binding can limit them and removing a binding does not revoke them. Naming the group in bindings signals credentials issued with it.",
	Remediation: "Do not issue credentials in the system:masters group; bind a dedicated group to the role it needs, and remove system:masters from the binding.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.7"}, check.NSA: {"rbac"}, check.MITRE: {"T1078", "T1098"}},
}, func(v *view, b *rbac.Binding, s rbacv1.Subject) string {
	if s.Kind != rbacv1.GroupKind || s.Name != rbac.GroupMasters {
		return ""
	}
	return "Group system:masters is named in " + b.Describe() + "; its members are all-powerful whatever the binding grants"
})

var everyoneBinding = subjectCheck(check.Meta{
	ID:          "rbac-anonymous-or-authenticated-binding",
	Title:       "Rights granted to anonymous or all authenticated users",
	Severity:    check.High,
	Rationale:   "system:anonymous and system:unauthenticated are whoever reaches the API server without credentials; system:authenticated is every user and every service account token of the cluster. A grant to them is a grant to every attacker who reaches the API.",
	Remediation: "Bind the role to the specific users, groups or service accounts that need it, never to system:anonymous, system:unauthenticated or system:authenticated.",
	Frameworks:  map[string][]string{check.NSA: {"rbac"}, check.MITRE: {"T1078"}},
}, func(v *view, b *rbac.Binding, s rbacv1.Subject) string {
	if t, _ := v.tierOf(s); t != tierEveryone || addsNothing(b, s) {
		return ""
	}
	who := "every authenticated user and service account"
	if s.Name != rbac.GroupAuthenticated {
		who = "anyone, without credentials"
	}
	return rbac.DescribeSubject(s) + " (" + who + ") is granted " + b.RoleRef.Kind + " " + b.RoleRef.Name + " " + scopeText(b) + " through " + b.Describe()
})

// addsNothing reports whether a binding grants subject s (one that
// stands for everyone) only what Kubernetes' default bindings already
// grant it: get /healthz for anyone, discovery for every user.
func addsNothing(b *rbac.Binding, s rbacv1.Subject) bool {
	if b.Role == nil {
		return false // what it grants is unknown
	}
	u := rbac.User{Name: rbac.UserAnonymous, Groups: []string{rbac.GroupUnauthenticated}}
	if s.Name == rbac.GroupAuthenticated {
		u = rbac.User{Groups: []string{rbac.GroupAuthenticated}}
	}
	for _, r := range b.Rules() {
		if !rbac.GrantedByDefaults(u, &r.PolicyRule, b.Namespace) {
			return false
		}
	}
	return true
}

var csrApproval = &check.Check{Meta: check.Meta{
	ID:          "rbac-csr-approval",
	Title:       "Approval of certificate signing requests granted",
	Severity:    check.High,
	Rationale:   "update on certificatesigningrequests/approval together with approve on a signer lets a subject approve its own request for a client certificate in any group, system:masters included, for the signers it may approve.",
	Remediation: "Remove update and patch on certificatesigningrequests/approval or approve on signers; leave approval to the controller manager and to administrators.",
	Frameworks:  map[string][]string{check.CIS: {"5.1.11"}, check.NSA: {"rbac"}, check.MITRE: {"T1649"}},
	Category:    category,
}, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
	v := viewOf(inv)
	approvals := newGranted(pattern{verbs: []string{"update", "patch"}, group: "certificates.k8s.io", resources: []string{"certificatesigningrequests/approval"}, clusterScoped: true})
	signing := newGranted(pattern{verbs: []string{"approve"}, group: "certificates.k8s.io", resources: []string{"signers"}, clusterScoped: true, named: true})
	for _, b := range v.judged(opts) {
		if b.Role == nil {
			continue
		}
		approval, signers := approvals.by(b), signing.by(b)
		if len(approval.what) == 0 || len(signers.what) == 0 {
			report(check.Result{Object: b.Object, Status: check.Pass, Path: "roleRef"})
			continue
		}
		what := dedupe(slices.Concat(approval.what, signers.what)) // memoized: never append to them
		v.reportSubjects(b, check.High, func(subject string) string {
			return subject + " may approve certificate signing requests (" + what + ") " + scopeText(b) + " through " + approval.chain(b) + "; " + signers.chain(b)
		}, report)
	}
}}

var roleRef = &check.Check{Meta: check.Meta{
	ID:          "rbac-binding-role-ref",
	Title:       "Binding to a missing or invalid role",
	Severity:    check.Medium,
	Rationale:   "A binding to a role that does not exist grants nothing today, and everything the role will hold to whoever can create a role of that name tomorrow; a roleRef of the wrong kind never works. Both hide what was meant to be granted.",
	Remediation: "Create the role the binding names, or delete the binding; a ClusterRoleBinding must reference a ClusterRole.",
	Frameworks:  map[string][]string{check.NSA: {"rbac"}, check.MITRE: {"T1098"}},
	Category:    category,
}, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
	v := viewOf(inv)
	for _, b := range v.judged(opts) {
		r := check.Result{Object: b.Object, Path: "roleRef", Status: check.Pass}
		switch {
		case b.Role != nil:
		case b.Dangling || b.InvalidRef:
			r.Status, r.Message = check.Fail, b.Describe()+": "+b.Unresolved
		default:
			r.Status, r.Message = check.NotChecked, b.Describe()+": "+b.Unresolved+", so the RBAC checks could not judge what it grants"
			if len(v.model.Unread) > 0 {
				r.Message += " (not read: " + strings.Join(v.model.Unread, ", ") + ")"
			}
		}
		report(r)
	}
}}

var invalidSubject = &check.Check{Meta: check.Meta{
	ID:          "rbac-invalid-subject",
	Title:       "RBAC subject or aggregation that matches nothing",
	Severity:    check.Low,
	Rationale:   "A subject of an unknown kind, a service account without a namespace in a ClusterRoleBinding, or a malformed aggregation selector is silently ignored by the API server: the access someone meant to grant or aggregate does not exist.",
	Remediation: "Use subject kinds User, Group or ServiceAccount, give ServiceAccount subjects of ClusterRoleBindings a namespace, and fix the selector.",
	Frameworks:  map[string][]string{check.NSA: {"rbac"}},
	Category:    category,
}, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
	v := viewOf(inv)
	for _, p := range v.model.Problems {
		if p.Path == "roleRef" || p.Object == nil || v.skip(p.Object, opts) {
			continue // rbac-binding-role-ref reports roleRefs; Kubernetes' own are not judged
		}
		report(check.Result{Object: p.Object, Path: p.Path, Message: p.Message})
	}
}}

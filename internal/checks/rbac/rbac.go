// Package rbac holds the RBAC least-privilege checks: risky grants (CIS
// 5.1), bindings that grant to everyone, broken bindings, and workloads
// whose mounted token holds a dangerous grant. They read the effective
// permissions of internal/rbac, so wildcards, aggregated ClusterRoles,
// resourceNames and RoleBinding scoping count as the API server counts
// them.
//
// A finding is reported on the binding, at the subject that holds the
// grant; its severity starts from the check's (a service account,
// cluster-wide) and is raised for grants to everyone (anonymous or all
// authenticated users) and to service accounts that workloads run as,
// and lowered for named users and groups and for one namespace (other
// than kube-system, whose grants count as cluster-wide).
// Kubernetes' own bindings (system:*, kubeadm:*, the bootstrap defaults)
// are not judged; they always count in `palisade rbac who-can`.
package rbac

import (
	"strconv"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/workload"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/rbac"
)

const category = "rbac"

// Checks returns every RBAC check.
func Checks() []*check.Check {
	return []*check.Check{
		clusterAdmin, secretsAccess, wildcardRules, createPods, defaultServiceAccount,
		systemMasters, escalation, createPersistentVolumes, nodesProxy, csrApproval,
		admissionWebhooks, serviceAccountTokens, podExec, patchPodsNodes, kubeSystemConfigMaps,
		everyoneBinding, roleRef, invalidSubject, workloadToken,
	}
}

// view is what the checks share, computed once per inventory.
type view struct {
	model *rbac.Model
	// runsAs maps a service account to the workloads running as it;
	// namespaces holds the namespaces with workloads.
	runsAs     map[account][]*inventory.PodTemplate
	namespaces map[string]bool
}

// account names a service account, its namespace as the model names it.
type account struct{ namespace, name string }

type viewKey struct{}

func viewOf(inv *inventory.Inventory) *view {
	return inv.Derived(viewKey{}, func() any {
		v := &view{model: rbac.For(inv), runsAs: map[account][]*inventory.PodTemplate{}, namespaces: map[string]bool{}}
		for _, pt := range workloads(inv) {
			a := accountOf(pt)
			v.runsAs[a] = append(v.runsAs[a], pt)
			v.namespaces[a.namespace] = true
		}
		return v
	}).(*view)
}

// workloads are the pod templates that run pods (not PodTemplate objects).
func workloads(inv *inventory.Inventory) []*inventory.PodTemplate {
	var out []*inventory.PodTemplate
	for _, pt := range inv.PodTemplates {
		if pt.RunsPods() {
			out = append(out, pt)
		}
	}
	return out
}

// accountOf is the service account a workload's pods run as.
func accountOf(pt *inventory.PodTemplate) account {
	return account{rbac.NamespaceOf(pt.Object), workload.ServiceAccountName(pt.Spec)}
}

// tier ranks who holds a grant, from named users up to everyone.
type tier int

const (
	tierUser           tier = iota // a named user or group
	tierServiceAccount             // a service account no workload runs as
	tierWorkload                   // service accounts workloads run as
	tierEveryone                   // anonymous, or every authenticated user
)

// tierOf ranks a subject (as it applies, namespace filled in).
func (v *view) tierOf(s rbacv1.Subject) (tier, string) {
	switch {
	case s.Kind == rbacv1.UserKind && s.Name == rbac.UserAnonymous,
		s.Kind == rbacv1.GroupKind && (s.Name == rbac.GroupUnauthenticated || s.Name == rbac.GroupAuthenticated):
		return tierEveryone, "everyone"
	case s.Kind == rbacv1.ServiceAccountKind:
		if pts := v.runsAs[account{s.Namespace, s.Name}]; len(pts) > 0 {
			return tierWorkload, "run by " + pts[0].Object.Kind + " " + pts[0].Object.Name + more(len(pts)-1)
		}
		return tierServiceAccount, ""
	case s.Kind == rbacv1.GroupKind && s.Name == rbac.GroupServiceAccounts:
		if len(v.runsAs) > 0 {
			return tierWorkload, "every service account, including those workloads run as"
		}
		return tierServiceAccount, "every service account"
	case s.Kind == rbacv1.GroupKind && strings.HasPrefix(s.Name, rbac.GroupServiceAccounts+":"):
		if v.namespaces[strings.TrimPrefix(s.Name, rbac.GroupServiceAccounts+":")] {
			return tierWorkload, "every service account of the namespace, including those workloads run as"
		}
		return tierServiceAccount, "every service account of the namespace"
	}
	return tierUser, ""
}

func more(n int) string {
	if n == 0 {
		return ""
	}
	if n == 1 {
		return " and 1 more workload"
	}
	return " and " + strconv.Itoa(n) + " more workloads"
}

// severity raises or lowers base by who holds the grant and where: two
// steps up for everyone, one for a workload's service account, one down
// for a named user or group and one down for a single namespace; never
// above critical or below low.
func severity(base check.Severity, t tier, namespaced bool) check.Severity {
	rank := base.Rank()
	switch t {
	case tierEveryone:
		rank += 2
	case tierWorkload:
		rank++
	case tierUser:
		rank--
	}
	if namespaced {
		rank--
	}
	rank = max(check.Low.Rank(), min(check.Critical.Rank(), rank))
	return check.Severities[len(check.Severities)-rank]
}

// oneNamespace reports whether a binding's grants are limited to one
// ordinary namespace. kube-system is not ordinary: its service accounts,
// Secrets and ConfigMaps run the cluster, so a grant there counts as
// cluster-wide.
func oneNamespace(b *rbac.Binding) bool { return b.Namespace != "" && b.Namespace != "kube-system" }

// judged are the bindings the checks judge: not the cluster's own unless
// opts asks for them, never the defaults a file scan adds.
func (v *view) judged(opts *check.Options) []*rbac.Binding {
	var out []*rbac.Binding
	for _, b := range v.model.Bindings {
		if !v.skip(b.Object, opts) {
			out = append(out, b)
		}
	}
	return out
}

// skip reports whether an RBAC object is left unjudged: Kubernetes'
// defaults added to a file scan always, the cluster's own unless
// opts.SystemRBAC.
func (v *view) skip(o *inventory.Object, opts *check.Options) bool {
	return rbac.FromDefaults(o) || (!opts.SystemRBAC && rbac.Builtin(o))
}

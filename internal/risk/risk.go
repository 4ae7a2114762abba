// Package risk ranks failing findings by a documented score from their
// severity and their context: how far the resource is exposed, whether it
// can reach the node, what its service account may do, where it runs and
// how many copies run. The formula is in docs/report.md; this file is it.
package risk

import (
	"cmp"
	"slices"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Points of the formula: a failing finding scores its severity's points
// plus the points of every factor of its resource's context, at most Max.
const (
	Max = 100
	// Exposed: a LoadBalancer or NodePort Service, externalIPs or an
	// Ingress reaches the workload, or an exposure check fails on it.
	Exposed = 20
	// NodeEscape: the pod is privileged, shares a host namespace, mounts a
	// hostPath, adds a capability that breaks isolation, or is a Windows
	// HostProcess pod.
	NodeEscape = 15
	// Grant: a check of the rbac family (or of GrantChecks) fails on the
	// workload: its service account holds a dangerous grant.
	Grant = 15
	// AttackPath: exposed, and able to reach the node or holding a grant.
	AttackPath = 10
	// KubeSystem: the resource is in kube-system, beside the control plane.
	KubeSystem = 10
	// Replicas: a DaemonSet (every node) or ManyReplicas replicas or more.
	Replicas = 5
	// ManyReplicas is the replica count from which Replicas applies.
	ManyReplicas = 5
)

// SeverityPoints are the points of each severity.
var SeverityPoints = map[check.Severity]int{
	check.Critical: 50, check.High: 35, check.Medium: 20, check.Low: 10, check.Info: 2,
}

// The findings that describe a resource's context. A failing finding of
// one of these checks, or of a check in GrantCategory, on a resource adds
// the factor to every finding on that resource. Extend the lists as check
// families land (a test fails when a listed ID is not a registered check);
// checks not listed never change a score.
var (
	// ExposureChecks say a workload is reachable from outside the cluster.
	ExposureChecks []string
	// GrantChecks say a workload's service account holds a dangerous grant.
	GrantChecks []string
	// GrantCategory is the category of the rbac family: its failing
	// findings on a workload are about the workload's service account.
	GrantCategory = "rbac"
)

// Rank sets Risk on every failing finding of rep. inv is the inventory the
// report was built from; findings whose resource is not in it are ranked
// on their severity and namespace alone.
func Rank(rep *report.Report, inv *inventory.Inventory) {
	ctx := newContexts(inv, rep)
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Status != check.Fail {
			continue
		}
		f.Risk = Score(f.Check.Severity, ctx.of(f.Resource))
	}
}

// Score applies the formula to a severity and a resource's context.
func Score(sev check.Severity, c Context) *report.Risk {
	r := &report.Risk{Score: SeverityPoints[sev]}
	add := func(points int, why string) {
		r.Score += points
		r.Factors = append(r.Factors, why)
	}
	if c.Exposed != "" {
		add(Exposed, c.Exposed)
	}
	if c.NodeEscape != "" {
		add(NodeEscape, c.NodeEscape)
	}
	if c.Grant != "" {
		add(Grant, c.Grant)
	}
	switch {
	case c.Exposed != "" && c.NodeEscape != "":
		add(AttackPath, "attack path: reachable from outside the cluster, and from there the node")
	case c.Exposed != "" && c.Grant != "":
		add(AttackPath, "attack path: reachable from outside the cluster, and from there the API")
	}
	if c.KubeSystem {
		add(KubeSystem, "runs in kube-system, beside the control plane")
	}
	if c.Replicas != "" {
		add(Replicas, c.Replicas)
	}
	r.Score = min(r.Score, Max)
	return r
}

// Context is what raises a resource's findings; each non-empty string is a
// factor and says why.
type Context struct {
	Exposed    string
	NodeEscape string
	Grant      string
	KubeSystem bool
	Replicas   string
}

// Top returns up to n failing findings of rep with a risk score, highest
// first; ties keep severity order, then the report's order.
func Top(rep *report.Report, n int) []*report.Finding {
	var out []*report.Finding
	for i := range rep.Findings {
		if f := &rep.Findings[i]; f.Status == check.Fail && f.Risk != nil {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b *report.Finding) int {
		return cmp.Or(cmp.Compare(b.Risk.Score, a.Risk.Score), cmp.Compare(b.Check.Severity.Rank(), a.Check.Severity.Rank()))
	})
	return out[:min(n, len(out))]
}

// Ranked is a resource's riskiest failing finding and how many other
// failing findings with a risk score the resource has.
type Ranked struct {
	Finding *report.Finding
	More    int
}

// TopResources is Top with one entry per resource, so that one bad
// workload does not fill the list: up to n resources, each with its
// riskiest finding, highest first.
func TopResources(rep *report.Report, n int) []Ranked {
	// A nameless document (a KubeletConfiguration file) is told apart by
	// its file.
	type key struct {
		ref  inventory.Ref
		file string
	}
	all := Top(rep, len(rep.Findings))
	index := map[key]int{}
	var out []Ranked
	for _, f := range all {
		k := key{ref: f.Resource}
		if f.Resource.Name == "" && f.Location != nil {
			k.file = f.Location.File
		}
		if i, seen := index[k]; seen {
			out[i].More++
			continue
		}
		index[k] = len(out)
		out = append(out, Ranked{Finding: f})
	}
	return out[:min(n, len(out))]
}

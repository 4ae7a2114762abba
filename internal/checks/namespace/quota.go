package namespace

import (
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// resourceQuota fails namespaces with workloads and neither a
// ResourceQuota nor a LimitRange: nothing bounds what they may consume.
var resourceQuota = namespaceCheck(check.Meta{
	ID:          "namespace-resource-quota",
	Title:       "Namespace without ResourceQuota or LimitRange",
	Severity:    check.Low,
	Rationale:   "Without a ResourceQuota or LimitRange nothing bounds what the namespace's workloads consume: one runaway or compromised workload can starve the nodes every other namespace runs on.",
	Remediation: "Add a ResourceQuota that caps the namespace's requests, limits and object counts, and a LimitRange that gives containers default requests and limits.",
	Frameworks:  map[string][]string{check.CIS: {"5.6.1"}, check.NSA: {"resource-policies"}, check.MITRE: {"T1499"}},
}, "metadata.name", judgeResourceQuota)

func judgeResourceQuota(inv *inventory.Inventory, s *space) (check.Status, string) {
	if found := names(s.objects[resourceQuotaKind], s.objects[limitRangeKind]); found != "" {
		return check.Pass, "bounded by " + found
	}
	if why := inv.Unread(s.Name, "resourcequotas", "limitranges"); why != "" {
		return check.NotChecked, "no ResourceQuota or LimitRange seen in " + s.describe() + ", but " + why
	}
	return check.Fail, s.describe() + " has workloads and neither a ResourceQuota nor a LimitRange"
}

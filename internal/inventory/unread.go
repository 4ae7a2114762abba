package inventory

import "strings"

// Unread says why one of resources (as coverage names them: "secrets",
// "networkpolicies.networking.k8s.io") could not be read cluster-wide or,
// when ns is set, in namespace ns; "" when all were read, as they always
// are in a file scan. Checks that would judge the absence of such objects
// report not-checked with this reason instead. It reads the coverage as it
// is now, without allocating.
func (inv *Inventory) Unread(ns string, resources ...string) string {
	for _, c := range inv.Coverage {
		res, cns, _ := strings.Cut(c.Resource, " in namespace ")
		if cns != "" && cns != ns {
			continue
		}
		for _, r := range resources {
			if res == r {
				return c.Resource + " could not be read (" + c.Status + ")"
			}
		}
	}
	return ""
}

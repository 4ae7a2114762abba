package workload

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// A cluster scan that could not list ServiceAccounts cannot tell whether
// the pod's account disables automounting: not checked, never failed on
// the default.
func TestAutomountWhenServiceAccountsUnread(t *testing.T) {
	inv := checktest.Decode(t, "pod.yaml", []byte(`apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec: {containers: [{name: app, image: nginx}]}
`))
	inv.Coverage = append(inv.Coverage, inventoryCoverage("serviceaccounts in namespace shop"))
	r := automount(inv, inv.PodTemplates[0])
	if r.Status != check.NotChecked || !strings.Contains(r.Message, "serviceaccounts in namespace shop could not be read (forbidden)") {
		t.Errorf("result = %+v", r)
	}
}

func inventoryCoverage(resource string) inventory.Coverage {
	return inventory.Coverage{Resource: resource, Status: "forbidden", Message: resource + " is forbidden"}
}

// Without the namespace's LimitRanges, a container without limits may
// still get a default: not checked, never failed.
func TestResourcesWhenLimitRangesUnread(t *testing.T) {
	inv := checktest.Decode(t, "pod.yaml", []byte(`apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec: {containers: [{name: app, image: nginx}]}
`))
	inv.Coverage = append(inv.Coverage, inventoryCoverage("limitranges"))
	var got []check.Result
	memoryLimit.Run(inv, &check.Options{}, func(r check.Result) { got = append(got, r) })
	if len(got) != 1 || got[0].Status != check.NotChecked || !strings.Contains(got[0].Message, "limitranges could not be read (forbidden)") {
		t.Errorf("results = %+v", got)
	}
}

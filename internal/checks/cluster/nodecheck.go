package cluster

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/version"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

const (
	kubeletPath = "status.nodeInfo.kubeletVersion"
	runtimePath = "status.nodeInfo.containerRuntimeVersion"
)

var kubeletVersion = nodeCheck(check.Meta{
	ID:          "kubelet-version",
	Title:       "Kubelets run a supported, patched version within the skew policy",
	Severity:    check.Medium,
	Rationale:   "A kubelet past its minor's end of life gets no security fixes, some kubelet vulnerabilities are fixed only by upgrading, and a kubelet newer than the API server or more than three minors older (two before 1.28) is outside the version skew policy. Judged per node from status.nodeInfo against Palisade's embedded release calendar and CVE list, whose date every message shows; the skew only when the API server's version is known.",
	Remediation: "Upgrade the node's kubelet (or replace the node with one from a current image or node pool) to a patched, supported minor no newer than the control plane.",
	Frameworks:  map[string][]string{check.NSA: {"upgrading"}, check.MITRE: {"T1068", "T1611"}},
}, kubeletPath, judgeKubelet)

var runtimeVersion = nodeCheck(check.Meta{
	ID:          "container-runtime-version",
	Title:       "Container runtimes have no known CVE",
	Severity:    check.Medium,
	Rationale:   "Several container runtime vulnerabilities let a container read the node's files or escape to the node. Palisade judges the containerd and CRI-O versions nodes report against a small embedded CVE list. The low-level runtime (runc, crun) reports no version through the API: check it on the node (for example runc 1.1.12 fixes CVE-2024-21626).",
	Remediation: "Upgrade the node's container runtime to a patched release (distribution packages may carry the fix under an older version number: check the vendor's advisory).",
	Frameworks:  map[string][]string{check.NSA: {"upgrading"}, check.MITRE: {"T1611"}},
}, runtimePath, judgeRuntime)

// nodeFunc judges one node's reported version: it reports each problem
// and returns the status and message of a node without one.
type nodeFunc func(d *Data, n clusterNode, inv *inventory.Inventory, fail func(msg string)) (check.Status, string)

// nodeCheck builds a check run on every Node: each problem fails at path,
// a node without one passes (or is not checked, as fn says), a node that
// could not be decoded is not checked.
func nodeCheck(m check.Meta, path string, fn nodeFunc) *check.Check {
	m.Category = "cluster"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		ns := nodes(inv)
		if len(ns) == 0 {
			return
		}
		d, dataErr := embedded()
		for _, n := range ns {
			if err := dataErr; err != nil {
				report(check.Result{Object: n.Object, Status: check.NotChecked, Message: err.Error()})
				continue
			}
			failed := false
			st, msg := fn(d, n, inv, func(msg string) {
				failed = true
				report(check.Result{Object: n.Object, Status: check.Fail, Path: path, Message: msg})
			})
			if !failed {
				report(check.Result{Object: n.Object, Status: st, Path: path, Message: msg})
			}
		}
	}}
}

func judgeKubelet(d *Data, n clusterNode, inv *inventory.Inventory, fail func(string)) (check.Status, string) {
	raw := n.Node.Status.NodeInfo.KubeletVersion
	if raw == "" {
		return check.NotChecked, "the node reports no kubelet version"
	}
	v, err := parseVersion(raw)
	if err != nil {
		return check.NotChecked, err.Error()
	}
	what := "kubelet " + raw
	msg, st := d.supportText(what, v)
	if st == check.Fail {
		fail(msg)
	}
	os := n.Node.Status.NodeInfo.OperatingSystem
	if cves := d.matching("kubelet", os, v); len(cves) > 0 {
		fail(fmt.Sprintf("%s is affected by %s (embedded CVE list of %s)", what, describe(cves, v), d.Date))
	}
	if api := apiServerVersion(inv); api != nil {
		if problem := skew(v, api); problem != "" {
			fail(problem)
		}
	}
	return st, msg
}

// apiServerVersion returns the API server's version, or nil when it is
// unknown (a file scan, or a version that was not read).
func apiServerVersion(inv *inventory.Inventory) *version.Version {
	if inv.Cluster == nil || inv.Cluster.GitVersion == "" {
		return nil
	}
	v, err := parseVersion(inv.Cluster.GitVersion)
	if err != nil {
		return nil
	}
	return v
}

func judgeRuntime(d *Data, n clusterNode, _ *inventory.Inventory, fail func(string)) (check.Status, string) {
	raw := n.Node.Status.NodeInfo.ContainerRuntimeVersion
	name, ver, ok := strings.Cut(raw, "://")
	if !ok {
		return check.NotChecked, fmt.Sprintf("container runtime version %q is not of the form name://version", raw)
	}
	if !d.knows(name) {
		return check.NotChecked, fmt.Sprintf("no embedded CVE data for container runtime %q (only containerd and cri-o)", name)
	}
	v, err := parseVersion(ver)
	if err != nil {
		return check.NotChecked, err.Error()
	}
	if cves := d.matching(name, "", v); len(cves) > 0 {
		fail(fmt.Sprintf("%s %s is affected by %s (embedded CVE list of %s)", name, ver, describe(cves, v), d.Date))
	}
	return check.Pass, fmt.Sprintf("no %s CVE of the embedded list (%s) affects %s", name, d.Date, ver)
}

// knows reports whether the data has CVEs of a component.
func (d *Data) knows(component string) bool {
	for _, c := range d.CVEs {
		if c.Component == component {
			return true
		}
	}
	return false
}

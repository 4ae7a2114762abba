// Package cluster holds the checks of a cluster's versions: the control
// plane and each node's kubelet and container runtime against an embedded
// support calendar and a small list of known CVEs, dated in every message,
// and the detection of managed control planes (EKS, GKE, AKS).
//
// Control-plane checks need the API server's version, which only a cluster
// scan has: in a file scan they report nothing. Node checks run on every
// core/v1 Node, from a cluster or from files; the kubelet's version skew is
// judged only when the API server's version is known.
package cluster

import (
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/version"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// now is the scan's clock, a variable so tests can fix it.
var now = time.Now

// Checks returns the cluster version checks.
func Checks() []*check.Check {
	return []*check.Check{versionSupported, knownCVEs, kubeletVersion, runtimeVersion}
}

var versionSupported = controlPlaneCheck(check.Meta{
	ID:          "kubernetes-version-supported",
	Title:       "Control plane runs a supported Kubernetes minor version",
	Severity:    check.High,
	Rationale:   "A Kubernetes minor past its end of life gets no more patches, security fixes included. The project supports the newest three minors, each for about 14 months. The verdict uses Palisade's embedded release calendar, whose date every message shows; a minor newer than the data is not judged.",
	Remediation: "Upgrade the control plane to a supported minor, one minor at a time (on a managed cluster, through the provider, whose own calendar may offer extended support).",
	Frameworks:  map[string][]string{check.NSA: {"upgrading"}, check.MITRE: {"T1068"}},
}, judgeSupport)

var knownCVEs = controlPlaneCheck(check.Meta{
	ID:          "kubernetes-known-cves",
	Title:       "Control plane version has no known CVE",
	Severity:    check.High,
	Rationale:   "Some API server vulnerabilities are fixed only by upgrading. Palisade embeds a small list of well-known Kubernetes CVEs with the patch versions that fix them; it is not a vulnerability database, and a version it does not flag may still be vulnerable.",
	Remediation: "Upgrade the control plane to a patch release that fixes every listed CVE, or to a newer supported minor (on a managed cluster, through the provider).",
	Frameworks:  map[string][]string{check.NSA: {"upgrading"}, check.MITRE: {"T1068", "T1190"}},
}, judgeCVEs)

// controlPlaneFunc judges the API server's version and returns the one
// result about it (with no object: the control plane is no object of the
// inventory).
type controlPlaneFunc func(d *Data, v *version.Version, inv *inventory.Inventory) check.Result

// controlPlaneCheck builds a check of the API server's version: nothing in
// a file scan, not checked when the version was not read or not parsed.
func controlPlaneCheck(m check.Meta, fn controlPlaneFunc) *check.Check {
	m.Category = "cluster"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		if inv.Cluster == nil {
			return
		}
		d, err := embedded()
		if err != nil {
			report(check.Result{Status: check.NotChecked, Message: err.Error()})
			return
		}
		if inv.Cluster.GitVersion == "" {
			report(check.Result{Status: check.NotChecked, Message: "the API server's version was not read"})
			return
		}
		v, err := parseVersion(inv.Cluster.GitVersion)
		if err != nil {
			report(check.Result{Status: check.NotChecked, Message: "API server version: " + err.Error()})
			return
		}
		report(fn(d, v, inv))
	}}
}

func judgeSupport(d *Data, v *version.Version, inv *inventory.Inventory) check.Result {
	what := "Kubernetes " + inv.Cluster.GitVersion
	msg, st := d.supportText(what, v)
	if mp, ok := DetectManaged(inv); ok && st == check.Fail {
		msg += fmt.Sprintf(" (%s: the provider's calendar may extend support; check it)", mp.Provider)
	}
	return check.Result{Status: st, Message: msg}
}

// supportText judges v against the calendar and words the verdict.
func (d *Data) supportText(what string, v *version.Version) (string, check.Status) {
	s, m := d.support(v, now())
	dated := fmt.Sprintf("release calendar of %s, which lists %s as supported", d.Date, strings.Join(d.Supported, ", "))
	switch {
	case s == newerThanData:
		return fmt.Sprintf("%s: minor %s is newer than the %s; not judged (a newer Palisade knows it)", what, minorName(v), dated), check.NotChecked
	case s == pastEOL && m == nil:
		return fmt.Sprintf("%s: minor %s is older than every minor of the %s; it is long past end of life", what, minorName(v), dated), check.Fail
	case s == pastEOL:
		return fmt.Sprintf("%s: minor %s reached end of life on %s (%s)", what, m.Minor, m.EOL, dated), check.Fail
	}
	return fmt.Sprintf("%s: minor %s is supported until %s%s (%s)", what, m.Minor, m.EOL, estimated(m), dated), check.Pass
}

func estimated(m *Minor) string {
	if m.Estimated {
		return ", an estimate"
	}
	return ""
}

func judgeCVEs(d *Data, v *version.Version, inv *inventory.Inventory) check.Result {
	what := "Kubernetes " + inv.Cluster.GitVersion
	cves := d.matching("kube-apiserver", "", v)
	note := d.unfixedNote("kube-apiserver")
	if len(cves) == 0 {
		return check.Result{Status: check.Pass, Message: fmt.Sprintf("%s: no kube-apiserver CVE of the embedded list (%s) affects it%s", what, d.Date, note)}
	}
	managed := ""
	if mp, ok := DetectManaged(inv); ok {
		managed = fmt.Sprintf("; %s may have backported fixes: check its security bulletins", mp.Provider)
	}
	msg := fmt.Sprintf("%s is affected by %s (embedded CVE list of %s)%s%s", what, describe(cves, v), d.Date, managed, note)
	return check.Result{Status: check.Fail, Message: msg}
}

// unfixedNote names the component's CVEs that no version fixes, with their
// mitigation, for messages: no upgrade avoids them.
func (d *Data) unfixedNote(component string) string {
	var parts []string
	for _, c := range d.CVEs {
		if c.Component == component && len(c.Fixed) == 0 {
			parts = append(parts, fmt.Sprintf("%s has no fix in any version (mitigation: %s)", c.ID, c.Mitigation))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}

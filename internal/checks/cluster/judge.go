package cluster

import (
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/version"
)

// parseVersion parses a reported version such as "v1.30.4-eks-a737599" or
// "1.7.12": its numeric major.minor.patch. A suffix (a provider's build, a
// distribution's package revision, a pre-release tag) is ignored, so a
// release candidate counts as its release.
func parseVersion(s string) (*version.Version, error) {
	v, err := version.ParseGeneric(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("parsing version %q: %w", s, err)
	}
	return v, nil
}

func minorName(v *version.Version) string { return fmt.Sprintf("%d.%d", v.Major(), v.Minor()) }

func sameMinor(a, b *version.Version) bool { return a.Major() == b.Major() && a.Minor() == b.Minor() }

// minorBefore reports whether a's minor is older than b's.
func minorBefore(a, b *version.Version) bool {
	return a.Major() < b.Major() || a.Major() == b.Major() && a.Minor() < b.Minor()
}

// nextMinor reports whether b is the minor right after a.
func nextMinor(a, b *version.Version) bool { return a.Major() == b.Major() && b.Minor() == a.Minor()+1 }

// support is how a version stands against the support calendar.
type support int

const (
	supported support = iota
	pastEOL
	newerThanData // a minor the data does not know yet: not judged
)

// support returns where v stands on the calendar at now, and the data's
// entry for its minor (nil when it is older or newer than every entry).
func (d *Data) support(v *version.Version, now time.Time) (support, *Minor) {
	if len(d.Minors) == 0 {
		return newerThanData, nil
	}
	if minorBefore(v, d.Minors[0].version) {
		return pastEOL, nil
	}
	for i := range d.Minors {
		m := &d.Minors[i]
		if sameMinor(v, m.version) {
			if now.Before(m.eol.AddDate(0, 0, 1)) { // supported through the EOL day
				return supported, m
			}
			return pastEOL, m
		}
	}
	return newerThanData, nil
}

// supportedAt returns the minors in support at t, by the data's dates.
func (d *Data) supportedAt(t time.Time) []string {
	var out []string
	for _, m := range d.Minors {
		if !t.Before(m.released) && t.Before(m.eol.AddDate(0, 0, 1)) {
			out = append(out, m.Minor)
		}
	}
	return out
}

// affects reports whether the CVE affects version v of its component.
func (c *CVE) affects(v *version.Version) bool {
	if c.introduced != nil && v.LessThan(c.introduced) {
		return false
	}
	if len(c.fixed) == 0 {
		return true
	}
	for _, f := range c.fixed {
		if sameMinor(v, f) {
			return v.LessThan(f)
		}
		if minorBefore(v, f) {
			return true // the fix was never released for v's minor
		}
	}
	return false // newer than every fixed minor: carries the fix
}

// fixText says which version fixes the CVE for v: "fixed in 1.27.3", or
// "no fix for 1.23 (fixed in 1.24.15, 1.25.11)", or the mitigation.
func (c *CVE) fixText(v *version.Version) string {
	if len(c.fixed) == 0 {
		return "no fixed version; mitigation: " + c.Mitigation
	}
	for _, f := range c.fixed {
		if sameMinor(v, f) {
			return "fixed in " + f.String()
		}
	}
	return fmt.Sprintf("no fix for %s; fixed in %s", minorName(v), strings.Join(c.Fixed, ", "))
}

// matching returns the fixable CVEs of a component (and OS, for entries
// limited to one) that affect v. CVEs with no fix are left out: no version
// avoids them, so they are not a finding about the version.
func (d *Data) matching(component, os string, v *version.Version) []*CVE {
	var out []*CVE
	for i := range d.CVEs {
		c := &d.CVEs[i]
		if c.Component != component || len(c.fixed) == 0 || (c.OS != "" && c.OS != os) {
			continue
		}
		if c.affects(v) {
			out = append(out, c)
		}
	}
	return out
}

// describe lists CVEs for a message: "CVE-a (fixed in x), CVE-b (...)".
func describe(cves []*CVE, v *version.Version) string {
	parts := make([]string, len(cves))
	for i, c := range cves {
		parts[i] = fmt.Sprintf("%s (%s: %s)", c.ID, c.fixText(v), c.Summary)
	}
	return strings.Join(parts, "; ")
}

// skew returns what is wrong with a kubelet's version against the API
// server's under the version skew policy, or "": a kubelet may not be newer
// than the API server, nor more than three minors older (two before 1.28).
func skew(kubelet, apiserver *version.Version) string {
	if kubelet.Major() != apiserver.Major() {
		return fmt.Sprintf("kubelet %s and API server %s differ in major version", kubelet, apiserver)
	}
	if kubelet.Minor() > apiserver.Minor() {
		return fmt.Sprintf("kubelet %s is newer than the API server (%s); kubelets must not be newer than the control plane", minorName(kubelet), minorName(apiserver))
	}
	allowed := uint(3)
	if apiserver.Minor() < 28 {
		allowed = 2
	}
	if apiserver.Minor()-kubelet.Minor() > allowed {
		return fmt.Sprintf("kubelet %s is %d minors older than the API server (%s); the skew policy allows %d", minorName(kubelet), apiserver.Minor()-kubelet.Minor(), minorName(apiserver), allowed)
	}
	return ""
}

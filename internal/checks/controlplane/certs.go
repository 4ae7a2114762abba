package controlplane

import (
	"fmt"
	"time"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// expiryWarning is how long before expiry a certificate is reported.
const expiryWarning = 30 * 24 * time.Hour

// now is the clock of the expiry check; tests set it.
var now = time.Now

// certExpiryCheck reports the node's certificates (PKI files, kubeconfigs'
// client certificates) that have expired (high) or expire within 30 days
// (medium).
func certExpiryCheck() *check.Check {
	m := check.Meta{ID: "certificate-expiry", Title: "Control-plane and node certificates are not expired or about to expire", Severity: check.High,
		Category:    "control-plane",
		Rationale:   "An expired certificate stops the component or client that uses it (a kubelet drops out, the API server cannot reach etcd); credentials should be rotated well before they expire.",
		Remediation: "Renew the certificate (kubeadm certs renew, or the kubelet's certificate rotation) and restart what uses it; renew every certificate that expires within 30 days.",
		Frameworks:  map[string][]string{check.NSA: {"authentication-authorization"}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		t := now()
		for _, o := range inv.ByKind(facts.KindCertificate) {
			if c, ok := o.Typed.(*facts.Certificate); ok {
				report(judgeExpiry(o, c, t))
			}
		}
	}}
}

func judgeExpiry(o *inventory.Object, c *facts.Certificate, t time.Time) check.Result {
	res := check.Result{Object: o, Path: "notAfter"}
	what := fmt.Sprintf("%s (%s)", o.Name, c.Subject)
	left := c.NotAfter.Sub(t)
	switch {
	case c.Error != "":
		res.Status, res.Path, res.Message = check.NotChecked, "", o.Name+": "+c.Error
	case left <= 0:
		res.Status, res.Message = check.Fail, fmt.Sprintf("%s expired on %s", what, c.NotAfter.UTC().Format(time.DateOnly))
	case left < expiryWarning:
		res.Status, res.Severity = check.Fail, check.Medium
		res.Message = fmt.Sprintf("%s expires on %s, in %d days", what, c.NotAfter.UTC().Format(time.DateOnly), int(left.Hours()/24))
	default:
		res.Status, res.Message = check.Pass, fmt.Sprintf("%s is valid until %s", what, c.NotAfter.UTC().Format(time.DateOnly))
	}
	return res
}

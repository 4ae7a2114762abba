package controlplane

import (
	"fmt"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// userAuthnCheck is CIS 3.1.1: people should authenticate through an
// identity provider, not with client certificates (which cannot be
// revoked) or static tokens.
func userAuthnCheck() *check.Check {
	m := check.Meta{ID: "apiserver-user-authentication", Title: "People authenticate through an identity provider", Severity: check.Low, Category: "control-plane",
		Rationale:   "Client certificates cannot be revoked and live until they expire, static tokens never expire, and service account tokens are for workloads; an OIDC provider (or a structured AuthenticationConfiguration with JWT authenticators) gives people short-lived, revocable credentials.",
		Remediation: "Configure --oidc-issuer-url or --authentication-config with a JWT authenticator on kube-apiserver, give people credentials from it, and keep admin.conf and super-admin.conf for break-glass use only.",
		Frameworks:  map[string][]string{check.CIS: {"3.1.1"}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		for _, c := range Named(inv, APIServer) {
			report(judgeUserAuthn(inv, c))
		}
	}}
}

func judgeUserAuthn(inv *inventory.Inventory, c *Component) check.Result {
	if c.Unreadable != "" {
		return check.Result{Object: c.Object, Status: check.NotChecked, Path: c.ArgvPath, Message: c.Unreadable}
	}
	for _, flag := range []string{"oidc-issuer-url", "authentication-config"} {
		if f, ok := c.Flag(flag); ok && f.Value != "" {
			return check.Result{Object: c.Object, Status: check.Pass, Path: f.Path, Message: fmt.Sprintf("--%s=%s: people can sign in through an identity provider", flag, f.Value)}
		}
	}
	msg := "neither --oidc-issuer-url nor --authentication-config is set: people can only use client certificates, static tokens or service account tokens"
	if f, ok := c.Flag("token-auth-file"); ok && f.Value != "" {
		msg += fmt.Sprintf("; --token-auth-file=%s holds static tokens", f.Value)
	}
	if people := peopleCerts(inv); len(people) > 0 {
		msg += "; client certificates for people: " + strings.Join(people, ", ")
	}
	return check.Result{Object: c.Object, Status: check.Fail, Path: c.ArgvPath, Message: msg}
}

// peopleCerts lists the client certificates of the node's admin
// kubeconfigs (kubeadm's admin.conf and super-admin.conf).
func peopleCerts(inv *inventory.Inventory) []string {
	admin := map[string]bool{}
	for _, o := range inv.ByKind(facts.KindFile) {
		if f, ok := o.Typed.(*facts.File); ok && (f.HasRole(facts.RoleAdminKubeconfig) || f.HasRole(facts.RoleSuperAdminKubeconfig)) {
			admin[f.Path] = true
		}
	}
	var out []string
	for _, o := range inv.ByKind(facts.KindCertificate) {
		if c, ok := o.Typed.(*facts.Certificate); ok && admin[c.Path] && c.Error == "" {
			out = append(out, fmt.Sprintf("%s (%s)", c.Path, c.Subject))
		}
	}
	return out
}

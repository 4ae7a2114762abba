package controlplane

import (
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"
	apiserverv1 "k8s.io/apiserver/pkg/apis/apiserver/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// fileSetting is a setting a config document may hold in place of a flag
// (the API server refuses both): the document that flag names decides,
// when it holds the setting.
type fileSetting struct {
	flag string // the flag naming the document
	gk   schema.GroupKind
	// judge decides from the document; false leaves it to the flag.
	judge func(inv *inventory.Inventory, o *inventory.Object) (check.Result, bool)
}

// decide judges a component from the document, when the rule's own flag
// is absent and the document names the setting; ok is false otherwise. A
// document that cannot be found or read is not checked.
func (s *fileSetting) decide(inv *inventory.Inventory, c *Component, flag string) (res check.Result, ok bool) {
	if s == nil || c.Unreadable != "" {
		return res, false
	}
	f, named := c.Flag(s.flag)
	if _, set := c.Flag(flag); set || !named || f.Value == "" {
		return res, false
	}
	o := DocAt(ConfigDocs(inv, s.gk), f.Value)
	if o == nil {
		return check.Result{Object: c.Object, Status: check.NotChecked, Path: f.Path,
			Message: fmt.Sprintf("--%s is absent and %s", flag, NotRead(inv, f.Value, "--"+s.flag))}, true
	}
	return s.judge(inv, o)
}

// healthPaths are the endpoints anonymous requests may reach safely.
var healthPaths = set("/healthz", "/livez", "/readyz")

// anonymousInAuthnConfig is CIS 1.2.1 decided by the anonymous section of
// an AuthenticationConfiguration: off, or on for health endpoints only.
var anonymousInAuthnConfig = fileSetting{flag: "authentication-config",
	gk: apiserverv1.SchemeGroupVersion.WithKind("AuthenticationConfiguration").GroupKind(),
	judge: func(inv *inventory.Inventory, o *inventory.Object) (check.Result, bool) {
		cfg, ok := o.Typed.(*apiserverv1.AuthenticationConfiguration)
		if !ok {
			return untypedDoc(inv, o, apiserverv1.SchemeGroupVersion.String()), true
		}
		if cfg.Anonymous == nil {
			return check.Result{}, false
		}
		res := check.Result{Object: o, Status: check.Pass, Path: "anonymous.enabled"}
		if !cfg.Anonymous.Enabled {
			res.Message = "anonymous.enabled: false: requests without credentials are rejected"
			return res, true
		}
		var open []string
		for i, c := range cfg.Anonymous.Conditions {
			if !healthPaths[c.Path] {
				res.Path = "anonymous.conditions[" + strconv.Itoa(i) + "].path"
				open = append(open, c.Path)
			}
		}
		switch {
		case len(cfg.Anonymous.Conditions) == 0:
			res.Status, res.Message = check.Fail, "anonymous.enabled: true with no conditions: every request without credentials is let in as system:anonymous"
		case len(open) > 0:
			res.Status, res.Message = check.Fail, "anonymous requests are let in as system:anonymous beyond the health endpoints: "+strings.Join(open, ", ")
		default:
			res.Path, res.Message = "anonymous.conditions", "anonymous requests are let in for the health endpoints only"
		}
		return res, true
	}}

package kubelet

import (
	"fmt"
	"strconv"
	"strings"

	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// getter reads a field of the config; set is false when the file leaves
// it out.
type getter func(c *kubeletv1beta1.KubeletConfiguration) (value string, set bool)

// setting is the effective value of one kubelet setting and where it was
// decided.
type setting struct {
	value string
	obj   *inventory.Object
	path  string
	// how says where the value comes from, for messages.
	how string
}

// field names a setting: its config field and its command-line flag
// ("" when it has none), the v1beta1 default when a config file leaves it
// out, and the legacy default of a kubelet run without --config.
type field struct {
	path, flag      string
	get             getter
	fileDef, argDef string
}

// effective resolves a setting: a flag on the command line wins; then the
// last --config-dir drop-in that writes it; then the config's field; then
// the default (the config file's, or the legacy one
// when the kubelet has no config file).
func (k *Kubelet) effective(f field) setting {
	if k.Proc != nil && f.flag != "" {
		if v, ok := k.Proc.Flag(f.flag); ok {
			how := "--" + f.flag + "=" + v.Value + " on the kubelet's command line"
			if v.Note != "" {
				how += " (" + v.Note + ")"
			}
			if k.Config != nil && f.get != nil {
				if cv, set := f.get(k.Config); set {
					how += fmt.Sprintf(", overriding %s: %s in %s", f.path, cv, k.configFile())
				}
			}
			return setting{value: v.Value, obj: k.Proc.Object, path: v.Path, how: how}
		}
	}
	if s, ok := k.fromDropIns(f); ok {
		return s
	}
	if k.Config != nil {
		if f.get != nil {
			if v, set := f.get(k.Config); set || (k.Defaulted && v != "") {
				return setting{value: v, obj: k.ConfigObj, path: f.path, how: fmt.Sprintf("%s: %s in %s", f.path, v, k.configFile())}
			}
		}
		how := fmt.Sprintf("%s is not set in %s: the kubelet's default %s applies", f.path, k.configFile(), quote(f.fileDef))
		if f.get == nil {
			how = fmt.Sprintf("--%s is not set: the default %s applies", f.flag, quote(f.fileDef))
		}
		return setting{value: f.fileDef, obj: k.ConfigObj, path: f.path, how: how}
	}
	return setting{value: f.argDef, obj: k.Proc.Object, path: k.Proc.ArgvPath,
		how: fmt.Sprintf("--%s is absent and the kubelet has no --config file: the command-line default %s applies", f.flag, quote(f.argDef))}
}

func quote(s string) string {
	if s == "" {
		return "(none)"
	}
	return strconv.Quote(s)
}

// Getters of the config fields the rules read.
func boolPtr(get func(c *kubeletv1beta1.KubeletConfiguration) *bool) getter {
	return func(c *kubeletv1beta1.KubeletConfiguration) (string, bool) {
		if p := get(c); p != nil {
			return strconv.FormatBool(*p), true
		}
		return "", false
	}
}

func boolVal(get func(c *kubeletv1beta1.KubeletConfiguration) bool) getter {
	return func(c *kubeletv1beta1.KubeletConfiguration) (string, bool) {
		// A false bool is indistinguishable from an absent one, whose
		// default is false for every field read this way.
		return strconv.FormatBool(get(c)), get(c)
	}
}

func str(get func(c *kubeletv1beta1.KubeletConfiguration) string) getter {
	return func(c *kubeletv1beta1.KubeletConfiguration) (string, bool) {
		v := get(c)
		return v, v != ""
	}
}

func list(get func(c *kubeletv1beta1.KubeletConfiguration) []string) getter {
	return func(c *kubeletv1beta1.KubeletConfiguration) (string, bool) {
		v := get(c)
		return strings.Join(v, ","), len(v) > 0
	}
}

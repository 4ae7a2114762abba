package kubelet

import (
	"fmt"
	"net"

	corev1 "k8s.io/api/core/v1"
	kubeproxyv1alpha1 "k8s.io/kube-proxy/config/v1alpha1"
	"sigs.k8s.io/yaml"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/controlplane"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// defaultMetricsBind is kube-proxy's metrics address when nothing sets it.
const defaultMetricsBind = "127.0.0.1:10249"

// proxyMetricsCheck is CIS 4.3.1. Unlike the kubelet, kube-proxy ignores
// its --metrics-bind-address flag when --config names a config file: the
// file decides.
func proxyMetricsCheck() *check.Check {
	m := check.Meta{ID: "kube-proxy-metrics-localhost", Title: "kube-proxy serves metrics on localhost only", Severity: check.Medium,
		Category:    "kubelet",
		Rationale:   "kube-proxy's metrics endpoint is unauthenticated; bound beyond localhost it tells anyone on the network about the node's services and endpoints.",
		Remediation: "Set metricsBindAddress: 127.0.0.1:10249 in kube-proxy's config file (or --metrics-bind-address=127.0.0.1:10249 when it has none).",
		Frameworks:  map[string][]string{check.CIS: {"4.3.1"}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		used := map[*inventory.Object]bool{}
		for _, c := range controlplane.Named(inv, controlplane.KubeProxy) {
			report(proxyProcess(inv, c, used))
		}
		for _, o := range inv.ByKind("KubeProxyConfiguration") {
			if !used[o] {
				report(proxyConfig(inv, o))
			}
		}
		if o := inv.Get("ConfigMap", "kube-system", "kube-proxy"); o != nil {
			if r, ok := proxyConfigMap(o); ok {
				report(r)
			}
		}
	}}
}

// proxyConfigMapKey is where kubeadm keeps kube-proxy's config file, in
// ConfigMap kube-system/kube-proxy, mounted into the kube-proxy DaemonSet's
// pods and named by their --config: what a cluster scan can read of it.
const proxyConfigMapKey = "config.conf"

// proxyConfigMap judges the config file held by the kube-proxy ConfigMap;
// ok is false when the ConfigMap holds none.
func proxyConfigMap(o *inventory.Object) (check.Result, bool) {
	cm, ok := o.Typed.(*corev1.ConfigMap)
	if !ok {
		return check.Result{}, false
	}
	text, ok := cm.Data[proxyConfigMapKey]
	if !ok {
		return check.Result{}, false
	}
	path := `data["` + proxyConfigMapKey + `"]`
	var cfg kubeproxyv1alpha1.KubeProxyConfiguration
	if err := yaml.Unmarshal([]byte(text), &cfg); err != nil {
		return check.Result{Object: o, Status: check.NotChecked, Path: path, Message: "kube-proxy's config file in this ConfigMap could not be decoded: " + err.Error()}, true
	}
	if want := kubeproxyv1alpha1.SchemeGroupVersion.String(); cfg.APIVersion != want || cfg.Kind != "KubeProxyConfiguration" {
		return check.Result{Object: o, Status: check.NotChecked, Path: path,
			Message: fmt.Sprintf("kube-proxy's config file in this ConfigMap is %s %s, not %s KubeProxyConfiguration, the version Palisade reads", cfg.APIVersion, cfg.Kind, want)}, true
	}
	if cfg.MetricsBindAddress == "" {
		return judgeBind(o, path, defaultMetricsBind, "the config file in ConfigMap kube-system/kube-proxy sets no metricsBindAddress: the default "+defaultMetricsBind+" applies"), true
	}
	return judgeBind(o, path, cfg.MetricsBindAddress, "the config file in ConfigMap kube-system/kube-proxy sets metricsBindAddress: "+cfg.MetricsBindAddress), true
}

func proxyProcess(inv *inventory.Inventory, c *controlplane.Component, used map[*inventory.Object]bool) check.Result {
	if f, ok := c.Flag("config"); ok && f.Value != "" {
		obj := controlplane.DocAt(inv.ByKind("KubeProxyConfiguration"), f.Value)
		if obj == nil {
			return check.Result{Object: c.Object, Status: check.NotChecked, Path: f.Path, Message: controlplane.NotRead(inv, f.Value, "--config")}
		}
		used[obj] = true
		return proxyConfig(inv, obj)
	}
	if f, ok := c.Flag("metrics-bind-address"); ok {
		return judgeBind(c.Object, f.Path, f.Value, "--metrics-bind-address="+f.Value)
	}
	return judgeBind(c.Object, c.ArgvPath, defaultMetricsBind, "--metrics-bind-address is absent and kube-proxy has no --config: the default "+defaultMetricsBind+" applies")
}

func proxyConfig(inv *inventory.Inventory, o *inventory.Object) check.Result {
	cfg, ok := o.Typed.(*kubeproxyv1alpha1.KubeProxyConfiguration)
	if !ok {
		return check.Result{Object: o, Status: check.NotChecked, Message: controlplane.Untyped(inv, o, kubeproxyv1alpha1.SchemeGroupVersion.String())}
	}
	if cfg.MetricsBindAddress == "" {
		return judgeBind(o, "metricsBindAddress", defaultMetricsBind, "metricsBindAddress is not set: the default "+defaultMetricsBind+" applies")
	}
	return judgeBind(o, "metricsBindAddress", cfg.MetricsBindAddress, "metricsBindAddress: "+cfg.MetricsBindAddress)
}

// judgeBind passes for a loopback address ("127.0.0.1:10249", "[::1]:10249",
// "localhost", or an address without a port).
func judgeBind(o *inventory.Object, path, addr, how string) check.Result {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || host == "localhost" {
		return check.Result{Object: o, Status: check.Pass, Path: path, Message: how}
	}
	return check.Result{Object: o, Status: check.Fail, Path: path, Message: fmt.Sprintf("%s: metrics are served on %s, beyond localhost", how, describeHost(host))}
}

func describeHost(h string) string {
	if ip := net.ParseIP(h); ip != nil && ip.IsUnspecified() || h == "" {
		return "every interface"
	}
	return h
}

package risk

import (
	"fmt"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
	"github.com/palisade-dev/palisade/internal/report"
)

// contexts holds the context of every resource that has one.
type contexts struct {
	byRef map[inventory.Ref]*Context
}

func (c *contexts) of(ref inventory.Ref) Context {
	ctx := Context{KubeSystem: ref.Namespace == "kube-system"}
	if k := c.byRef[ref]; k != nil {
		ctx.Exposed, ctx.NodeEscape, ctx.Grant, ctx.Replicas = k.Exposed, k.NodeEscape, k.Grant, k.Replicas
	}
	return ctx
}

func (c *contexts) get(ref inventory.Ref) *Context {
	k := c.byRef[ref]
	if k == nil {
		k = &Context{}
		c.byRef[ref] = k
	}
	return k
}

// newContexts reads the context of every workload and Service from the
// inventory, then the context findings of the report add theirs.
func newContexts(inv *inventory.Inventory, rep *report.Report) *contexts {
	c := &contexts{byRef: map[inventory.Ref]*Context{}}
	if inv != nil {
		for _, pt := range inv.PodTemplates {
			k := c.get(pt.Object.Ref())
			k.NodeEscape = nodeEscape(pt)
			k.Replicas = replicas(pt.Object)
		}
		c.addExposure(inv)
	}
	c.addFindings(rep)
	return c
}

// addFindings adds the factors that other checks' failing findings give.
func (c *contexts) addFindings(rep *report.Report) {
	category := map[string]string{}
	for _, m := range rep.Checks {
		category[m.ID] = m.Category
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Status != check.Fail {
			continue
		}
		why := fmt.Sprintf("%s: %s", f.Check.ID, f.Message)
		if slices.Contains(ExposureChecks, f.Check.ID) && c.get(f.Resource).Exposed == "" {
			c.get(f.Resource).Exposed = "exposed (" + why + ")"
		}
		isGrant := slices.Contains(GrantChecks, f.Check.ID) || category[f.Check.ID] == GrantCategory
		if isGrant && isWorkload(f.Resource) && c.get(f.Resource).Grant == "" {
			c.get(f.Resource).Grant = "service account holds a dangerous grant (" + why + ")"
		}
	}
}

// isWorkload tells the resources that run pods: only there does an rbac
// finding speak of the pods' service account rather than of a role.
func isWorkload(ref inventory.Ref) bool {
	switch ref.Kind {
	case "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob":
		return true
	}
	return false
}

// nodeEscape says how a pod can reach its node, or "".
func nodeEscape(pt *inventory.PodTemplate) string {
	s := pt.Spec
	switch {
	case s.HostPID:
		return "can reach the node: shares the host PID namespace"
	case s.HostIPC:
		return "can reach the node: shares the host IPC namespace"
	case s.HostNetwork:
		return "can reach the node: shares the host network"
	}
	for _, v := range s.Volumes {
		if v.HostPath != nil {
			return fmt.Sprintf("can reach the node: mounts hostPath %s", v.HostPath.Path)
		}
	}
	if s.SecurityContext != nil && hostProcess(s.SecurityContext.WindowsOptions) {
		return "can reach the node: Windows HostProcess pod"
	}
	for _, ct := range pt.Containers() {
		if why := containerEscape(ct); why != "" {
			return "can reach the node: " + ct.Describe() + " " + why
		}
	}
	return ""
}

// escapeCapabilities break container isolation when added.
var escapeCapabilities = []corev1.Capability{"ALL", "SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "NET_ADMIN", "BPF", "SYS_RAWIO"}

func containerEscape(ct inventory.Container) string {
	sc := ct.SecurityContext
	if sc == nil {
		return ""
	}
	if sc.Privileged != nil && *sc.Privileged {
		return "is privileged"
	}
	if hostProcess(sc.WindowsOptions) {
		return "is a Windows HostProcess container"
	}
	for _, c := range ct.Capabilities().Add {
		if slices.Contains(escapeCapabilities, normalCapability(c)) {
			return "adds " + string(c)
		}
	}
	return ""
}

func normalCapability(c corev1.Capability) corev1.Capability {
	return corev1.Capability(strings.TrimPrefix(strings.ToUpper(string(c)), "CAP_"))
}

func hostProcess(w *corev1.WindowsSecurityContextOptions) bool {
	return w != nil && w.HostProcess != nil && *w.HostProcess
}

// replicas says when a workload runs many copies, or "".
func replicas(o *inventory.Object) string {
	var n *int32
	switch t := o.Typed.(type) {
	case *appsv1.DaemonSet:
		return "runs on every node (DaemonSet)"
	case *appsv1.Deployment:
		n = t.Spec.Replicas
	case *appsv1.StatefulSet:
		n = t.Spec.Replicas
	case *appsv1.ReplicaSet:
		n = t.Spec.Replicas
	case *corev1.ReplicationController:
		n = t.Spec.Replicas
	}
	if n != nil && *n >= ManyReplicas {
		return fmt.Sprintf("runs %d replicas", *n)
	}
	return ""
}

// addExposure marks the Services that reach outside the cluster, and the
// workloads that the network analysis finds reachable from outside: a
// route (LoadBalancer, NodePort, externalIPs, Ingress, hostNetwork,
// hostPort) that no ingress NetworkPolicy or source range keeps the
// internet out of.
func (c *contexts) addExposure(inv *inventory.Inventory) {
	for _, o := range inv.ByKind("Service") {
		if why := serviceExposure(o); why != "" {
			c.get(o.Ref()).Exposed = why
		}
	}
	for _, e := range netpol.Of(inv).Exposures() {
		k := c.get(e.Workload.Object.Ref())
		for _, r := range e.Routes {
			if k.Exposed == "" && (r.Side.Verdict == netpol.Allowed || r.Side.Verdict == netpol.Partly) {
				k.Exposed = "exposed through " + r.Describe()
			}
		}
	}
}

// serviceExposure says how a Service reaches outside the cluster, or "".
func serviceExposure(o *inventory.Object) string {
	s, ok := o.Typed.(*corev1.Service)
	if !ok {
		return ""
	}
	name := o.Namespace + "/" + o.Name
	switch {
	case s.Spec.Type == corev1.ServiceTypeLoadBalancer:
		return "exposed through LoadBalancer Service " + name
	case s.Spec.Type == corev1.ServiceTypeNodePort:
		return "exposed through NodePort Service " + name
	case len(s.Spec.ExternalIPs) > 0:
		return "exposed through externalIPs of Service " + name
	}
	return ""
}

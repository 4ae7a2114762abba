package perfcorpus

import "fmt"

// podSpec writes a pod spec whose settings follow the app's profile.
func (g *generator) podSpec(w *yw, a *app) {
	batch := a.kind == "CronJob" || a.kind == "Job"
	if batch {
		w.l("restartPolicy: %s", pick(g, "OnFailure", "Never"))
	}
	if a.sa != "" {
		w.l("serviceAccountName: %s", a.sa)
	}
	switch a.profile {
	case hardened:
		w.l("automountServiceAccountToken: false")
		w.l("securityContext:")
		w.in(func() {
			w.l("runAsNonRoot: true")
			if g.chance(50) {
				w.l("runAsUser: %d", 10000+g.rng.IntN(5000))
				w.l("fsGroup: 10001")
			}
			w.l("seccompProfile:")
			w.in(func() { w.l("type: RuntimeDefault") })
		})
	case partial:
		if g.chance(50) {
			w.l("securityContext:")
			w.in(func() { w.l("fsGroup: 2000") })
		}
	case insecure:
		if a.kind == "DaemonSet" || g.chance(40) {
			w.l("hostNetwork: true")
			w.l("dnsPolicy: ClusterFirstWithHostNet")
		}
		if g.chance(30) {
			w.l("hostPID: true")
		}
	}
	if a.kind == "DaemonSet" {
		w.l("tolerations:")
		w.item("operator: Exists", func() { w.l("effect: NoSchedule") })
		w.l("priorityClassName: system-node-critical")
	} else if g.chance(30) {
		w.l("nodeSelector:")
		w.in(func() { w.l("kubernetes.io/os: linux") })
	}
	if !batch {
		w.l("terminationGracePeriodSeconds: %d", pick(g, 30, 30, 60, 10))
	}
	if g.chance(20) {
		w.l("initContainers:")
		g.initContainer(w, a)
	}
	w.l("containers:")
	g.mainContainer(w, a)
	if g.chance(15) {
		g.sidecar(w, a)
	}
	g.volumes(w, a)
}

// volumes writes the pod's volumes, matching the mounts the containers use.
func (g *generator) volumes(w *yw, a *app) {
	if !a.mounts && a.profile != insecure {
		return
	}
	w.l("volumes:")
	if a.mounts {
		w.item("name: config", func() {
			w.l("configMap:")
			w.in(func() { w.l("name: %s-config", a.name); w.l("defaultMode: 0444") })
		})
		w.item("name: tmp", func() { w.l("emptyDir: {}") })
	}
	if g.chance(20) {
		w.item("name: tls", func() {
			w.l("secret:")
			w.in(func() { w.l("secretName: %s-tls", a.name) })
		})
	}
	if a.profile == insecure {
		w.item("name: host-logs", func() {
			w.l("hostPath:")
			w.in(func() { w.l("path: %s", pick(g, "/var/log", "/var/lib/docker/containers", "/etc", "/")) })
		})
		w.item("name: runtime", func() {
			w.l("hostPath:")
			w.in(func() {
				w.l("path: %s", pick(g, "/var/run/docker.sock", "/run/containerd/containerd.sock"))
				w.l("type: Socket")
			})
		})
	}
}

// image returns an image reference: pinned by digest, by version, or on a
// mutable tag, depending on the profile.
func (g *generator) image(a *app, repo string) string {
	reg := pick(g, "registry.example.com/"+a.team, "ghcr.io/example", "docker.io/library", "quay.io/example")
	switch {
	case a.profile == hardened && g.chance(60):
		return fmt.Sprintf("%s/%s@sha256:%016x%016x%016x%016x", reg, repo, g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64())
	case a.profile == insecure && g.chance(50):
		return reg + "/" + repo + pick(g, ":latest", "")
	default:
		return fmt.Sprintf("%s/%s:%d.%d.%d", reg, repo, 1+g.rng.IntN(3), g.rng.IntN(20), g.rng.IntN(10))
	}
}

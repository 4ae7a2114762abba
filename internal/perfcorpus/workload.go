package perfcorpus

import "fmt"

// profile is how carefully a workload was hardened.
type profile int

const (
	hardened profile = iota // restricted-level security contexts, pinned images, limits
	partial                 // some of it: typical of real clusters
	insecure                // privileged, host namespaces, root, hostPath
)

// profile draws a hardening profile: 40% hardened, 40% partial, 20% insecure.
func (g *generator) profile() profile {
	switch n := g.rng.IntN(10); {
	case n < 4:
		return hardened
	case n < 8:
		return partial
	default:
		return insecure
	}
}

// workloadDoc writes the application's controller with its pod template.
func (g *generator) workloadDoc(w *yw, a *app) {
	group := "apps/v1"
	if a.kind == "CronJob" || a.kind == "Job" {
		group = "batch/v1"
	}
	w.l("apiVersion: %s", group)
	w.l("kind: %s", a.kind)
	w.meta(a.name, a.ns, appLabels(a), g.workloadAnnotations(a))
	w.l("spec:")
	w.in(func() {
		switch a.kind {
		case "CronJob":
			w.l("schedule: %q", fmt.Sprintf("%d */%d * * *", g.rng.IntN(60), 1+g.rng.IntN(6)))
			w.l("concurrencyPolicy: Forbid")
			w.l("successfulJobsHistoryLimit: 3")
			w.l("jobTemplate:")
			w.in(func() {
				w.l("spec:")
				w.in(func() { g.jobSpec(w, a) })
			})
		case "Job":
			g.jobSpec(w, a)
		default:
			g.controllerSpec(w, a)
		}
	})
}

func (g *generator) workloadAnnotations(a *app) [][2]string {
	var out [][2]string
	if g.chance(30) {
		out = append(out, [2]string{"deployment.kubernetes.io/revision", fmt.Sprintf("%q", fmt.Sprint(1+g.rng.IntN(40)))})
	}
	if g.chance(20) {
		out = append(out, [2]string{"description", fmt.Sprintf("%q", "Serves "+a.name+" for team "+a.team+".")})
	}
	if a.profile == insecure && g.chance(10) {
		out = append(out,
			[2]string{"palisade.dev/ignore", "privileged-container,host-path-volume"},
			[2]string{"palisade.dev/ignore-reason", `"node agent, reviewed in SEC-` + fmt.Sprint(100+g.rng.IntN(900)) + `"`})
	}
	return out
}

func (g *generator) controllerSpec(w *yw, a *app) {
	switch a.kind {
	case "Deployment":
		w.l("replicas: %d", 1+g.rng.IntN(5))
		if g.chance(50) {
			w.l("strategy:")
			w.in(func() {
				w.l("type: RollingUpdate")
				w.l("rollingUpdate:")
				w.in(func() { w.l("maxSurge: 25%%"); w.l("maxUnavailable: 0") })
			})
		}
	case "StatefulSet":
		w.l("serviceName: %s", a.name)
		w.l("replicas: %d", 1+2*g.rng.IntN(3))
		w.l("podManagementPolicy: Parallel")
	case "DaemonSet":
		w.l("updateStrategy:")
		w.in(func() { w.l("type: RollingUpdate") })
	}
	w.l("selector:")
	w.in(func() {
		w.l("matchLabels:")
		w.in(func() { w.l("app: %s", a.name) })
	})
	g.template(w, a)
	if a.kind == "StatefulSet" {
		w.l("volumeClaimTemplates:")
		w.item("metadata:", func() {
			w.in(func() { w.l("name: data") })
			w.l("spec:")
			w.in(func() {
				w.l("accessModes: [\"ReadWriteOnce\"]")
				w.l("storageClassName: %s", pick(g, "standard", "fast-ssd", "gp3"))
				w.l("resources:")
				w.in(func() {
					w.l("requests:")
					w.in(func() { w.l("storage: %dGi", 1<<g.rng.IntN(7)) })
				})
			})
		})
	}
}

func (g *generator) jobSpec(w *yw, a *app) {
	w.l("backoffLimit: %d", g.rng.IntN(6))
	w.l("activeDeadlineSeconds: %d", 600*(1+g.rng.IntN(6)))
	if g.chance(50) {
		w.l("ttlSecondsAfterFinished: 3600")
	}
	g.template(w, a)
}

// template writes spec.template: pod labels and the pod spec.
func (g *generator) template(w *yw, a *app) {
	w.l("template:")
	w.in(func() {
		w.l("metadata:")
		w.in(func() {
			w.pairs("labels", [][2]string{{"app", a.name}})
			if g.chance(25) {
				w.pairs("annotations", [][2]string{{"prometheus.io/scrape", `"true"`}, {"prometheus.io/port", fmt.Sprintf("%q", fmt.Sprint(a.port))}})
			}
		})
		w.l("spec:")
		w.in(func() { g.podSpec(w, a) })
	})
}

package perfcorpus

import "fmt"

// mainContainer writes the application container: ports, env, resources,
// probes, security context and mounts.
func (g *generator) mainContainer(w *yw, a *app) {
	w.item("name: "+a.short, func() {
		w.l("image: %s", g.image(a, a.short))
		if g.chance(50) {
			w.l("imagePullPolicy: %s", pick(g, "IfNotPresent", "Always"))
		}
		if g.chance(40) {
			w.l("args: %s", flow("--port="+fmt.Sprint(a.port), "--log-level="+pick(g, "info", "debug", "warn"), "--config=/etc/app/config.yaml"))
		}
		w.l("ports:")
		w.item("name: http", func() {
			w.l("containerPort: %d", a.port)
			if a.profile == insecure && g.chance(40) {
				w.l("hostPort: %d", a.port)
			}
		})
		if g.chance(30) {
			w.item("name: metrics", func() { w.l("containerPort: 9102") })
		}
		g.env(w, a)
		g.resources(w, a)
		if a.kind != "CronJob" && a.kind != "Job" {
			g.probes(w, a)
		}
		g.securityContext(w, a)
		if a.mounts || a.profile == insecure {
			w.l("volumeMounts:")
		}
		if a.mounts {
			w.item("name: config", func() { w.l("mountPath: /etc/app"); w.l("readOnly: true") })
			w.item("name: tmp", func() { w.l("mountPath: /tmp") })
		}
		if a.profile == insecure {
			w.item("name: host-logs", func() { w.l("mountPath: /host/logs") })
			w.item("name: runtime", func() { w.l("mountPath: /var/run/runtime.sock") })
		}
	})
}

// env writes 1 to 4 variables: literals, secret and config map references,
// the downward API, and now and then a hard-coded credential.
func (g *generator) env(w *yw, a *app) {
	w.l("env:")
	order := g.rng.Perm(len(literalEnv) + 3)[:1+g.rng.IntN(4)]
	for _, k := range order {
		switch k {
		case 0:
			w.item("name: DB_PASSWORD", func() {
				w.l("valueFrom:")
				w.in(func() {
					w.l("secretKeyRef:")
					w.in(func() { w.l("name: %s-db", a.name); w.l("key: password") })
				})
			})
		case 1:
			w.item("name: POD_NAME", func() {
				w.l("valueFrom:")
				w.in(func() {
					w.l("fieldRef:")
					w.in(func() { w.l("fieldPath: metadata.name") })
				})
			})
		case 2:
			if a.profile == insecure && g.chance(50) {
				w.item("name: API_TOKEN", func() { w.l("value: %q", fmt.Sprintf("tok_%016x%08x", g.rng.Uint64(), g.rng.Uint32())) })
				continue
			}
			w.item("name: FEATURE_FLAGS", func() {
				w.l("valueFrom:")
				w.in(func() {
					w.l("configMapKeyRef:")
					w.in(func() { w.l("name: %s-config", a.name); w.l("key: feature-1"); w.l("optional: true") })
				})
			})
		default:
			e := literalEnv[k-3]
			w.item("name: "+e[0], func() { w.l("value: %q", pick(g, e[1:]...)) })
		}
	}
	if g.chance(30) {
		w.l("envFrom:")
		w.item("configMapRef:", func() { w.in(func() { w.l("name: %s-config", a.name) }) })
	}
}

// literalEnv are plain variables: a name and the values it may take.
var literalEnv = [][]string{
	{"LOG_LEVEL", "info", "debug", "warn"},
	{"REGION", "eu-west-1", "us-east-1"},
	{"CACHE_TTL", "300", "60", "3600"},
	{"WORKERS", "2", "4", "8"},
	{"UPSTREAM_URL", "http://upstream:8080", "https://api.example.com"},
}

func (g *generator) resources(w *yw, a *app) {
	if a.profile == insecure && g.chance(70) {
		return
	}
	cpu := pick(g, "50m", "100m", "250m", "500m", "1")
	mem := pick(g, "64Mi", "128Mi", "256Mi", "512Mi", "1Gi")
	w.l("resources:")
	w.in(func() {
		w.l("requests:")
		w.in(func() { w.l("cpu: %s", cpu); w.l("memory: %s", mem) })
		if a.profile == hardened || g.chance(50) {
			w.l("limits:")
			w.in(func() {
				if g.chance(60) {
					w.l("cpu: %q", pick(g, "1", "2", "500m"))
				}
				w.l("memory: %s", pick(g, "256Mi", "512Mi", "1Gi", "2Gi"))
			})
		}
	})
}

func (g *generator) probes(w *yw, a *app) {
	if a.profile == insecure && g.chance(50) {
		return
	}
	w.l("livenessProbe:")
	w.in(func() {
		w.l("httpGet:")
		w.in(func() { w.l("path: /healthz"); w.l("port: http") })
		w.l("initialDelaySeconds: %d", 5*(1+g.rng.IntN(6)))
	})
	if g.chance(40) {
		return
	}
	w.l("readinessProbe:")
	w.in(func() {
		if g.chance(50) {
			w.l("tcpSocket:")
			w.in(func() { w.l("port: %d", a.port) })
		} else {
			w.l("httpGet:")
			w.in(func() { w.l("path: /ready"); w.l("port: %d", a.port) })
		}
	})
	if g.chance(15) {
		w.l("startupProbe:")
		w.in(func() {
			w.l("exec:")
			w.in(func() { w.l("command: %s", flow("/bin/sh", "-c", "test -f /tmp/started")) })
			w.l("failureThreshold: 30")
			w.l("periodSeconds: 2")
		})
	}
}

func (g *generator) securityContext(w *yw, a *app) {
	switch a.profile {
	case hardened:
		w.l("securityContext:")
		w.in(func() {
			w.l("allowPrivilegeEscalation: false")
			w.l("readOnlyRootFilesystem: true")
			w.l("capabilities:")
			w.in(func() { w.l("drop: [\"ALL\"]") })
		})
	case partial:
		if g.chance(60) {
			w.l("securityContext:")
			w.in(func() {
				w.l("runAsNonRoot: true")
				if g.chance(50) {
					w.l("allowPrivilegeEscalation: false")
				}
				if g.chance(30) {
					w.l("capabilities:")
					w.in(func() { w.l("add:"); w.in(func() { w.l("- NET_BIND_SERVICE") }) })
				}
			})
		}
	case insecure:
		w.l("securityContext:")
		w.in(func() {
			if g.chance(50) {
				w.l("privileged: true")
			}
			w.l("runAsUser: 0")
			w.l("capabilities:")
			w.in(func() { w.l("add: %s", flow(pick(g, "SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_PTRACE"))) })
		})
	}
}

// initContainer writes a short-lived setup container.
func (g *generator) initContainer(w *yw, a *app) {
	w.item("name: wait-for-deps", func() {
		w.l("image: %s", pick(g, "busybox:1.36", "docker.io/library/busybox:1.36.1", "alpine:3.20"))
		w.l("command: %s", flow("sh", "-c", "until nc -z "+a.name+"-db 5432; do echo waiting; sleep 2; done"))
		w.l("resources:")
		w.in(func() {
			w.l("limits:")
			w.in(func() { w.l("cpu: 100m"); w.l("memory: 32Mi") })
		})
		if a.profile == insecure {
			w.l("securityContext:")
			w.in(func() { w.l("runAsUser: 0") })
		} else {
			g.securityContext(w, a)
		}
	})
}

// sidecar writes a log or proxy sidecar.
func (g *generator) sidecar(w *yw, a *app) {
	name := pick(g, "log-shipper", "envoy", "oauth-proxy")
	w.item("name: "+name, func() {
		w.l("image: %s", g.image(a, name))
		w.l("args:")
		w.in(func() {
			w.l("- --upstream=http://127.0.0.1:%d", a.port)
			w.l("- --metrics-port=9901")
		})
		w.l("resources:")
		w.in(func() {
			w.l("requests:")
			w.in(func() { w.l("cpu: 20m"); w.l("memory: 32Mi") })
			w.l("limits:")
			w.in(func() { w.l("memory: 128Mi") })
		})
		g.securityContext(w, a)
	})
}

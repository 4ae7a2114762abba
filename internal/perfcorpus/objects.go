package perfcorpus

import "fmt"

func namespaceDoc(w *yw, ns string) {
	w.l("apiVersion: v1")
	w.l("kind: Namespace")
	w.meta(ns, "", [][2]string{
		{"kubernetes.io/metadata.name", ns},
		{"pod-security.kubernetes.io/enforce", "baseline"},
		{"pod-security.kubernetes.io/warn", "restricted"},
	}, nil)
}

// defaultDenyDoc is the namespace-wide deny-all policy careful teams add.
func defaultDenyDoc(w *yw, ns string) {
	w.l("apiVersion: networking.k8s.io/v1")
	w.l("kind: NetworkPolicy")
	w.meta("default-deny", ns, nil, nil)
	w.l("spec:")
	w.in(func() {
		w.l("podSelector: {}")
		w.l("policyTypes: [\"Ingress\", \"Egress\"]")
	})
}

func (g *generator) serviceAccountDoc(w *yw, a *app) {
	w.l("apiVersion: v1")
	w.l("kind: ServiceAccount")
	var ann [][2]string
	if g.chance(20) {
		ann = [][2]string{{"eks.amazonaws.com/role-arn", fmt.Sprintf("arn:aws:iam::%012d:role/%s", g.rng.Int64N(1e12), a.name)}}
	}
	w.meta(a.sa, a.ns, shortLabels(a), ann)
	if a.profile != insecure {
		w.l("automountServiceAccountToken: false")
	}
}

func (g *generator) configMapDoc(w *yw, a *app) {
	w.l("apiVersion: v1")
	w.l("kind: ConfigMap")
	w.meta(a.name+"-config", a.ns, shortLabels(a), nil)
	w.l("data:")
	w.in(func() {
		w.l("LOG_LEVEL: %s", pick(g, "info", "debug", "warn"))
		w.l("PORT: \"%d\"", a.port)
		w.l("feature-1: \"true\"")
		w.l("config.yaml: |")
		w.in(func() {
			w.l("# Application settings for %s.", a.name)
			w.l("server:")
			w.l("  port: %d", a.port)
			w.l("  readTimeout: %ds", 5+g.rng.IntN(55))
			w.l("upstreams:")
			for i := range 1 + g.rng.IntN(2) {
				w.l("  - http://%s-%d.%s.svc.cluster.local:8080", pick(g, appWords...), i, a.ns)
			}
		})
		if a.profile == insecure && g.chance(30) {
			w.l("DATABASE_URL: postgres://app:%016x@db.%s.svc:5432/app", g.rng.Uint64(), a.ns)
		}
	})
}

func (g *generator) serviceDoc(w *yw, a *app) {
	w.l("apiVersion: v1")
	w.l("kind: Service")
	typ := "ClusterIP"
	switch n := g.rng.IntN(100); {
	case a.kind == "StatefulSet":
	case n < 10:
		typ = "NodePort"
	case n < 20:
		typ = "LoadBalancer"
	}
	var ann [][2]string
	if typ == "LoadBalancer" && g.chance(50) {
		ann = [][2]string{{"service.beta.kubernetes.io/aws-load-balancer-type", "nlb"}}
	}
	w.meta(a.name, a.ns, shortLabels(a), ann)
	w.l("spec:")
	w.in(func() {
		w.l("type: %s", typ)
		if a.kind == "StatefulSet" {
			w.l("clusterIP: None")
		}
		w.l("selector:")
		w.in(func() { w.l("app: %s", a.name) })
		w.l("ports:")
		w.item("name: http", func() {
			w.l("port: %d", pick(g, 80, 443, a.port))
			w.l("targetPort: http")
			w.l("protocol: TCP")
			if typ == "NodePort" {
				w.l("nodePort: %d", 30000+g.rng.IntN(2768))
			}
		})
		if a.profile == insecure && g.chance(20) {
			w.item("name: ssh", func() { w.l("port: 22"); w.l("targetPort: 22") })
		}
		if typ == "LoadBalancer" && g.chance(50) {
			w.l("loadBalancerSourceRanges:")
			w.in(func() { w.l("- 10.0.0.0/8"); w.l("- 192.168.0.0/16") })
		}
		if a.profile == insecure && g.chance(10) {
			w.l("externalIPs: [\"203.0.113.%d\"]", 1+g.rng.IntN(250))
		}
	})
}

// envConfigMapDoc is a small flat config map of environment settings.
func (g *generator) envConfigMapDoc(w *yw, a *app) {
	w.l("apiVersion: v1")
	w.l("kind: ConfigMap")
	w.meta(a.name+"-env", a.ns, shortLabels(a), nil)
	w.l("data:")
	w.in(func() {
		w.l("REGION: %s", pick(g, "eu-west-1", "us-east-1"))
		w.l("WORKERS: \"%d\"", 1+g.rng.IntN(8))
	})
}

// metricsServiceDoc is the headless service a metrics scraper uses.
func metricsServiceDoc(w *yw, a *app) {
	w.l("apiVersion: v1")
	w.l("kind: Service")
	w.meta(a.name+"-metrics", a.ns, shortLabels(a), nil)
	w.l("spec:")
	w.in(func() {
		w.l("clusterIP: None")
		w.l("selector:")
		w.in(func() { w.l("app: %s", a.name) })
		w.l("ports:")
		w.item("name: metrics", func() { w.l("port: 9102") })
	})
}

func externalNameDoc(w *yw, a *app) {
	w.l("apiVersion: v1")
	w.l("kind: Service")
	w.meta(a.name+"-db", a.ns, nil, nil)
	w.l("spec:")
	w.in(func() {
		w.l("type: ExternalName")
		w.l("externalName: %s.db.example.com", a.name)
	})
}

func (g *generator) networkPolicyDoc(w *yw, a *app) {
	w.l("apiVersion: networking.k8s.io/v1")
	w.l("kind: NetworkPolicy")
	w.meta(a.name+"-allow", a.ns, shortLabels(a), nil)
	w.l("spec:")
	w.in(func() {
		w.l("podSelector:")
		w.in(func() {
			w.l("matchLabels:")
			w.in(func() { w.l("app: %s", a.name) })
		})
		egress := g.chance(50)
		w.l("policyTypes:")
		w.in(func() {
			w.l("- Ingress")
			if egress {
				w.l("- Egress")
			}
		})
		w.l("ingress:")
		w.item("from:", func() {
			w.in(func() {
				w.item("namespaceSelector:", func() {
					w.in(func() {
						w.l("matchLabels:")
						w.in(func() { w.l("kubernetes.io/metadata.name: %s", pick(g, "ingress", a.ns, "monitoring")) })
					})
					w.l("podSelector:")
					w.in(func() {
						w.l("matchLabels:")
						w.in(func() { w.l("team: %s", a.team) })
					})
				})
			})
			w.l("ports:")
			w.item("protocol: TCP", func() { w.l("port: %d", a.port) })
		})
		if !egress {
			return
		}
		w.l("egress:")
		w.item("to:", func() {
			w.in(func() {
				w.item("namespaceSelector: {}", func() {
					w.l("podSelector:")
					w.in(func() {
						w.l("matchLabels:")
						w.in(func() { w.l("k8s-app: kube-dns") })
					})
				})
			})
			w.l("ports:")
			w.item("protocol: UDP", func() { w.l("port: 53") })
			w.item("protocol: TCP", func() { w.l("port: 53") })
		})
		if g.chance(20) {
			w.item("to:", func() {
				w.in(func() {
					w.item("ipBlock:", func() { w.in(func() { w.l("cidr: 10.0.0.0/8"); w.l("except: [\"10.0.0.1/32\"]") }) })
				})
			})
		}
	})
}

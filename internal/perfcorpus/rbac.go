package perfcorpus

// rule writes one RBAC policy rule.
func (w *yw) rule(groups, resources, verbs string) {
	w.item("apiGroups: "+groups, func() {
		w.l("resources: %s", resources)
		w.l("verbs: %s", verbs)
	})
}

func (g *generator) roleDoc(w *yw, a *app) {
	w.l("apiVersion: rbac.authorization.k8s.io/v1")
	w.l("kind: Role")
	w.meta(a.name, a.ns, shortLabels(a), nil)
	w.l("rules:")
	w.in(func() {
		w.rule(`[""]`, flow("configmaps", "endpoints"), flow("get", "list", "watch"))
		if g.chance(50) {
			w.rule(`["coordination.k8s.io"]`, flow("leases"), flow("get", "create", "update"))
		}
		switch {
		case a.profile == insecure && g.chance(50):
			w.rule(`["*"]`, flow("*"), flow("*"))
		case a.profile != hardened && g.chance(30):
			w.rule(`[""]`, flow("secrets"), flow("get", "list"))
		}
	})
}

func roleBindingDoc(w *yw, a *app) {
	w.l("apiVersion: rbac.authorization.k8s.io/v1")
	w.l("kind: RoleBinding")
	w.meta(a.name, a.ns, shortLabels(a), nil)
	w.l("roleRef:")
	w.in(func() {
		w.l("apiGroup: rbac.authorization.k8s.io")
		w.l("kind: Role")
		w.l("name: %s", a.name)
	})
	w.l("subjects:")
	w.item("kind: ServiceAccount", func() {
		w.l("name: %s", a.sa)
		w.l("namespace: %s", a.ns)
	})
}

func (g *generator) clusterRoleDoc(w *yw, a *app) {
	w.l("apiVersion: rbac.authorization.k8s.io/v1")
	w.l("kind: ClusterRole")
	w.meta(a.ns+":"+a.name, "", shortLabels(a), nil)
	w.l("rules:")
	w.in(func() {
		w.rule(`[""]`, flow("nodes", "nodes/metrics", "pods"), flow("get", "list", "watch"))
		if a.profile == insecure && g.chance(40) {
			w.rule(`[""]`, flow("pods/exec", "secrets"), flow("get", "create"))
		}
	})
}

func (g *generator) clusterRoleBindingDoc(w *yw, a *app) {
	w.l("apiVersion: rbac.authorization.k8s.io/v1")
	w.l("kind: ClusterRoleBinding")
	w.meta(a.ns+":"+a.name, "", shortLabels(a), nil)
	role := a.ns + ":" + a.name
	if a.profile == insecure && g.chance(20) {
		role = "cluster-admin"
	}
	w.l("roleRef:")
	w.in(func() {
		w.l("apiGroup: rbac.authorization.k8s.io")
		w.l("kind: ClusterRole")
		w.l("name: %s", role)
	})
	w.l("subjects:")
	w.item("kind: ServiceAccount", func() {
		w.l("name: %s", a.sa)
		w.l("namespace: %s", a.ns)
	})
}

// viewBindingDoc binds the app's service account to a built-in cluster role
// in its namespace.
func (g *generator) viewBindingDoc(w *yw, a *app) {
	role := pick(g, "view", "view", "edit")
	if a.profile == insecure && g.chance(30) {
		role = "admin"
	}
	w.l("apiVersion: rbac.authorization.k8s.io/v1")
	w.l("kind: RoleBinding")
	w.meta(a.name+"-"+role, a.ns, nil, nil)
	w.l("roleRef:")
	w.in(func() {
		w.l("apiGroup: rbac.authorization.k8s.io")
		w.l("kind: ClusterRole")
		w.l("name: %s", role)
	})
	w.l("subjects:")
	w.item("kind: ServiceAccount", func() {
		w.l("name: %s", a.sa)
		w.l("namespace: %s", a.ns)
	})
}

package rbac

import (
	"fmt"
	"strings"
)

// builtinGroups maps the plural names of Kubernetes' built-in resources
// (and the impersonation resources) to their API group, so that users
// may write "deployments" for "deployments.apps".
var builtinGroups = map[string]string{}

// clusterScoped are the built-in resources (group/resource) that are not
// namespaced: a request for them has no namespace, so RoleBindings never
// grant them.
var clusterScoped = map[string]bool{}

func init() {
	for group, resources := range map[string]string{
		"":                             "pods services secrets configmaps serviceaccounts endpoints events replicationcontrollers podtemplates limitranges resourcequotas persistentvolumeclaims bindings *nodes *namespaces *persistentvolumes *componentstatuses *users *groups",
		"apps":                         "deployments statefulsets daemonsets replicasets controllerrevisions",
		"batch":                        "jobs cronjobs",
		"autoscaling":                  "horizontalpodautoscalers",
		"policy":                       "poddisruptionbudgets",
		"networking.k8s.io":            "networkpolicies ingresses *ingressclasses",
		"discovery.k8s.io":             "endpointslices",
		"coordination.k8s.io":          "leases",
		"rbac.authorization.k8s.io":    "roles rolebindings *clusterroles *clusterrolebindings",
		"storage.k8s.io":               "*storageclasses *csidrivers *csinodes *volumeattachments csistoragecapacities",
		"admissionregistration.k8s.io": "*validatingwebhookconfigurations *mutatingwebhookconfigurations *validatingadmissionpolicies *validatingadmissionpolicybindings",
		"certificates.k8s.io":          "*certificatesigningrequests *signers",
		"apiextensions.k8s.io":         "*customresourcedefinitions",
		"apiregistration.k8s.io":       "*apiservices",
		"scheduling.k8s.io":            "*priorityclasses",
		"node.k8s.io":                  "*runtimeclasses",
		"authentication.k8s.io":        "*tokenreviews *uids *userextras",
		"authorization.k8s.io":         "*subjectaccessreviews *selfsubjectaccessreviews *selfsubjectrulesreviews localsubjectaccessreviews",
	} {
		for _, r := range strings.Fields(resources) {
			name := strings.TrimPrefix(r, "*")
			builtinGroups[name] = group
			clusterScoped[group+"/"+name] = r != name
		}
	}
}

// shortNames are kubectl's short names (and singular forms) of the
// built-in resources, as `kubectl api-resources` lists them.
var shortNames = map[string]string{
	"po": "pods", "pod": "pods", "svc": "services", "service": "services", "secret": "secrets",
	"cm": "configmaps", "configmap": "configmaps", "sa": "serviceaccounts", "serviceaccount": "serviceaccounts",
	"ep": "endpoints", "ev": "events", "rc": "replicationcontrollers", "limits": "limitranges",
	"quota": "resourcequotas", "pvc": "persistentvolumeclaims", "no": "nodes", "node": "nodes",
	"ns": "namespaces", "namespace": "namespaces", "pv": "persistentvolumes", "cs": "componentstatuses",
	"deploy": "deployments", "deployment": "deployments", "sts": "statefulsets", "ds": "daemonsets",
	"rs": "replicasets", "job": "jobs", "cj": "cronjobs", "cronjob": "cronjobs", "hpa": "horizontalpodautoscalers",
	"pdb": "poddisruptionbudgets", "netpol": "networkpolicies", "ing": "ingresses", "ingress": "ingresses",
	"role": "roles", "rolebinding": "rolebindings", "clusterrole": "clusterroles", "clusterrolebinding": "clusterrolebindings",
	"sc": "storageclasses", "csr": "certificatesigningrequests", "crd": "customresourcedefinitions",
	"crds": "customresourcedefinitions", "pc": "priorityclasses",
}

// ClusterScoped reports whether a built-in resource is cluster-scoped
// (nodes, persistentvolumes, clusterroles ...); unknown resources are
// taken as namespaced.
func ClusterScoped(group, resource string) bool { return clusterScoped[group+"/"+resource] }

// ParseRequest reads the rbac command's request: VERB and
// RESOURCE[.GROUP][/SUBRESOURCE] (or a non-resource URL starting with
// "/"), in namespace ns ("" for every namespace) for object name. The
// group of a built-in resource may be left out. A namespace given for a
// cluster-scoped resource is dropped, with a note saying so.
func ParseRequest(verb, resource, ns, name string) (req Request, note string, err error) {
	if verb == "" || resource == "" {
		return Request{}, "", fmt.Errorf("want VERB and RESOURCE[.GROUP][/SUBRESOURCE] or a /non-resource/url")
	}
	if strings.HasPrefix(resource, "/") {
		if ns != "" || name != "" {
			note = "a non-resource URL has no namespace or name: --namespace and --name are ignored"
		}
		return Request{NonResource: true, Verb: verb, Path: resource}, note, nil
	}
	res, sub, _ := strings.Cut(resource, "/")
	res, group, dotted := strings.Cut(res, ".")
	if long, ok := shortNames[res]; ok && !dotted {
		note = res + " is read as " + long
		res = long
	}
	switch {
	case dotted:
	case res == "*":
		group = "*"
	default:
		g, ok := builtinGroups[res]
		if !ok {
			return Request{}, "", fmt.Errorf("unknown resource %q: name its API group as RESOURCE.GROUP (e.g. widgets.example.com), or use the core group with RESOURCE. (a trailing dot)", res)
		}
		group = g
	}
	req = Request{Verb: verb, APIGroup: group, Resource: res, Subresource: sub, Namespace: ns, Name: name}
	if ns != "" && ClusterScoped(group, res) {
		req.Namespace = ""
		note = strings.TrimPrefix(note+"; ", "; ") + res + " are cluster-scoped: only ClusterRoleBindings grant them, --namespace is ignored"
	}
	return req, note, nil
}

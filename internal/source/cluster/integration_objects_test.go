package cluster_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/testcluster"
)

// everyKind are the kinds of everyKindYAML, one object each.
var everyKind = []string{"Namespace", "Node", "PodTemplate", "ReplicationController", "Service", "ConfigMap",
	"Secret", "ServiceAccount", "LimitRange", "ResourceQuota", "StatefulSet", "DaemonSet", "Job", "CronJob",
	"NetworkPolicy", "Ingress", "PodDisruptionBudget", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}

// applyEveryKind creates namespace ns with one object of every kind, a
// Deployment "web" owning a ReplicaSet owning two pods, and a bare pod.
func applyEveryKind(t *testing.T, c *testcluster.Cluster, ns string) {
	t.Helper()
	c.Apply(t, strings.ReplaceAll(everyKindYAML, "NS", ns))
	ip, port := fakeKubelet(t)
	pointNode(t, c, "palisade-"+ns, ip, port)
	d := c.Apply(t, strings.ReplaceAll(deploymentYAML, "NS", ns))[0]
	rs := c.Apply(t, fmt.Sprintf(ownedYAML, "apps/v1", "ReplicaSet", "web-1", ns, "Deployment", "web", d.GetUID(),
		"spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app, image: nginx}]}}}"))[0]
	for _, name := range []string{"web-1-a", "web-1-b"} {
		c.Apply(t, fmt.Sprintf(ownedYAML, "v1", "Pod", name, ns, "ReplicaSet", "web-1", rs.GetUID(),
			"spec: {containers: [{name: app, image: nginx}]}"))
	}
}

const ownedYAML = `
apiVersion: %s
kind: %s
metadata:
  name: %s
  namespace: %s
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: %s, name: %s, uid: %s, controller: true}]
%s
`

const deploymentYAML = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: NS}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: nginx}]}
`

const podSpec = `{containers: [{name: app, image: nginx}], restartPolicy: Never}`

// secretValue is the value of the Secret db: it must never reach the scanner.
const secretValue = "s3cr3t-never-read-4f9a2c"

var everyKindYAML = strings.ReplaceAll(strings.ReplaceAll(`
apiVersion: v1
kind: Namespace
metadata: {name: NS, labels: {pod-security.kubernetes.io/enforce: baseline}}
---
apiVersion: v1
kind: Node
metadata: {name: palisade-NS, labels: {node-role.kubernetes.io/control-plane: ""}}
---
apiVersion: v1
kind: Pod
metadata: {name: bare, namespace: NS}
spec: SPEC
---
apiVersion: v1
kind: PodTemplate
metadata: {name: tmpl, namespace: NS}
template: {spec: SPEC}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc, namespace: NS}
spec: {selector: {app: rc}, template: {metadata: {labels: {app: rc}}, spec: {containers: [{name: app, image: nginx}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: NS}
spec: {ports: [{port: 80}], selector: {app: web}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: NS}
data: {key: value}
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: NS, labels: {app: db}}
stringData: {password: SECRETVALUE}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: sa, namespace: NS}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: NS}
spec: {limits: [{type: Container, default: {cpu: 500m}}]}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: rq, namespace: NS}
spec: {hard: {pods: "10"}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts, namespace: NS}
spec: {serviceName: svc, selector: {matchLabels: {app: sts}}, template: {metadata: {labels: {app: sts}}, spec: {containers: [{name: app, image: nginx}]}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: NS}
spec: {selector: {matchLabels: {app: ds}}, template: {metadata: {labels: {app: ds}}, spec: {containers: [{name: app, image: nginx}]}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: job, namespace: NS}
spec: {template: {spec: SPEC}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cron, namespace: NS}
spec: {schedule: "0 * * * *", jobTemplate: {spec: {template: {spec: SPEC}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: NS}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing, namespace: NS}
spec: {defaultBackend: {service: {name: svc, port: {number: 80}}}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb, namespace: NS}
spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: role, namespace: NS}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: palisade-NS}
rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role}
subjects: [{kind: ServiceAccount, name: sa, namespace: NS}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: palisade-NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: palisade-NS}
subjects: [{kind: ServiceAccount, name: sa, namespace: NS}]
`, "SPEC", podSpec), "SECRETVALUE", secretValue)

// readerRBAC lets shop-reader read every kind Palisade lists in ns,
// except Secrets, and nothing outside ns.
func readerRBAC(ns string) string {
	return strings.ReplaceAll(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: NS}
rules:
- apiGroups: [""]
  resources: [pods, podtemplates, replicationcontrollers, services, configmaps, serviceaccounts, limitranges, resourcequotas]
  verbs: [get, list]
- apiGroups: [apps]
  resources: [deployments, statefulsets, daemonsets, replicasets]
  verbs: [get, list]
- {apiGroups: [batch], resources: [jobs, cronjobs], verbs: [get, list]}
- {apiGroups: [networking.k8s.io], resources: [networkpolicies, ingresses], verbs: [get, list]}
- {apiGroups: [policy], resources: [poddisruptionbudgets], verbs: [get, list]}
- {apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: NS}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: shop-reader}]
`, "NS", ns)
}

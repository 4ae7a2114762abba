package yamltree

import (
	"fmt"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

// testDeployment is a realistic Deployment: probes, env, resources, a
// multi-line script, annotations with JSON values, comments.
func testDeployment(i int) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-%[1]d
  namespace: shop-%[2]d
  labels:
    app.kubernetes.io/name: api-%[1]d
    app.kubernetes.io/part-of: shop
  annotations:
    deployment.kubernetes.io/revision: "3"
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api-%[1]d"}}'
    prometheus.io/scrape: "true"
spec:
  replicas: %[2]d
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app.kubernetes.io/name: api-%[1]d
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%%, maxUnavailable: 0}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api-%[1]d
    spec:
      serviceAccountName: api
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      initContainers:
      - name: migrate
        image: registry.example.com/shop/api:1.%[1]d.0
        command: ["/bin/sh", "-c"]
        args:
        - |
          set -eu
          echo "migrating"
          /app/migrate --to latest
      containers:
      - name: api
        image: registry.example.com/shop/api:1.%[1]d.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        imagePullPolicy: IfNotPresent
        ports:
        - name: http
          containerPort: 8080
          protocol: TCP
        env:
        - name: LOG_LEVEL
          value: info
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: db, key: password}
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: "1"
            memory: 512Mi
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
          initialDelaySeconds: 10
          periodSeconds: 10
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
          failureThreshold: 3
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop: [ALL]
        volumeMounts:
        - name: tmp
          mountPath: /tmp
      volumes:
      - name: tmp
        emptyDir: {}
`, i, i%5+1)
}

func testService(i int) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Service
metadata:
  name: api-%[1]d
  namespace: shop-%[2]d
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: api-%[1]d
  ports:
  - name: http
    port: 80
    targetPort: http
`, i, i%5+1)
}

func testConfigMap(i int) string {
	return fmt.Sprintf(`apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config-%[1]d
  namespace: shop-%[2]d
data:
  LOG_FORMAT: json
  settings.json: |
    {
      "feature": true,
      "limit": %[1]d
    }
  entrypoint.sh: |-
    #!/bin/sh
    # start the server
    exec /app/server --port 8080 \
      --log-format json
  motd: >
    Welcome to the
    shop API.
`, i, i%5+1)
}

func testRBAC(i int) string {
	return fmt.Sprintf(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: api-%[1]d
  namespace: shop-%[2]d
rules:
- apiGroups: [""]
  resources: ["configmaps", "secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups:
  - apps
  resources:
  - deployments
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: api-%[1]d
  namespace: shop-%[2]d
subjects:
- kind: ServiceAccount
  name: api
  namespace: shop-%[2]d
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: api-%[1]d
`, i, i%5+1)
}

// genManifests returns a multi-document stream of about 5*n documents.
func genManifests(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		for _, doc := range []string{testDeployment(i), testService(i), testConfigMap(i), testRBAC(i)} {
			b.WriteString("---\n# generated\n")
			b.WriteString(doc)
		}
	}
	return []byte(b.String())
}

func benchChunks(b *testing.B) ([]Chunk, int64) {
	chunks := Split(genManifests(20)) // 100 documents
	var size int64
	for _, c := range chunks {
		size += int64(len(c.Data))
	}
	return chunks, size
}

func BenchmarkParseFast(b *testing.B) {
	chunks, size := benchChunks(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range chunks {
			if _, ok, _ := fastParse(c.Data, c.Line); !ok {
				b.Fatalf("fast parser gave up on document at line %d", c.Line)
			}
		}
	}
}

func BenchmarkParseSlow(b *testing.B) {
	chunks, size := benchChunks(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range chunks {
			if _, err := parseSlow(c); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkDecodeDeployment(b *testing.B) {
	data := []byte(testDeployment(1))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := ParseDocument(Chunk{Data: data, Line: 1})
		if err != nil {
			b.Fatal(err)
		}
		var d appsv1.Deployment
		if err := doc.Root.Decode(&d); err != nil {
			b.Fatal(err)
		}
	}
}

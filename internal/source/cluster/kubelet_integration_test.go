package cluster_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"

	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// The API server proxies nodes/NAME/proxy/configz to the kubelet at the
// node's address and daemon endpoint port. No kubelet can run here, so a
// stand-in answers /configz as a kubelet does, over TLS, on a non-loopback
// address: the API server refuses to proxy to loopback addresses.

// configzBody is what a kubelet's /configz answers (defaults applied),
// cut down to the fields the tests read.
const configzBody = `{"kubeletconfig":{"enableServer":true,"readOnlyPort":0,"authentication":{"anonymous":{"enabled":false},` +
	`"webhook":{"enabled":true}},"authorization":{"mode":"Webhook"},"protectKernelDefaults":true,"rotateCertificates":true}}`

var (
	kubeletOnce sync.Once
	kubeletPort int
	kubeletIP   string
	kubeletErr  error
)

// fakeKubelet starts the stand-in once for the test binary and returns its
// address.
func fakeKubelet(t *testing.T) (string, int) {
	t.Helper()
	kubeletOnce.Do(func() {
		kubeletIP, kubeletErr = testcluster.HostIP()
		if kubeletErr != nil {
			return
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(kubeletIP, "0"))
		if err != nil {
			kubeletErr = fmt.Errorf("listening on %s: %w", kubeletIP, err)
			return
		}
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || r.URL.Path != "/configz" {
				http.Error(w, "not a read of /configz", http.StatusMethodNotAllowed)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, configzBody)
		}))
		srv.Listener = ln
		srv.StartTLS() // runs until the test binary exits
		kubeletPort = ln.Addr().(*net.TCPAddr).Port
	})
	if kubeletErr != nil {
		t.Fatalf("starting the stand-in kubelet: %v", kubeletErr)
	}
	return kubeletIP, kubeletPort
}

// pointNode sets a node's address and kubelet port, as a kubelet does when
// it registers.
func pointNode(t *testing.T, c *testcluster.Cluster, name, ip string, port int) {
	t.Helper()
	cs, err := kubernetes.NewForConfig(c.AdminConfig())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n, err := cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: ip}}
	n.Status.DaemonEndpoints.KubeletEndpoint.Port = int32(port)
	if _, err := cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("updating node %s status: %v", name, err)
	}
}

func TestKubeletConfigThroughNodeProxy(t *testing.T) {
	c := testcluster.Shared(t)
	ip, port := fakeKubelet(t)
	c.Apply(t, `
apiVersion: v1
kind: Node
metadata: {name: palisade-kubelet-up}
---
apiVersion: v1
kind: Node
metadata: {name: palisade-kubelet-down}
`)
	pointNode(t, c, "palisade-kubelet-up", ip, port)
	pointNode(t, c, "palisade-kubelet-down", ip, closedPort(t, ip))

	res := load(t, c.UserConfig(scanner), cluster.Options{})
	got := res.Inventory.Get(cluster.KubeletConfigKind, "", "palisade-kubelet-up")
	if got == nil {
		t.Fatalf("no KubeletConfiguration for the node whose kubelet answers; coverage %+v", res.Inventory.Coverage)
	}
	if got.APIVersion != cluster.KubeletConfigAPIVersion || got.Location.File != "/api/v1/nodes/palisade-kubelet-up/proxy/configz" ||
		got.Meta.Annotations[cluster.AnnotationDefaulted] != "true" {
		t.Errorf("kubelet config object = %+v", got)
	}
	if cfg, ok := got.Typed.(*kubeletv1beta1.KubeletConfiguration); !ok || cfg.ReadOnlyPort != 0 || !cfg.ProtectKernelDefaults {
		t.Errorf("the configz is decoded into the kubelet's own type: %#v", got.Typed)
	}
	if res.Inventory.Get(cluster.KubeletConfigKind, "", "palisade-kubelet-down") != nil {
		t.Error("a kubelet that does not answer has no configuration")
	}
	var down bool
	for _, cv := range res.Inventory.Coverage {
		if cv.Resource == "/api/v1/nodes/palisade-kubelet-down/proxy/configz" {
			down = cv.Status == cluster.StatusError && strings.Contains(cv.Message, "refused") &&
				cv.Kind == cluster.KubeletConfigKind && cv.Name == "palisade-kubelet-down"
		}
	}
	if !down {
		t.Errorf("the unreachable kubelet must be a coverage entry saying why: %+v", res.Inventory.Coverage)
	}

	c.Apply(t, `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: palisade-node-reader}
rules: [{apiGroups: [""], resources: [nodes], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: palisade-node-reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: palisade-node-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: `+nodeReader+`}]
`)
	res = load(t, c.UserConfig(nodeReader), cluster.Options{})
	var forbidden int
	for _, cv := range res.Inventory.Coverage {
		if strings.HasSuffix(cv.Resource, "/proxy/configz") {
			if cv.Status != cluster.StatusForbidden || !strings.Contains(cv.Message, "nodes/proxy") {
				t.Errorf("a user who may not get nodes/proxy: %+v", cv)
			}
			forbidden++
		}
	}
	if forbidden == 0 || len(res.Inventory.ByKind(cluster.KubeletConfigKind)) != 0 {
		t.Errorf("every node's configz must be forbidden to %s: %d entries", nodeReader, forbidden)
	}
}

// closedPort returns a port on ip that nothing listens on.
func closedPort(t *testing.T, ip string) int {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

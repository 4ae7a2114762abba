package clustertest

import (
	"context"
	"fmt"
	goruntime "runtime"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"

	"github.com/palisade-dev/palisade/internal/scan"
	"github.com/palisade-dev/palisade/internal/source/cluster"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// Size of the benchmark cluster (the figures).
const (
	benchNamespaces  = 200
	benchDeployments = 1000
	benchPods        = 10000
	benchRBAC        = 2000
)

// BenchmarkClusterScan10k loads 10,000 pods, 1,000 deployments, 2,000 RBAC
// objects and 200 namespaces into the real API server, then times a full
// scan against the bare LISTs of the same objects (the floor). Run with
// go test -run X -bench ClusterScan10k -benchtime 3x ./internal/scan/clustertest
func BenchmarkClusterScan10k(b *testing.B) {
	c := testcluster.Shared(b)
	cfg := c.UserConfig(admin)
	cfg.QPS, cfg.Burst = 2000, 4000
	// The floor lists in protobuf, as the scan does.
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	populate(b, client)
	b.Logf("populated in %s", time.Since(start).Round(time.Millisecond))
	kubeconfig := c.Kubeconfig(b, admin)

	b.Run("bare-lists", func(b *testing.B) {
		for range b.N {
			n := bareLists(b, client)
			b.ReportMetric(float64(n), "objects")
		}
	})
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		var peak uint64
		for range b.N {
			stop := watchHeap(&peak)
			rep, err := scan.Run(scan.Options{Cluster: &cluster.Options{Kubeconfig: kubeconfig}})
			stop()
			if err != nil || len(rep.Coverage) > 0 {
				b.Fatalf("scan: %v %v", err, rep.Coverage)
			}
			b.ReportMetric(float64(rep.Summary.Objects), "objects")
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	})
}

// watchHeap samples the heap in use until stopped, keeping the maximum.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m goruntime.MemStats
		for {
			goruntime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func populate(b *testing.B, client kubernetes.Interface) {
	ctx := context.Background()
	jobs := make(chan func() error, 256)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				if err := job(); err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range benchNamespaces {
		ns := fmt.Sprintf("bench-%03d", i)
		if _, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range benchPods {
		jobs <- func() error {
			_, err := client.CoreV1().Pods(benchNS(i)).Create(ctx, benchPod(i), metav1.CreateOptions{})
			return err
		}
	}
	for i := range benchDeployments {
		jobs <- func() error {
			_, err := client.AppsV1().Deployments(benchNS(i)).Create(ctx, benchDeployment(i), metav1.CreateOptions{})
			return err
		}
	}
	for i := range benchRBAC / 2 {
		jobs <- func() error {
			if _, err := client.RbacV1().Roles(benchNS(i)).Create(ctx, benchRole(i), metav1.CreateOptions{}); err != nil {
				return err
			}
			_, err := client.RbacV1().RoleBindings(benchNS(i)).Create(ctx, benchBinding(i), metav1.CreateOptions{})
			return err
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func benchNS(i int) string { return fmt.Sprintf("bench-%03d", i%benchNamespaces) }

func benchPodSpec(i int) corev1.PodSpec {
	return corev1.PodSpec{Containers: []corev1.Container{{
		Name: "app", Image: fmt.Sprintf("registry.example.com/app-%d:1.%d", i%50, i%7),
		Env:       []corev1.EnvVar{{Name: "MODE", Value: "production"}},
		Resources: corev1.ResourceRequirements{},
	}}}
}

func benchPod(i int) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("pod-%05d", i), Labels: map[string]string{"app": fmt.Sprint(i % 50)}}, Spec: benchPodSpec(i)}
}

func benchDeployment(i int) *appsv1.Deployment {
	labels := map[string]string{"app": fmt.Sprintf("d%d", i)}
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("deploy-%04d", i)},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: benchPodSpec(i)}}}
}

func benchRole(i int) *rbacv1.Role {
	return &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("role-%04d", i)},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"get", "list"}}}}
}

func benchBinding(i int) *rbacv1.RoleBinding {
	return &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("binding-%04d", i)},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: fmt.Sprintf("role-%04d", i)},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "default", Namespace: benchNS(i)}}}
}

// bareLists lists the benchmark's resources page by page and does nothing
// else: the floor a scan is compared with.
func bareLists(b *testing.B, client kubernetes.Interface) int {
	return countPages(b, client.CoreV1().Pods("").List) +
		countPages(b, client.AppsV1().Deployments("").List) +
		countPages(b, client.RbacV1().Roles("").List) +
		countPages(b, client.RbacV1().RoleBindings("").List) +
		countPages(b, client.CoreV1().Namespaces().List)
}

// countPages lists one resource in pages of 500 and counts the items.
func countPages[L runtime.Object](b *testing.B, list func(context.Context, metav1.ListOptions) (L, error)) int {
	n, opts := 0, metav1.ListOptions{Limit: 500}
	for {
		l, err := list(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		n += meta.LenList(l)
		lm, err := meta.ListAccessor(l)
		if err != nil {
			b.Fatal(err)
		}
		if opts.Continue = lm.GetContinue(); opts.Continue == "" {
			return n
		}
	}
}

package netpol_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/netpol"
)

// BenchmarkExposure times the full exposure analysis (model, routes,
// verdicts from outside and from every namespace) of 2,000 workloads,
// 500 policies and 100 namespaces, with a Service per workload, one in
// five of them LoadBalancer or NodePort, and an Ingress per namespace.
// The objects are built outside the timer.
func BenchmarkExposure(b *testing.B) {
	objs := benchObjects(100, 2000, 500)
	b.ReportAllocs()
	for b.Loop() {
		m := netpol.Build(inventory.New(objs, nil))
		if n := len(m.Exposures()); n != 2000 {
			b.Fatalf("%d exposures", n)
		}
	}
}

func benchObjects(namespaces, workloads, policies int) []*inventory.Object {
	rng := rand.New(rand.NewPCG(1, 2))
	var objs []*inventory.Object
	for i := range namespaces {
		ns := "ns" + strconv.Itoa(i)
		objs = append(objs, obj("v1", "Namespace", "", ns, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"team": "t" + strconv.Itoa(i%10)}}}))
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: ns}}
		ing.Spec.Rules = []networkingv1.IngressRule{{Host: ns + ".example.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
			Paths: []networkingv1.HTTPIngressPath{{Path: "/", Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "app0", Port: networkingv1.ServiceBackendPort{Number: 80}}}}}}}}}
		objs = append(objs, obj("networking.k8s.io/v1", "Ingress", ns, "web", ing))
	}
	for i := range workloads {
		ns, name := "ns"+strconv.Itoa(i%namespaces), "app"+strconv.Itoa(i/namespaces)
		l := map[string]string{"app": name, "tier": []string{"web", "api", "db"}[i%3]}
		d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}}
		d.Spec.Template.Labels = l
		d.Spec.Template.Spec.Containers = []corev1.Container{{Name: "c", Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}, {Name: "db", ContainerPort: 5432}}}}
		objs = append(objs, obj("apps/v1", "Deployment", ns, name, d))
		s := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}}
		s.Spec.Selector = map[string]string{"app": name}
		s.Spec.Ports = []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromString("http")}}
		switch i % 10 {
		case 0:
			s.Spec.Type = corev1.ServiceTypeLoadBalancer
		case 1:
			s.Spec.Type = corev1.ServiceTypeNodePort
		}
		objs = append(objs, obj("v1", "Service", ns, name, s))
	}
	for i := range policies {
		ns := "ns" + strconv.Itoa(i%namespaces)
		np := &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("p%d", i), Namespace: ns}}
		if i%5 == 0 {
			np.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress}
		} else {
			np.Spec.PodSelector.MatchLabels = map[string]string{"tier": []string{"web", "api", "db"}[rng.IntN(3)]}
			port := intstr.FromString("http")
			np.Spec.Ingress = []networkingv1.NetworkPolicyIngressRule{{
				From: []networkingv1.NetworkPolicyPeer{
					{NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"team": "t" + strconv.Itoa(rng.IntN(10))}}, PodSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "web"}}},
					{IPBlock: &networkingv1.IPBlock{CIDR: "0.0.0.0/0", Except: []string{"10.0.0.0/8"}}},
				},
				Ports: []networkingv1.NetworkPolicyPort{{Port: &port}},
			}}
		}
		objs = append(objs, obj("networking.k8s.io/v1", "NetworkPolicy", ns, np.Name, np))
	}
	return objs
}

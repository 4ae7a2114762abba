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

// TestCrossCheck asks the engine and the reference evaluator the same
// generated (source, destination, port) questions over generated
// policies; every disagreement is a bug in one of them.
func TestCrossCheck(t *testing.T) {
	const scenarios, perScenario = 60, 30
	rng := rand.New(rand.NewPCG(7, 11))
	agree, total := 0, 0
	verdicts := map[string]int{}
	for s := range scenarios {
		g := &gen{rng: rng}
		objs, world, pods := g.scenario()
		m := netpol.Build(inventory.New(objs, nil))
		if len(m.Problems) > 0 {
			t.Fatalf("scenario %d: generated policy rejected: %+v", s, m.Problems[0])
		}
		for range perScenario {
			src, dst, port, proto := g.question(pods)
			want := world.refReach(src, dst, port, proto)
			got := engineReach(t, m, src, dst, port, proto)
			total++
			verdicts[want]++
			if got == want {
				agree++
				continue
			}
			t.Errorf("scenario %d: %s -> %s %d/%s: engine %s, reference %s", s, endName(src), endName(dst), port, proto, got, want)
		}
	}
	t.Logf("cross-check: engine and reference agree on %d of %d questions (reference verdicts %v)", agree, total, verdicts)
	if total < 500 {
		t.Fatalf("only %d questions; the cross-check needs at least 500", total)
	}
}

func engineReach(t *testing.T, m *netpol.Model, src, dst refEnd, port int32, proto corev1.Protocol) string {
	t.Helper()
	a, err := m.Reach(endpoint(t, m, src), endpoint(t, m, dst), netpol.Port{Number: port, Protocol: proto})
	if err != nil {
		t.Fatal(err)
	}
	switch a.Verdict {
	case netpol.Allowed:
		return "yes"
	case netpol.Denied:
		return "no"
	case netpol.NotEvaluated:
		return "unknown"
	}
	return string(a.Verdict)
}

func endpoint(t *testing.T, m *netpol.Model, e refEnd) netpol.Endpoint {
	t.Helper()
	if e.pod == nil {
		addrs, err := netpol.ParseAddrSet(e.ip)
		if err != nil {
			t.Fatal(err)
		}
		return netpol.Endpoint{Addrs: addrs, Name: e.ip}
	}
	for _, w := range m.Workloads {
		if w.Object.Namespace == e.pod.ns && w.Object.Name == e.pod.name {
			return netpol.At(w)
		}
	}
	t.Fatalf("no workload %s/%s", e.pod.ns, e.pod.name)
	return netpol.Endpoint{}
}

func endName(e refEnd) string {
	if e.pod == nil {
		return e.ip
	}
	return e.pod.ns + "/" + e.pod.name
}

// gen generates small worlds dense in the cases that matter: few label
// values, so selectors often match; named ports that exist on some pods
// only; ranges; both protocols; ipBlocks around the questions' addresses.
type gen struct{ rng *rand.Rand }

var (
	genNamespaces = []string{"a", "b", "c", "d"}
	genIPs        = []string{"8.8.8.8", "10.1.2.3", "192.168.7.7", "203.0.113.9", "2001:db8::5"}
	genPorts      = []int32{53, 80, 443, 5432, 8080, 8085, 9090}
)

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *gen) labels(keys ...string) map[string]string {
	l := map[string]string{}
	for _, k := range keys {
		if g.rng.IntN(3) > 0 {
			l[k] = g.pick([]string{"x", "y"})
		}
	}
	return l
}

func (g *gen) scenario() ([]*inventory.Object, *refWorld, []*refPod) {
	var objs []*inventory.Object
	world := &refWorld{nsLabels: map[string]map[string]string{}}
	for _, ns := range genNamespaces {
		l := g.labels("team", "env")
		if ns == "d" { // no Namespace object: only the automatic label
			l = map[string]string{}
		} else {
			objs = append(objs, obj("v1", "Namespace", "", ns, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: l}}))
		}
		if ns == "d" {
			continue // its labels are unknown to the reference too
		}
		ref := map[string]string{netpol.NameLabel: ns}
		for k, v := range l {
			ref[k] = v
		}
		world.nsLabels[ns] = ref
	}
	var pods []*refPod
	for i := range 8 {
		p := &refPod{ns: g.pick(genNamespaces), name: "w" + strconv.Itoa(i), labels: g.labels("app", "tier"), ports: g.ports()}
		pods = append(pods, p)
		d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: p.name, Namespace: p.ns}}
		d.Spec.Template.Labels = p.labels
		d.Spec.Template.Spec.Containers = []corev1.Container{{Name: "c", Ports: p.ports}}
		objs = append(objs, obj("apps/v1", "Deployment", p.ns, p.name, d))
	}
	for i := range 2 + g.rng.IntN(9) {
		np := g.policy("p" + strconv.Itoa(i))
		world.policies = append(world.policies, np)
		objs = append(objs, obj("networking.k8s.io/v1", "NetworkPolicy", np.Namespace, np.Name, np))
	}
	return objs, world, pods
}

func (g *gen) ports() []corev1.ContainerPort {
	var out []corev1.ContainerPort
	if g.rng.IntN(2) == 0 {
		out = append(out, corev1.ContainerPort{Name: "http", ContainerPort: g.pickPort()})
	}
	if g.rng.IntN(3) == 0 {
		out = append(out, corev1.ContainerPort{Name: "dns", ContainerPort: 53, Protocol: corev1.ProtocolUDP})
	}
	return out
}

func (g *gen) pickPort() int32 { return genPorts[g.rng.IntN(len(genPorts))] }

func (g *gen) policy(name string) *networkingv1.NetworkPolicy {
	np := &networkingv1.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: g.pick(genNamespaces)}}
	np.Spec.PodSelector = *g.selector("app", "tier")
	switch g.rng.IntN(4) {
	case 1:
		np.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
	case 2:
		np.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeEgress}
	case 3:
		np.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress}
	}
	for range g.rng.IntN(3) {
		np.Spec.Ingress = append(np.Spec.Ingress, networkingv1.NetworkPolicyIngressRule{From: g.peers(), Ports: g.policyPorts()})
	}
	for range g.rng.IntN(3) {
		np.Spec.Egress = append(np.Spec.Egress, networkingv1.NetworkPolicyEgressRule{To: g.peers(), Ports: g.policyPorts()})
	}
	return np
}

func (g *gen) selector(keys ...string) *metav1.LabelSelector {
	s := &metav1.LabelSelector{}
	for _, k := range keys {
		switch g.rng.IntN(7) {
		case 0, 1:
			if s.MatchLabels == nil {
				s.MatchLabels = map[string]string{}
			}
			s.MatchLabels[k] = g.pick([]string{"x", "y"})
		case 2:
			s.MatchExpressions = append(s.MatchExpressions, metav1.LabelSelectorRequirement{Key: k, Operator: metav1.LabelSelectorOpIn, Values: []string{g.pick([]string{"x", "y"})}})
		case 3:
			s.MatchExpressions = append(s.MatchExpressions, metav1.LabelSelectorRequirement{Key: k, Operator: metav1.LabelSelectorOpNotIn, Values: []string{"x"}})
		case 4:
			s.MatchExpressions = append(s.MatchExpressions, metav1.LabelSelectorRequirement{Key: k, Operator: metav1.LabelSelectorOpExists})
		case 5:
			s.MatchExpressions = append(s.MatchExpressions, metav1.LabelSelectorRequirement{Key: k, Operator: metav1.LabelSelectorOpDoesNotExist})
		}
	}
	return s
}

func (g *gen) peers() []networkingv1.NetworkPolicyPeer {
	var out []networkingv1.NetworkPolicyPeer
	for range g.rng.IntN(3) {
		var p networkingv1.NetworkPolicyPeer
		switch g.rng.IntN(5) {
		case 0:
			p.PodSelector = g.selector("app", "tier")
		case 1:
			p.NamespaceSelector = g.selector("team", "env", netpol.NameLabel)
		case 2:
			p.PodSelector, p.NamespaceSelector = g.selector("app"), g.selector("team", "env")
		case 3:
			p.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{netpol.NameLabel: g.pick(genNamespaces)}}
		default:
			p.IPBlock = g.block()
		}
		out = append(out, p)
	}
	return out
}

func (g *gen) block() *networkingv1.IPBlock {
	switch g.rng.IntN(5) {
	case 0:
		return &networkingv1.IPBlock{CIDR: "0.0.0.0/0", Except: []string{"10.0.0.0/8", "192.168.0.0/16"}}
	case 1:
		return &networkingv1.IPBlock{CIDR: "10.0.0.0/8"}
	case 2:
		return &networkingv1.IPBlock{CIDR: "203.0.113.0/24", Except: []string{"203.0.113.9/32"}}
	case 3:
		return &networkingv1.IPBlock{CIDR: "::/0"}
	}
	return &networkingv1.IPBlock{CIDR: "0.0.0.0/0"}
}

func (g *gen) policyPorts() []networkingv1.NetworkPolicyPort {
	var out []networkingv1.NetworkPolicyPort
	for range g.rng.IntN(3) {
		var p networkingv1.NetworkPolicyPort
		if g.rng.IntN(3) == 0 {
			proto := g.pick([]string{"TCP", "UDP"})
			p.Protocol = (*corev1.Protocol)(&proto)
		}
		switch g.rng.IntN(5) {
		case 0:
			v := intstr.FromString(g.pick([]string{"http", "dns", "metrics"}))
			p.Port = &v
		case 1:
			v := intstr.FromInt32(8080)
			end := int32(8090)
			p.Port, p.EndPort = &v, &end
		case 2: // protocol only: every port of it
		default:
			v := intstr.FromInt32(g.pickPort())
			p.Port = &v
		}
		out = append(out, p)
	}
	return out
}

// question picks a source and destination (pods, or an address on one
// side) and a port, often one the destination declares.
func (g *gen) question(pods []*refPod) (src, dst refEnd, port int32, proto corev1.Protocol) {
	src, dst = refEnd{pod: pods[g.rng.IntN(len(pods))]}, refEnd{pod: pods[g.rng.IntN(len(pods))]}
	switch g.rng.IntN(6) {
	case 0:
		src = refEnd{ip: g.pick(genIPs)}
	case 1:
		dst = refEnd{ip: g.pick(genIPs)}
	}
	port, proto = g.pickPort(), corev1.ProtocolTCP
	if dst.pod != nil && len(dst.pod.ports) > 0 && g.rng.IntN(2) == 0 {
		cp := dst.pod.ports[g.rng.IntN(len(dst.pod.ports))]
		port = cp.ContainerPort
		if cp.Protocol != "" {
			proto = cp.Protocol
		}
	} else if g.rng.IntN(4) == 0 {
		proto = corev1.ProtocolUDP
	}
	return src, dst, port, proto
}

func obj(apiVersion, kind, ns, name string, typed any) *inventory.Object {
	acc, ok := typed.(metav1.ObjectMetaAccessor)
	if !ok {
		panic(fmt.Sprintf("%T has no metadata", typed))
	}
	meta, _ := acc.GetObjectMeta().(*metav1.ObjectMeta)
	return &inventory.Object{APIVersion: apiVersion, Kind: kind, Namespace: ns, Name: name, Meta: meta, Typed: typed}
}

package controlplane

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/version"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Benchmarks are the CIS Kubernetes Benchmark versions Palisade carries,
// with the Kubernetes minor versions each is written for (kube-bench's
// mapping). Add newer ones beside them, never instead.
var Benchmarks = []struct {
	Name     string
	min, max uint // Kubernetes 1.min to 1.max
}{
	{"cis-1.12", 32, 34},
}

// SelectBenchmark returns the benchmark to judge against and why: the one
// forced by name, else the one written for the detected Kubernetes version,
// else the newest (saying so).
func SelectBenchmark(forced, k8sVersion string) (string, error) {
	if forced != "" {
		for _, b := range Benchmarks {
			if b.Name == forced {
				return b.Name + " (chosen with --benchmark)", nil
			}
		}
		names := make([]string, len(Benchmarks))
		for i, b := range Benchmarks {
			names[i] = b.Name
		}
		return "", fmt.Errorf("--benchmark %q is not one Palisade carries (%s)", forced, strings.Join(names, ", "))
	}
	newest := Benchmarks[len(Benchmarks)-1].Name
	v, err := version.ParseGeneric(k8sVersion)
	if err != nil {
		return newest + " (Kubernetes version not detected; the newest benchmark Palisade carries)", nil
	}
	for _, b := range Benchmarks {
		if v.Major() == 1 && v.Minor() >= b.min && v.Minor() <= b.max {
			return fmt.Sprintf("%s (Kubernetes %s)", b.Name, k8sVersion), nil
		}
	}
	return fmt.Sprintf("%s (Kubernetes %s has no benchmark of its own in Palisade; the newest one applies)", newest, k8sVersion), nil
}

// DetectVersion returns the Kubernetes version of the inventory: the live
// cluster's, else the image tag of the API server's (or another control-
// plane component's) static pod, else "".
func DetectVersion(inv *inventory.Inventory) string {
	if inv.Cluster != nil && inv.Cluster.GitVersion != "" {
		return inv.Cluster.GitVersion
	}
	for _, name := range []string{APIServer, ControllerManager, Scheduler} {
		for _, c := range Named(inv, name) {
			if pod, ok := c.Object.Typed.(*corev1.Pod); ok {
				for _, ctr := range pod.Spec.Containers {
					if i := strings.LastIndex(ctr.Image, ":"); i > 0 && strings.HasPrefix(ctr.Image[i+1:], "v1.") {
						return ctr.Image[i+1:]
					}
				}
			}
		}
	}
	return ""
}

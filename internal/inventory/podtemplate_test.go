package inventory

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// TestContainersOnceAndByHand checks that the containers New computes once
// are the ones a hand-built pod template lists: same order, same paths.
func TestContainersOnceAndByHand(t *testing.T) {
	d := &appsv1.Deployment{}
	d.Spec.Template.Spec = corev1.PodSpec{
		InitContainers: []corev1.Container{{Name: "init"}},
		Containers:     []corev1.Container{{Name: "app"}, {Name: "sidecar"}},
	}
	inv := New([]*Object{{Kind: "Deployment", Name: "d", Typed: d}}, nil)
	if len(inv.PodTemplates) != 1 {
		t.Fatalf("got %d pod templates, want 1", len(inv.PodTemplates))
	}
	pt := inv.PodTemplates[0]
	byHand := &PodTemplate{Object: pt.Object, Spec: pt.Spec, SpecPath: pt.SpecPath}
	want := []string{
		"init spec.template.spec.initContainers[0]",
		"app spec.template.spec.containers[0]",
		"sidecar spec.template.spec.containers[1]",
	}
	for _, got := range [][]Container{pt.Containers(), pt.Containers(), byHand.Containers()} {
		if len(got) != len(want) {
			t.Fatalf("got %d containers, want %d", len(got), len(want))
		}
		for i, c := range got {
			if s := c.Name + " " + c.Path; s != want[i] {
				t.Errorf("container %d = %q, want %q", i, s, want[i])
			}
		}
	}
}

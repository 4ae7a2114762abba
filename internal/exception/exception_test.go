package exception

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/config"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

func TestExcept(t *testing.T) {
	cfg, err := config.Parse(".palisade.yaml", []byte(`exceptions:
  - check: host-*
    kind: DaemonSet
    namespace: monitoring
    reason: node agent
  - check: run-as-root
    name: legacy-*
    reason: until the rewrite
    expires: 2026-12-31
`))
	if err != nil {
		t.Fatal(err)
	}
	m := New(cfg, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	obj := func(annotations map[string]string) *inventory.Object {
		return &inventory.Object{Meta: &metav1.ObjectMeta{Annotations: annotations}}
	}
	cases := []struct {
		name, check, kind, ns, resName string
		annotations                    map[string]string
		source, msg                    string
	}{
		{"pattern match", "host-pid", "DaemonSet", "monitoring", "agent", nil, ".palisade.yaml", ""},
		{"other kind", "host-pid", "Deployment", "monitoring", "agent", nil, "", ""},
		{"expired", "run-as-root", "Deployment", "shop", "legacy-api", nil, "", "exception expired 2026-12-31"},
		{"annotation", "run-as-root", "Deployment", "shop", "api", map[string]string{IgnoreAnnotation: "seccomp-profile, run-as-root", ReasonAnnotation: "vendor image"}, "annotation", ""},
		{"annotation wildcard", "anything", "Pod", "shop", "api", map[string]string{IgnoreAnnotation: "*", ReasonAnnotation: "scratch pod"}, "annotation", ""},
		{"annotation without reason", "run-as-root", "Pod", "shop", "api", map[string]string{IgnoreAnnotation: "run-as-root"}, "", "ignore-reason"},
		{"annotation for another check", "host-pid", "Pod", "shop", "api", map[string]string{IgnoreAnnotation: "run-as-root", ReasonAnnotation: "x"}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &report.Finding{Check: report.CheckRef{ID: c.check}, Resource: inventory.Ref{Kind: c.kind, Namespace: c.ns, Name: c.resName}}
			ex := m.Except(f, obj(c.annotations))
			switch {
			case c.source == "" && ex != nil:
				t.Errorf("unexpected exception %+v", ex)
			case c.source != "" && (ex == nil || ex.Source != c.source || ex.Reason == ""):
				t.Errorf("exception %+v, want one from %s", ex, c.source)
			}
			if !strings.Contains(f.Message, c.msg) {
				t.Errorf("message %q should contain %q", f.Message, c.msg)
			}
		})
	}
}

func TestConfigValidation(t *testing.T) {
	_, err := config.Parse("c.yaml", []byte("failOn: sometimes\nexceptions:\n  - check: '['\n    expires: tomorrow\n"))
	for _, want := range []string{"reason is required", "bad pattern", "expires must be YYYY-MM-DD", "failOn must be", "c.yaml:3"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v should mention %q", err, want)
		}
	}
}

package baseline

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

func finding(id string, s check.Status, kind, ns, name, path string, loc *inventory.Location) report.Finding {
	return report.Finding{
		Check: report.CheckRef{ID: id}, Status: s, Path: path, Location: loc,
		Resource: inventory.Ref{APIVersion: "apps/v1", Kind: kind, Namespace: ns, Name: name},
	}
}

// TestMark compares the current findings with testdata/previous.json.
func TestMark(t *testing.T) {
	b, err := Load("testdata/previous.json")
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 5 {
		t.Errorf("baseline holds %d findings, want the 5 failing or excepted ones", b.Len())
	}
	priv := "spec.template.spec.containers[0].securityContext.privileged"
	cases := []struct {
		name string
		f    report.Finding
		want string
	}{
		{"moved ten lines down", finding("privileged-container", check.Fail, "Deployment", "shop", "api", priv,
			&inventory.Location{File: "deploy/api.yaml", Line: 41, Column: 13}), Existing},
		{"moved to another file", finding("image-tag-latest", check.Fail, "Deployment", "shop", "api",
			"spec.template.spec.containers[0].image", &inventory.Location{File: "k8s/api.yaml", Line: 3}), Existing},
		{"same check and field, second time", finding("image-tag-latest", check.Fail, "Deployment", "shop", "api",
			"spec.template.spec.containers[0].image", nil), New},
		{"exception expired since", finding("host-path-volume", check.Fail, "DaemonSet", "monitoring", "node-exporter",
			"spec.template.spec.volumes[0].hostPath", nil), Existing},
		{"nameless document, other file", finding("kubelet-anonymous-auth", check.Fail, "KubeletConfiguration", "", "",
			"authentication.anonymous.enabled", &inventory.Location{File: "nodes/b/kubelet.yaml", Line: 5}), New},
		{"passed before", finding("run-as-root", check.Fail, "Deployment", "shop", "web", "spec.template.spec", nil), New},
		{"other container", finding("privileged-container", check.Fail, "Deployment", "shop", "api",
			strings.Replace(priv, "[0]", "[1]", 1), nil), New},
		{"excepted now, new", finding("cpu-limit", check.Excepted, "Deployment", "shop", "api", "x", nil), New},
		{"passing now: not marked", finding("cpu-limit", check.Pass, "Deployment", "shop", "api", "y", nil), ""},
	}
	rep := &report.Report{Checks: ran("kubelet-anonymous-auth", "memory-limit")}
	for _, c := range cases {
		rep.Findings = append(rep.Findings, c.f)
	}
	Mark(rep, b)
	for i, c := range cases {
		if got := rep.Findings[i].Baseline; got != c.want {
			t.Errorf("%s: marked %q, want %q", c.name, got, c.want)
		}
	}
	// Failing: 3 existing, 4 new; the excepted new one is not counted.
	// Gone: the kubelet finding of nodes/a and memory-limit of shop/old.
	want := report.BaselineSummary{File: "testdata/previous.json", New: 4, Existing: 3, Fixed: 2}
	if got := rep.Summary.Baseline; got == nil || *got != want {
		t.Errorf("summary %+v, want %+v", got, want)
	}
}

func ran(ids ...string) []check.Meta {
	out := make([]check.Meta, len(ids))
	for i, id := range ids {
		out[i] = check.Meta{ID: id}
	}
	return out
}

// TestGoneButNotRechecked: a baseline finding missing from a report is
// fixed only when the report looked again; a check that did not run or
// could not decide, or an input that was not read, leaves it not
// re-checked.
func TestGoneButNotRechecked(t *testing.T) {
	old := `{"findings": [{"check": {"id": "memory-limit"}, "status": "fail",
	  "resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "old"},
	  "path": "spec.template.spec.containers[0].resources.limits.memory", "location": {"file": "deploy/old.yaml", "line": 9}}]}`
	ref := inventory.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "old"}
	cases := []struct {
		name  string
		rep   report.Report
		fixed bool
	}{
		{"looked again", report.Report{Checks: ran("memory-limit")}, true},
		{"check did not run", report.Report{Checks: ran("cpu-limit")}, false},
		{"not checked on the resource", report.Report{Checks: ran("memory-limit"), Findings: []report.Finding{
			{Check: report.CheckRef{ID: "memory-limit"}, Status: check.NotChecked, Resource: ref}}}, false},
		{"not checked on another resource", report.Report{Checks: ran("memory-limit"), Findings: []report.Finding{
			{Check: report.CheckRef{ID: "memory-limit"}, Status: check.NotChecked, Resource: inventory.Ref{Kind: "Pod", Name: "x"}}}}, true},
		{"check not checked as a whole", report.Report{Checks: ran("memory-limit"), Findings: []report.Finding{
			{Check: report.CheckRef{ID: "memory-limit"}, Status: check.NotChecked}}}, false},
		{"its file could not be read", report.Report{Checks: ran("memory-limit"),
			Errors: []report.Error{{File: "deploy/old.yaml", Line: 3, Message: "bad YAML"}}}, false},
		{"another file could not be read", report.Report{Checks: ran("memory-limit"),
			Errors: []report.Error{{File: "deploy/new.yaml", Message: "bad YAML"}}}, true},
		{"list forbidden in its namespace", report.Report{Checks: ran("memory-limit"),
			Coverage: []report.Coverage{{Resource: "deployments.apps in namespace shop", Status: "forbidden"}}}, false},
		{"list forbidden cluster-wide", report.Report{Checks: ran("memory-limit"),
			Coverage: []report.Coverage{{Resource: "deployments.apps", Status: "forbidden"}}}, false},
		{"list forbidden in another namespace", report.Report{Checks: ran("memory-limit"),
			Coverage: []report.Coverage{{Resource: "deployments.apps in namespace billing", Status: "forbidden"}}}, true},
		{"another kind forbidden", report.Report{Checks: ran("memory-limit"),
			Coverage: []report.Coverage{{Resource: "secrets in namespace shop", Status: "forbidden"}}}, true},
		{"a skipped document", report.Report{Checks: ran("memory-limit"),
			Coverage: []report.Coverage{{Resource: "deploy/old.yaml:1", Status: "skipped"}}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read(strings.NewReader(old), "old.json")
			if err != nil {
				t.Fatal(err)
			}
			rep := c.rep
			Mark(&rep, b)
			want := report.BaselineSummary{File: "old.json", NotRechecked: 1}
			if c.fixed {
				want = report.BaselineSummary{File: "old.json", Fixed: 1}
			}
			if got := rep.Summary.Baseline; *got != want {
				t.Errorf("summary %+v, want %+v", *got, want)
			}
		})
	}
}

func TestUnreadNamesPluralsAndObjects(t *testing.T) {
	cases := []struct {
		gap  report.Coverage
		ref  inventory.Ref
		want bool
	}{
		{report.Coverage{Resource: "networkpolicies.networking.k8s.io in namespace shop"},
			inventory.Ref{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy", Namespace: "shop", Name: "deny"}, true},
		{report.Coverage{Resource: "ingresses.networking.k8s.io"},
			inventory.Ref{APIVersion: "networking.k8s.io/v1", Kind: "Ingress", Namespace: "shop", Name: "web"}, true},
		{report.Coverage{Resource: "pods"}, inventory.Ref{APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "web"}, true},
		{report.Coverage{Resource: "pods.apps"}, inventory.Ref{APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "web"}, false},
		{report.Coverage{Resource: "nodes/a/proxy/configz", Kind: "KubeletConfiguration", Name: "a"},
			inventory.Ref{APIVersion: "kubelet.config.k8s.io/v1beta1", Kind: "KubeletConfiguration", Name: "a"}, true},
		{report.Coverage{Resource: "nodes/a/proxy/configz", Kind: "KubeletConfiguration", Name: "a"},
			inventory.Ref{APIVersion: "kubelet.config.k8s.io/v1beta1", Kind: "KubeletConfiguration", Name: "b"}, false},
		{report.Coverage{Resource: "pods"}, inventory.Ref{APIVersion: "not/a/version", Kind: "Pod"}, false},
	}
	for _, c := range cases {
		if got := unread(c.gap, c.ref); got != c.want {
			t.Errorf("unread(%+v, %+v) = %v, want %v", c.gap, c.ref, got, c.want)
		}
	}
}

func TestMarkWithoutBaseline(t *testing.T) {
	rep := &report.Report{Findings: []report.Finding{finding("a", check.Fail, "Pod", "x", "y", "", nil)}}
	Mark(rep, nil)
	if rep.Findings[0].Baseline != "" || rep.Summary.Baseline != nil {
		t.Error("Mark without a baseline changed the report")
	}
}

func TestReadRefusesWhatIsNotAReport(t *testing.T) {
	cases := map[string]struct{ data, want string }{
		"not JSON":      {"findings: []", "not a Palisade JSON report"},
		"SARIF":         {`{"version": "2.1.0", "runs": []}`, "no findings array"},
		"findings null": {`{"findings": null}`, "no findings array"},
		"wrong type":    {`{"findings": {}}`, "not a Palisade JSON report"},
		"empty":         {``, "not a Palisade JSON report"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.data), "old.json")
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "old.json") {
				t.Errorf("Read: %v, want an error naming old.json and containing %q", err, c.want)
			}
		})
	}
	if _, err := Load("testdata/missing.json"); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("Load of a missing file: %v", err)
	}
	b, err := Read(strings.NewReader(`{"findings": []}`), "empty.json")
	if err != nil || b.Len() != 0 {
		t.Errorf("an empty report is a valid baseline: %v", err)
	}
}

func TestFingerprintIgnoresLinesNotFields(t *testing.T) {
	f := finding("a", check.Fail, "Deployment", "shop", "api", "spec.x", &inventory.Location{File: "a.yaml", Line: 3})
	moved := f
	moved.Location = &inventory.Location{File: "a.yaml", Line: 13, Column: 2}
	if Fingerprint(&f) != Fingerprint(&moved) {
		t.Error("fingerprint changed when the finding moved down the file")
	}
	other := f
	other.Path = "spec.y"
	if Fingerprint(&f) == Fingerprint(&other) {
		t.Error("fingerprint is the same for another field")
	}
}

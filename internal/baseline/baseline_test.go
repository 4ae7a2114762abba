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
	rep := &report.Report{}
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

package cluster

import (
	"slices"
	"strings"
	"testing"
)

func TestEmbeddedDataParses(t *testing.T) {
	d, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	if d.Date == "" || d.date.IsZero() {
		t.Fatal("the data has no date")
	}
	if len(d.Minors) == 0 || len(d.CVEs) == 0 {
		t.Fatal("the data has no minors or no CVEs")
	}
	// The explicit list of supported minors must agree with the dates.
	if got := d.supportedAt(d.date); !slices.Equal(got, d.Supported) {
		t.Errorf("minors supported on %s by their dates: %v; the data states %v", d.Date, got, d.Supported)
	}
	if len(d.Supported) != 3 {
		t.Errorf("the project supports the newest three minors; the data states %v", d.Supported)
	}
	for i, m := range d.Minors[1:] {
		if !m.released.After(d.Minors[i].released) {
			t.Errorf("minor %s released before the minor it follows", m.Minor)
		}
	}
	for _, c := range d.CVEs {
		if !strings.HasPrefix(c.ID, "CVE-") {
			t.Errorf("%s: not a CVE id", c.ID)
		}
		switch c.Component {
		case "kube-apiserver", "kubelet", "containerd", "cri-o":
		default:
			t.Errorf("%s: component %q is judged by no check", c.ID, c.Component)
		}
	}
}

func TestDataValidation(t *testing.T) {
	for name, text := range map[string]string{
		"bad date":       "date: 22/11/2026\n",
		"unordered":      "date: \"2026-11-22\"\nminors:\n- {minor: \"1.31\", released: \"2024-08-13\", eol: \"2025-10-28\"}\n- {minor: \"1.30\", released: \"2024-04-17\", eol: \"2025-06-28\"}\n",
		"gap":            "date: \"2026-11-22\"\nminors:\n- {minor: \"1.29\", released: \"2023-12-13\", eol: \"2025-02-28\"}\n- {minor: \"1.31\", released: \"2024-08-13\", eol: \"2025-10-28\"}\n",
		"eol first":      "date: \"2026-11-22\"\nminors:\n- {minor: \"1.31\", released: \"2025-10-28\", eol: \"2024-08-13\"}\n",
		"no fix or note": "date: \"2026-11-22\"\ncves:\n- {id: CVE-1, component: kubelet, summary: x}\n",
		"bad fixed":      "date: \"2026-11-22\"\ncves:\n- {id: CVE-1, component: kubelet, summary: x, fixed: [\"one\"]}\n",
		"fixed order":    "date: \"2026-11-22\"\ncves:\n- {id: CVE-1, component: kubelet, summary: x, fixed: [\"1.2.3\", \"1.1.9\"]}\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseData([]byte(text)); err == nil {
				t.Error("invalid data accepted")
			}
		})
	}
}

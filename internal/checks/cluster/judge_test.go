package cluster

import (
	"slices"
	"testing"
	"time"
)

// fixNow fixes the scan's clock for one test.
func fixNow(t *testing.T, day string) {
	t.Helper()
	at, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	old := now
	now = func() time.Time { return at.Add(12 * time.Hour) }
	t.Cleanup(func() { now = old })
}

func mustData(t *testing.T) *Data {
	t.Helper()
	d, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.30.4-eks-a737599":  "1.30.4",
		"v1.30.5-gke.1014001":  "1.30.5",
		"v1.37.2":              "1.37.2",
		"1.7.12":               "1.7.12",
		"1.7.12-0ubuntu4.1":    "1.7.12",
		" v1.37.0-rc.1 ":       "1.37.0",
		"v1.29.3+k3s1":         "1.29.3",
		"2.0.4":                "2.0.4",
		"v1.31.1-aks-internal": "1.31.1",
	} {
		v, err := parseVersion(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := v.String(); got != want {
			t.Errorf("%q parsed as %s, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "latest", "v1", "containerd://1.7.12"} {
		if _, err := parseVersion(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestSupport(t *testing.T) {
	d := mustData(t)
	for _, tc := range []struct {
		day, version string
		want         support
	}{
		{"2026-11-22", "v1.37.2", supported},
		{"2026-11-22", "v1.35.0", supported},
		{"2026-11-22", "v1.34.9", pastEOL}, // end of life 2026-10-27
		{"2026-10-27", "v1.34.9", supported},
		{"2026-10-28", "v1.34.9", pastEOL},
		{"2026-11-22", "v1.18.20", pastEOL}, // older than the data
		{"2026-11-22", "v1.38.0", newerThanData},
		{"2026-11-22", "v2.0.0", newerThanData},
		{"2028-01-01", "v1.37.2", pastEOL},
	} {
		fixNow(t, tc.day)
		v, _ := parseVersion(tc.version)
		if got, _ := d.support(v, now()); got != tc.want {
			t.Errorf("%s on %s: got %d, want %d", tc.version, tc.day, got, tc.want)
		}
	}
}

func TestCVEMatching(t *testing.T) {
	d := mustData(t)
	for _, tc := range []struct {
		component, os, version string
		want                   []string
	}{
		{"kube-apiserver", "", "v1.27.2", []string{"CVE-2023-2727", "CVE-2023-2728", "CVE-2024-3177"}},
		{"kube-apiserver", "", "v1.27.3", []string{"CVE-2024-3177"}},
		{"kube-apiserver", "", "v1.27.13-eks-1234", nil},
		{"kube-apiserver", "", "v1.23.0", []string{"CVE-2022-3172", "CVE-2023-2727", "CVE-2023-2728", "CVE-2024-3177"}}, // 1.23 never got the 2023 fixes
		{"kube-apiserver", "", "v1.37.2", nil},                                                                          // CVE-2020-8554 has no fix: not a version finding
		{"kubelet", "linux", "v1.28.3", []string{"CVE-2024-10220"}},
		{"kubelet", "windows", "v1.28.3", []string{"CVE-2023-5528", "CVE-2024-10220"}},
		{"kubelet", "linux", "v1.31.0", nil},
		{"containerd", "", "1.7.12", []string{"CVE-2024-40635"}},
		{"containerd", "", "1.7.27", nil},
		{"containerd", "", "2.1.0", nil},
		{"containerd", "", "1.2.13", []string{"CVE-2020-15257", "CVE-2022-23648", "CVE-2023-25173", "CVE-2024-40635"}},
		{"cri-o", "", "1.18.4", nil}, // before CVE-2022-0811 was introduced
		{"cri-o", "", "1.22.2", []string{"CVE-2022-0811"}},
		{"cri-o", "", "1.22.3", nil},
	} {
		v, err := parseVersion(tc.version)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range d.matching(tc.component, tc.os, v) {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s %s %s: got %v, want %v", tc.component, tc.os, tc.version, got, tc.want)
		}
	}
}

func TestFixText(t *testing.T) {
	d := mustData(t)
	c := &d.CVEs[slices.IndexFunc(d.CVEs, func(c CVE) bool { return c.ID == "CVE-2023-2727" })]
	for in, want := range map[string]string{
		"v1.26.1": "fixed in 1.26.6",
		"v1.23.5": "no fix for 1.23; fixed in 1.24.15, 1.25.11, 1.26.6, 1.27.3",
	} {
		v, _ := parseVersion(in)
		if got := c.fixText(v); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestSkew(t *testing.T) {
	for _, tc := range []struct {
		kubelet, apiserver string
		ok                 bool
	}{
		{"v1.37.2", "v1.37.2", true},
		{"v1.34.0", "v1.37.2", true},  // three older: allowed since 1.28
		{"v1.33.9", "v1.37.2", false}, // four older
		{"v1.38.0", "v1.37.2", false}, // newer than the API server
		{"v1.25.0", "v1.27.0", true},  // two older before 1.28
		{"v1.24.0", "v1.27.0", false}, // three older before 1.28
		{"v1.25.0", "v1.28.0", true},
	} {
		k, _ := parseVersion(tc.kubelet)
		a, _ := parseVersion(tc.apiserver)
		if got := skew(k, a); (got == "") != tc.ok {
			t.Errorf("kubelet %s, API server %s: %q", tc.kubelet, tc.apiserver, got)
		}
	}
}

package cluster

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// TestNodeChecks runs the node checks over their fixtures: Node objects
// read from files, with no API server version (so no skew verdict).
func TestNodeChecks(t *testing.T) {
	fixNow(t, "2026-11-22")
	checktest.Run(t, "testdata", []*check.Check{kubeletVersion, runtimeVersion}, nil)
}

// load reads a fixture into an inventory, with a cluster when gitVersion
// is not empty.
func load(t *testing.T, file, gitVersion string) *inventory.Inventory {
	t.Helper()
	inv := inventory.New(nil, nil)
	if file != "" {
		inv = checktest.Load(t, file)
	}
	if gitVersion != "-" {
		inv.Cluster = &inventory.ClusterInfo{Server: "https://cluster.example:6443", GitVersion: gitVersion}
	}
	return inv
}

// TestControlPlaneChecks judges hand-built cluster inventories; the
// results of every case are in one golden file.
func TestControlPlaneChecks(t *testing.T) {
	fixNow(t, "2026-11-22")
	cases := []struct {
		name, nodes, gitVersion string
		want                    map[string]check.Status // by check id; absent: no result
	}{
		{"file scan", "testdata/kubelet-version/fail-eol-and-cves.yaml", "-", nil},
		{"supported", "", "v1.37.2", map[string]check.Status{"kubernetes-version-supported": check.Pass, "kubernetes-known-cves": check.Pass}},
		{"end of life", "", "v1.34.9", map[string]check.Status{"kubernetes-version-supported": check.Fail, "kubernetes-known-cves": check.Pass}},
		{"old and vulnerable", "", "v1.27.2", map[string]check.Status{"kubernetes-version-supported": check.Fail, "kubernetes-known-cves": check.Fail}},
		{"older than the data", "", "v1.12.1", map[string]check.Status{"kubernetes-version-supported": check.Fail, "kubernetes-known-cves": check.Fail}},
		{"newer than the data", "", "v1.39.1", map[string]check.Status{"kubernetes-version-supported": check.NotChecked, "kubernetes-known-cves": check.Pass}},
		{"managed EKS", "", "v1.28.5-eks-5e0fdde", map[string]check.Status{"kubernetes-version-supported": check.Fail, "kubernetes-known-cves": check.Fail}},
		{"managed by node label", "testdata/kubelet-version/fail-eol-and-cves.yaml", "v1.27.1", map[string]check.Status{"kubernetes-version-supported": check.Fail, "kubernetes-known-cves": check.Fail}},
		{"version not read", "", "", map[string]check.Status{"kubernetes-version-supported": check.NotChecked, "kubernetes-known-cves": check.NotChecked}},
		{"version unparsable", "", "unknown", map[string]check.Status{"kubernetes-version-supported": check.NotChecked, "kubernetes-known-cves": check.NotChecked}},
	}
	var golden []string
	for _, tc := range cases {
		inv := load(t, tc.nodes, tc.gitVersion)
		golden = append(golden, "# "+tc.name)
		for _, c := range []*check.Check{versionSupported, knownCVEs} {
			var got []check.Result
			c.Run(inv, &check.Options{}, func(r check.Result) { got = append(got, r) })
			want, ok := tc.want[c.ID]
			switch {
			case !ok && len(got) != 0:
				t.Errorf("%s: %s: want no result, got %v", tc.name, c.ID, got)
			case ok && (len(got) != 1 || got[0].Status != want || got[0].Object != nil):
				t.Errorf("%s: %s: want one %s result with no object, got %+v", tc.name, c.ID, want, got)
			}
			golden = append(golden, checktest.Results(c, inv, nil)...)
		}
	}
	checktest.Golden(t, "testdata/control-plane.golden", strings.Join(golden, "\n")+"\n")
}

// TestKubeletSkew judges kubelets from files against a cluster's API
// server version.
func TestKubeletSkew(t *testing.T) {
	fixNow(t, "2026-11-22")
	for _, tc := range []struct {
		gitVersion string
		skewed     []string // nodes whose kubelet breaks the skew policy
	}{
		{"v1.37.2", []string{"old-linux", "old-windows"}}, // 1.34 is three older: allowed; 1.28 is not
		{"v1.31.0", []string{"eol-only"}},                 // 1.28 is three older: allowed; 1.34 is newer
		{"v1.34.1", []string{"old-linux", "old-windows"}}, // six older
	} {
		inv := load(t, "testdata/kubelet-version/fail-eol-and-cves.yaml", tc.gitVersion)
		var got []string
		kubeletVersion.Run(inv, &check.Options{}, func(r check.Result) {
			if strings.Contains(r.Message, "API server") {
				got = append(got, r.Object.Name)
			}
		})
		if strings.Join(got, ",") != strings.Join(tc.skewed, ",") {
			t.Errorf("API server %s: skew reported for %v, want %v", tc.gitVersion, got, tc.skewed)
		}
	}
}

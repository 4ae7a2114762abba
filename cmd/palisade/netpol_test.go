package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/netpol"
)

// TestNetpolGolden runs netpol commands on files and compares stdout with
// golden files under testdata/netpol (regenerate with -update).
func TestNetpolGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   []string
	}{
		{"reach-pair.txt", []string{"reach", "shop/client", "shop/web", selectorsFixture}},
		{"reach-namespace.txt", []string{"reach", "ops/api", "shop/*", "--port", "8080", selectorsFixture}},
		{"reach-internet.json", []string{"reach", "internet", "shop/Deployment/web", "-o", "json", "testdata/netpol/exposure.yaml"}},
		{"exposure.txt", []string{"exposure", "testdata/netpol/exposure.yaml"}},
		{"exposure.json", []string{"exposure", "-o", "json", "testdata/netpol/exposure.yaml"}},
		{"coverage.txt", []string{"coverage", selectorsFixture, "testdata/netpol/exposure.yaml"}},
		{"coverage.json", []string{"coverage", "-o", "json", selectorsFixture}},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			code, stdout, stderr := palisade(t, "", append([]string{"netpol"}, c.args...)...)
			if code != exitClean {
				t.Fatalf("exit code %d, want 0 (stderr: %s)", code, stderr)
			}
			checktest.Golden(t, filepath.Join("testdata", "netpol", c.golden), stdout)
		})
	}
}

func TestNetpolReachJSON(t *testing.T) {
	code, stdout, _ := palisade(t, "", "netpol", "reach", "monitoring/prometheus", "shop/web", "--port", "http", "-o", "json", selectorsFixture)
	if code != exitClean {
		t.Fatalf("exit code %d", code)
	}
	var got []netpol.ReachResult
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, stdout)
	}
	if len(got) != 1 || got[0].Verdict != netpol.Allowed || len(got[0].Ingress.Allowing) != 1 || got[0].Ingress.Allowing[0] != "shop/web-from-client spec.ingress[1]" {
		t.Errorf("got %+v, want one answer allowed by shop/web-from-client spec.ingress[1]", got)
	}
}

func TestNetpolErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown workload", []string{"reach", "shop/nope", "shop/web", selectorsFixture}, `FROM: no workload "shop/nope"`},
		{"bad endpoint", []string{"reach", "a/b/c/d", "shop/web", selectorsFixture}, "is not internet"},
		{"bad port", []string{"reach", "shop/client", "shop/web", "--port", "99999", selectorsFixture}, "--port"},
		{"bad protocol", []string{"reach", "shop/client", "shop/web", "--port", "80/ICMP", selectorsFixture}, "protocol"},
		{"unknown named port", []string{"reach", "shop/client", "shop/web", "--port", "grpc", selectorsFixture}, `no TCP port named "grpc"`},
		{"named port to internet", []string{"reach", "shop/client", "internet", "--port", "http", selectorsFixture}, "needs a workload destination"},
		{"bad format", []string{"exposure", "-o", "sarif", selectorsFixture}, "unknown output format"},
		{"missing file", []string{"exposure", "testdata/netpol/nope.yaml"}, "nope.yaml"},
		{"one argument", []string{"reach", "shop/client"}, "requires at least 2 arg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := palisade(t, "", append([]string{"netpol"}, c.args...)...)
			if code != exitErrors {
				t.Errorf("exit code %d, want %d", code, exitErrors)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr does not say %q:\n%s", c.want, stderr)
			}
		})
	}
}

// selectorsFixture is the netpol package's truth-table fixture, which the
// command is asked about too.
const selectorsFixture = "../../internal/netpol/testdata/truth/selectors.yaml"

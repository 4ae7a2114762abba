// Package clustertest probes real components: a kube-apiserver with
// anonymous authentication on and off, and etcd over plain HTTP and over
// TLS with client-certificate authentication, all started by
// internal/testcluster. (Kubelets cannot run here; they are probed as a
// stand-in HTTP server in the probe package's own tests.)
package clustertest

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/probe"
	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// run probes one target as `palisade probe --all COMPONENT://HOST:PORT`
// does and returns the report.
func run(t *testing.T, component, rawURL string) *report.Report {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	targets, err := probe.ParseTargets([]string{component + "://" + u.Host})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := probe.Run(context.Background(), probe.Options{
		Targets: targets, Collect: probe.CollectOptions{Timeout: 20 * time.Second}, IncludePassed: true, Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// golden renders the report's findings, one a line, with the random port
// replaced, and compares them with testdata/<name>.golden (-update
// rewrites it).
func golden(t *testing.T, name string, rep *report.Report) {
	t.Helper()
	var b strings.Builder
	for _, f := range rep.Findings {
		fmt.Fprintf(&b, "%s[%s] %s %s %s: %s\n", f.Status, f.Check.Severity, f.Check.ID, f.Resource.Name, f.Path, f.Message)
	}
	got := loopbackPort.ReplaceAllString(b.String(), "127.0.0.1:PORT")
	got = etcdVersion.ReplaceAllString(got, "version 3.X.Y")
	checktest.Golden(t, filepath.Join("testdata", name+".golden"), got)
}

var (
	loopbackPort = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	etcdVersion  = regexp.MustCompile(`version 3\.\d+\.\d+`)
)

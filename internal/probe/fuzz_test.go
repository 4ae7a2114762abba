package probe

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// maxSummary bounds a summary: whatever a server answers (up to 8 MiB),
// the finding that quotes it stays one line of at most a few values, each
// cut short.
const maxSummary = 2048

// FuzzSummarize summarizes arbitrary answers of arbitrary servers: the
// summary is one printable line of bounded length, whatever the body and
// content type.
func FuzzSummarize(f *testing.F) {
	for _, seed := range [][2]string{
		{"application/json", `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"12","continue":"x"},"items":[{"metadata":{"name":"a"}}]}`},
		{"application/json", `{"kind":"Status","status":"Failure","message":"forbidden: User \"system:anonymous\" cannot list resource \"secrets\"","code":403}`},
		{"application/json", `{"major":"1","gitVersion":"v1.37.2"}`},
		{"application/json", `{"etcdserver":"3.6.16","header":{"revision":"5"},"count":"412","health":"true"}`},
		{"application/json", `{"count":1e400,"items":{},"metadata":[]}`},
		{"application/json", " \u00a0{\"kind\":\"\\u001b[31mred\",\"message\":\"\xff\xfe\"}"},
		{"application/json", `[1,{"a":[2]},"x"`},
		{"text/plain; version=0.0.4", "# HELP a\n# TYPE a counter\na 1\n"},
		{"application/json", `{"kind":"\u001b[31mred\n","gitVersion":"` + strings.Repeat("v", 600) + `"}`},
		{"text/plain\x1b[2J", "ok\n"},
		{"text/plain\x1b[2J", "ok\nok\n"},
		{"", "Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)"},
		{"", "\x16\x03\x01\x00"},
	} {
		f.Add(seed[0], []byte(seed[1]))
	}
	f.Add("application/json", []byte(podList))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		s := summarize(contentType, strings.NewReader(string(body)))
		if s == "" || len(s) > maxSummary || !utf8.ValidString(s) || !printable(s) {
			t.Fatalf("summary %q: empty, longer than %d bytes, or not one printable line", s, maxSummary)
		}
	})
}

// FuzzParseTargets parses arbitrary command-line targets: each is an
// error naming the target, or targets with a host, a port and a known
// component that parse back to themselves from their name.
func FuzzParseTargets(f *testing.F) {
	for _, seed := range []string{"10.0.0.5:10250", "node-1", "etcd://10.0.0.2:32379", "kubelet://[fd00::5]:11250",
		"[fd00::7]", "fd00::6", "cp:0", "https://cp:6443/api", "[]", "[]:10250", "kubelet://[]", "[::1]]", "a:b:c", "[a]:6443",
		"apiserver://%", "kubelet://host:65536", "::", "[fe80::1%eth0]:10250"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		ts, err := ParseTargets([]string{arg})
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("target %q", arg)) {
				t.Fatalf("error %q does not name the target %q", err, arg)
			}
			return
		}
		if len(ts) == 0 {
			t.Fatalf("%q: no target and no error", arg)
		}
		for _, tg := range ts {
			if tg.Host == "" || tg.Port < 1 || tg.Port > 65535 || !slices.ContainsFunc(defaultPorts, func(d struct {
				component endpoint.Component
				port      int
			}) bool {
				return d.component == tg.Component
			}) {
				t.Fatalf("%q gives target %+v", arg, tg)
			}
			back, err := ParseTargets([]string{string(tg.Component) + "://" + tg.Name()})
			if err != nil || len(back) != 1 || back[0] != tg {
				t.Fatalf("%q gives %+v, whose name %s parses to %+v, %v", arg, tg, tg.Name(), back, err)
			}
		}
	})
}

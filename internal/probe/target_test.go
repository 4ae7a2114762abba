package probe

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseTargets(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // "component@name ..." or "error: ..."
	}{
		{[]string{"10.0.0.5:10250"}, "kubelet@10.0.0.5:10250"},
		{[]string{"node-1:10255", "node-1:2379", "cp:443", "cp:6443"}, "kubelet-read-only@node-1:10255 etcd@node-1:2379 apiserver@cp:443 apiserver@cp:6443"},
		{[]string{"node-1"}, "apiserver@node-1:6443 etcd@node-1:2379 kubelet@node-1:10250 kubelet-read-only@node-1:10255 kube-proxy@node-1:10249 controller-manager@node-1:10257 scheduler@node-1:10259"},
		{[]string{"etcd://10.0.0.2:32379", "apiserver://cp.example.com", "kubelet://[fd00::5]:11250"}, "etcd@10.0.0.2:32379 apiserver@cp.example.com:6443 kubelet@[fd00::5]:11250"},
		{[]string{"[fd00::5]:10250", "fd00::6", "[fd00::7]"}, "kubelet@[fd00::5]:10250 apiserver@[fd00::6]:6443 etcd@[fd00::6]:2379 kubelet@[fd00::6]:10250 kubelet-read-only@[fd00::6]:10255 kube-proxy@[fd00::6]:10249 controller-manager@[fd00::6]:10257 scheduler@[fd00::6]:10259 apiserver@[fd00::7]:6443 etcd@[fd00::7]:2379 kubelet@[fd00::7]:10250 kubelet-read-only@[fd00::7]:10255 kube-proxy@[fd00::7]:10249 controller-manager@[fd00::7]:10257 scheduler@[fd00::7]:10259"},
		{[]string{"10.0.0.5:10250", "kubelet://10.0.0.5"}, "kubelet@10.0.0.5:10250"},
		{[]string{"10.0.0.5:8080"}, `error: target "10.0.0.5:8080": port 8080 is not a well-known Kubernetes port: name the component, e.g. apiserver://10.0.0.5:8080`},
		{[]string{"redis://10.0.0.5"}, `error: target "redis://10.0.0.5": unknown component "redis" (one of apiserver, etcd, kubelet, kubelet-read-only, kube-proxy, controller-manager, scheduler)`},
		{[]string{"https://cp:6443/api"}, `error: target "https://cp:6443/api": unknown component "https"`},
		{[]string{"kubelet://cp:6443/pods"}, `error: target "kubelet://cp:6443/pods": a target is HOST[:PORT], without a path, query or user`},
		{[]string{"cp:0"}, `error: target "cp:0": port "0" is not a number from 1 to 65535`},
		{[]string{"cp:http"}, `error: target "cp:http": port "http" is not a number`},
		{[]string{":10250"}, `error: target ":10250": no host`},
		{[]string{""}, `error: target "": no host`},
		{[]string{"kubelet://"}, `error: target "kubelet://": no host`},
		{[]string{"[]"}, `error: target "[]": brackets enclose an IPv6 address`},
		{[]string{"kubelet://[::1]]"}, `error: target "kubelet://[::1]]": brackets enclose an IPv6 address`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			ts, err := ParseTargets(tc.args)
			got := ""
			if err != nil {
				got = "error: " + err.Error()
			} else {
				var parts []string
				for _, tg := range ts {
					parts = append(parts, fmt.Sprintf("%s@%s", tg.Component, tg.Name()))
				}
				got = strings.Join(parts, " ")
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

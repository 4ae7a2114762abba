package controlplane

import (
	"fmt"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		comp  string
		argv  []string
		flag  string
		want  string // "value@index" of the effective occurrence, "-" when absent
		count int    // occurrences kept
	}{
		{"equals", APIServer, []string{"--anonymous-auth=false"}, "anonymous-auth", "false@0", 1},
		{"space-separated value", APIServer, []string{"--authorization-mode", "Node,RBAC"}, "authorization-mode", "Node,RBAC@0", 1},
		{"bare boolean", APIServer, []string{"--profiling"}, "profiling", "true@0", 1},
		{"boolean never takes the next argument", APIServer, []string{"--profiling", "false"}, "profiling", "true@0", 1},
		{"last occurrence wins", APIServer, []string{"--anonymous-auth=false", "--x=1", "--anonymous-auth=true"}, "anonymous-auth", "true@2", 2},
		{"empty value", APIServer, []string{"--token-auth-file="}, "token-auth-file", "@0", 1},
		{"value containing '='", ControllerManager, []string{"--feature-gates=A=true,B=false"}, "feature-gates", "A=true,B=false@0", 1},
		{"unknown flag before a flag is bare", APIServer, []string{"--v", "--profiling=false"}, "profiling", "false@1", 1},
		{"parsing stops at --", APIServer, []string{"--", "--anonymous-auth=false"}, "anonymous-auth", "-", 0},
		{"single dash is a shorthand for pflag", APIServer, []string{"-anonymous-auth=false"}, "anonymous-auth", "-", 0},
		{"single dash is a flag for etcd", Etcd, []string{"-client-cert-auth", "-cert-file", "/pki/server.crt"}, "cert-file", "/pki/server.crt@1", 1},
		{"etcd bare boolean", Etcd, []string{"-client-cert-auth", "-cert-file", "/pki/server.crt"}, "client-cert-auth", "true@0", 1},
		{"positional arguments ignored", Scheduler, []string{"stray", "--bind-address=127.0.0.1"}, "bind-address", "127.0.0.1@1", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var argv []arg
			for i, a := range tc.argv {
				argv = append(argv, arg{text: a, path: fmt.Sprint(i)})
			}
			c := &Component{Flags: parseFlags(argv, boolFlags[tc.comp], tc.comp == Etcd)}
			got := "-"
			if f, ok := c.Flag(tc.flag); ok {
				got = f.Value + "@" + f.Path
			}
			if got != tc.want || len(c.Flags[tc.flag]) != tc.count {
				t.Errorf("got %s (%d occurrences), want %s (%d)", got, len(c.Flags[tc.flag]), tc.want, tc.count)
			}
		})
	}
}

func TestItemsAppendOverOccurrences(t *testing.T) {
	c := &Component{Flags: parseFlags([]arg{{"--enable-admission-plugins=NodeRestriction", "a", ""}, {"--enable-admission-plugins", "b", ""}, {"EventRateLimit, AlwaysPullImages", "c", ""}}, boolFlags[APIServer], false)}
	var got []string
	for _, it := range c.Items("enable-admission-plugins") {
		got = append(got, it.Value+"@"+it.Path)
	}
	want := []string{"NodeRestriction@a", "EventRateLimit@b", "AlwaysPullImages@b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestFindComponents(t *testing.T) {
	for _, tc := range []struct {
		name   string
		labels map[string]string
		ctr    corev1.Container
		want   string // "name argvPath", or "" for none
	}{
		{"command with a path", nil, corev1.Container{Name: "x", Command: []string{"/usr/local/bin/kube-apiserver"}}, "kube-apiserver spec.containers[0].command"},
		{"entrypoint image, args only", nil, corev1.Container{Name: "etcd", Args: []string{"--cert-file=a"}}, "etcd spec.containers[0].args"},
		{"kubeadm label, unknown wrapper", map[string]string{"component": "kube-scheduler", "tier": "control-plane"}, corev1.Container{Name: "main", Command: []string{"/wrapper", "--profiling=false"}}, "kube-scheduler spec.containers[0].command profiling=false"},
		{"go-runner (kops)", nil, corev1.Container{Name: "main", Command: []string{"/go-runner", "--log-file=/var/log/kube-scheduler.log", "/usr/local/bin/kube-scheduler"}, Args: []string{"--profiling=false"}}, "kube-scheduler spec.containers[0].command profiling=false"},
		{"shell script", nil, corev1.Container{Name: "etcd", Command: []string{"/bin/sh", "-c", "exec etcd --client-cert-auth"}}, "etcd spec.containers[0].command unreadable"},
		{"not a component", nil, corev1.Container{Name: "coredns", Args: []string{"-conf", "/etc/coredns/Corefile"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := inventory.New([]*inventory.Object{pod("kube-system", "p", tc.labels, tc.ctr)}, nil)
			got := ""
			if cs := Components(inv); len(cs) == 1 {
				got = cs[0].Name + " " + cs[0].ArgvPath
				if f, ok := cs[0].Flag("profiling"); ok {
					got += " profiling=" + f.Value
				}
				if cs[0].Unreadable != "" {
					got += " unreadable"
				}
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEtcdEnvironment(t *testing.T) {
	ctr := corev1.Container{Name: "etcd", Command: []string{"etcd", "--client-cert-auth=true"}, Env: []corev1.EnvVar{
		{Name: "ETCD_CLIENT_CERT_AUTH", Value: "false"},
		{Name: "ETCD_PEER_CLIENT_CERT_AUTH", Value: "true"},
		{Name: "ETCD_CERT_FILE", ValueFrom: &corev1.EnvVarSource{}},
		{Name: "OTHER", Value: "x"},
	}}
	c := Components(inventory.New([]*inventory.Object{pod("kube-system", "etcd", nil, ctr)}, nil))[0]
	for flag, want := range map[string]FlagValue{
		"client-cert-auth":      {Value: "true", Path: "spec.containers[0].command[1]"},
		"peer-client-cert-auth": {Value: "true", Path: "spec.containers[0].env[1].value", Env: "ETCD_PEER_CLIENT_CERT_AUTH"},
		"cert-file":             {Path: "spec.containers[0].env[2].valueFrom", Unknown: true, Env: "ETCD_CERT_FILE"},
	} {
		if got, _ := c.Flag(flag); got != want {
			t.Errorf("%s: got %+v, want %+v", flag, got, want)
		}
	}
	if _, ok := c.Flag("other"); ok {
		t.Error("a variable without the ETCD_ prefix became a flag")
	}
}

package workload

import "testing"

func TestExposedSocket(t *testing.T) {
	tests := []struct{ path, want string }{
		{"", ""},
		{"/var/run/docker.sock", "/var/run/docker.sock"},
		{"/var/run/docker.sock/", "/var/run/docker.sock"},
		{"/var/run", "/var/run/docker.sock"},
		{"/var/run/", "/var/run/docker.sock"},
		{"/var", "/var/run/docker.sock"},
		{"/", "/var/run/docker.sock"},
		{"/run/containerd", "/run/containerd/containerd.sock"},
		{"/var/lib/../run/crio", "/var/run/crio/crio.sock"},
		{"/var/run/app", ""},
		{"/var/runner", ""},
		{"/var/lib/docker", ""},
		{`\\.\pipe\docker_engine`, `\\.\pipe\docker_engine`},
		{`\\.\PIPE\Containerd-Containerd`, `\\.\pipe\containerd-containerd`},
	}
	for _, tt := range tests {
		if got := exposedSocket(tt.path); got != tt.want {
			t.Errorf("exposedSocket(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestExposedSensitivePath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"", ""},
		{"/", "/"},
		{"/etc", "/etc"},
		{"/etc/kubernetes/pki/", "/etc/kubernetes"},
		{"/var/lib/kubelet/pods", "/var/lib/kubelet"},
		{"/var", "/var/lib/kubelet"},
		{"/var/lib", "/var/lib/kubelet"},
		{"/var/logs-archive", ""},
		{"/var/lib/app-data", ""},
		{"/data", ""},
		{"/srv/app/logs", ""},
	}
	for _, tt := range tests {
		if got := exposedSensitivePath(tt.path); got != tt.want {
			t.Errorf("exposedSensitivePath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestSysctlName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"net.ipv4.tcp_syncookies", "net.ipv4.tcp_syncookies"},
		{"net/ipv4/tcp_syncookies", "net.ipv4.tcp_syncookies"},
		{"net.ipv4.conf.eno2/100.rp_filter", "net.ipv4.conf.eno2/100.rp_filter"},
		{"net/ipv4/conf/eno2.100/rp_filter", "net.ipv4.conf.eno2/100.rp_filter"},
		{"kernel", "kernel"},
	}
	for _, tt := range tests {
		if got := sysctlName(tt.name); got != tt.want {
			t.Errorf("sysctlName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

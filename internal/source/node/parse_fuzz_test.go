package node

import (
	"io/fs"
	"path"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// mapFS is a node file system in memory, for the fuzz targets: node paths
// ("/etc/passwd") are looked up in an fstest.MapFS without the leading
// slash. Files have no owner (UID and GID -1).
type mapFS fstest.MapFS

func (m mapFS) rel(name string) string {
	if p := strings.TrimPrefix(path.Clean("/"+name), "/"); p != "" {
		return p
	}
	return "."
}

func (m mapFS) Stat(name string) (fs.FileInfo, error) { return fstest.MapFS(m).Stat(m.rel(name)) }
func (m mapFS) ReadFile(name string) ([]byte, error)  { return fstest.MapFS(m).ReadFile(m.rel(name)) }
func (m mapFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return fstest.MapFS(m).ReadDir(m.rel(name))
}

// put adds a file at a node path.
func (m mapFS) put(p string, data []byte) { m[m.rel(p)] = &fstest.MapFile{Data: data, Mode: 0o600} }

const (
	unitPath   = "/usr/lib/systemd/system/kubelet.service"
	dropInPath = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"
	envPath    = "/var/lib/kubelet/kubeadm-flags.env"
)

// FuzzUnit evaluates arbitrary kubelet unit files, drop-ins and
// environment files: every argument of the command line has an origin in
// one of the files read, and every error names its file.
func FuzzUnit(f *testing.F) {
	f.Add([]byte("[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n"),
		[]byte(`[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`),
		[]byte(`KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"`+"\n"))
	f.Add([]byte("[Service]\nExecStart=-/usr/bin/kubelet \\\n  --config=/var/lib/kubelet/config.yaml \\\n  ${EXTRA}\r\n"),
		[]byte("[Service]\nEnvironment='EXTRA=--read-only-port=10255 --anonymous-auth=true' \"B=x\"\nEnvironmentFile=/nonexistent\n"),
		[]byte("export EXTRA='--profiling'\n# comment\n; comment\nBAD LINE\n=\nX=\"unterminated\n"))
	f.Add([]byte("[Service]\nExecStart=@/usr/bin/kubelet kubelet $A ${B} $ ${} $$ \"${C}\" 'a b\n"),
		[]byte("[Service\nExecStart=\n[Service]\nEnvironmentFile=-"+envPath+"\nEnvironmentFile="+envPath+"\nEnvironmentFile=/\n"),
		[]byte("A=\"x\\\"y\"\nB=\\\nC=${A}\n\x00\xff\n"))
	f.Fuzz(func(t *testing.T, unitFile, dropIn, env []byte) {
		fsys := mapFS{}
		fsys.put(unitPath, unitFile)
		fsys.put(dropInPath, dropIn)
		fsys.put(envPath, env)
		u := readUnit(fsys, "kubelet.service")
		if u == nil {
			t.Fatal("a unit with a unit file was not read")
		}
		if len(u.argv) != len(u.origins) {
			t.Fatalf("%d arguments, %d origins", len(u.argv), len(u.origins))
		}
		for i, o := range u.origins {
			file, n, ok := strings.Cut(o, ":")
			line, err := strconv.Atoi(n)
			if !ok || err != nil || line < 1 || fsys.rel(file) == "." {
				t.Fatalf("argument %d (%q) has origin %q, not FILE:LINE", i, u.argv[i], o)
			}
			if _, err := fsys.Stat(file); err != nil {
				t.Fatalf("argument %d (%q) comes from %s, which does not exist", i, u.argv[i], file)
			}
		}
		for _, err := range u.errs {
			if !strings.HasPrefix(err.File, "/") {
				t.Fatalf("error %q does not name its file", err.Error())
			}
		}
		got := u.attribute(append([]string{"/usr/bin/kubelet"}, u.argv...))
		if len(got) != len(u.argv)+1 {
			t.Fatalf("attribute returned %d origins for %d arguments", len(got), len(u.argv)+1)
		}
		_ = u.binary()
	})
}

// FuzzIDs parses arbitrary /etc/passwd and /etc/group files: every id
// resolved is a real one (0 to 2^32-1, never -1, which stands for an owner
// the file system does not give), named by a line of the file.
func FuzzIDs(f *testing.F) {
	f.Add([]byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\netcd:x:998:998::/var/lib/etcd:/usr/sbin/nologin\n"),
		[]byte("root:x:0:\ndaemon:x:1:\netcd:x:998:\n"))
	f.Add([]byte("#root:x:0:0\nroot:x:-1:0\nother:x:0:0\n:x:5:\nbig:x:4294967296:\nplus:x:+7:\r\n"), []byte("\x00:x:2:\nx:x\n"))
	f.Fuzz(func(t *testing.T, passwd, group []byte) {
		fsys := mapFS{}
		fsys.put("/etc/passwd", passwd)
		fsys.put("/etc/group", group)
		ids := readIDs(fsys)
		for file, m := range map[string]map[int]string{"/etc/passwd": ids.users, "/etc/group": ids.groups} {
			data, _ := fsys.ReadFile(file)
			for id, name := range m {
				if id < 0 || id > 1<<32-1 {
					t.Fatalf("%s: id %d (%q) is not a user or group id", file, id, name)
				}
				if strings.ContainsAny(name, ":\n") {
					t.Fatalf("%s: name %q of id %d spans fields", file, name, id)
				}
				if !strings.Contains(string(data), name+":") {
					t.Fatalf("%s: name %q of id %d is not in the file", file, name, id)
				}
			}
		}
	})
}

// FuzzProcess reads arbitrary /proc/PID/cmdline and status files: a
// process is kept only when its executable is a component, with the
// command line split at NULs and a uid that is a real one or -1.
func FuzzProcess(f *testing.F) {
	f.Add([]byte("/usr/bin/kubelet\x00--config=/var/lib/kubelet/config.yaml\x00"), []byte("Name:\tkubelet\nUid:\t0\t0\t0\t0\n"))
	f.Add([]byte("etcd-v3.6.16\x00-data-dir\x00/var/lib/etcd"), []byte("Uid:\t-5\nUid:\t998\t998\n"))
	f.Add([]byte("\x00\x00kube-apiserver --profiling"), []byte("Uid:"))
	f.Add([]byte("kube-proxy-"), []byte("Uid:\t99999999999999999999\n"))
	f.Fuzz(func(t *testing.T, cmdline, status []byte) {
		fsys := mapFS{}
		fsys.put("/proc/42/cmdline", cmdline)
		fsys.put("/proc/42/status", status)
		fsys.put("/proc/self", nil)
		procs, err := findProcesses(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if len(procs) > 1 {
			t.Fatalf("%d processes from one pid", len(procs))
		}
		for _, p := range procs {
			if p.PID != 42 || componentOf(path.Base(p.Argv[0])) != p.Binary || p.Binary == "" {
				t.Fatalf("process %+v: pid or binary do not match the command line", p.Process)
			}
			if strings.Join(p.Argv, "\x00") != strings.TrimRight(string(cmdline), "\x00") {
				t.Fatalf("argv %q is not the command line %q", p.Argv, cmdline)
			}
			if p.UID < -1 || p.UID > 1<<32-1 {
				t.Fatalf("uid %d from status %q", p.UID, status)
			}
			_ = p.flags()
		}
	})
}

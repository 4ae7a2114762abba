package testcluster

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// buildScript builds the binaries on demand, relative to the repository root.
const buildScript = "hack/testbin/build.sh"

// binaries are the paths of the server executables.
type binaries struct {
	etcd, apiserver string
}

// ensureBinaries runs the build script once per test binary; the script
// returns at once when the binaries are cached.
var ensureBinaries = sync.OnceValues(func() (binaries, error) {
	root, err := repoRoot()
	if err != nil {
		return binaries{}, err
	}
	var stdout bytes.Buffer
	cmd := exec.Command(filepath.Join(root, buildScript))
	cmd.Dir = root
	cmd.Stdout = &stdout
	cmd.Stderr = os.Stderr // progress of a long cold build
	if err := cmd.Run(); err != nil {
		return binaries{}, fmt.Errorf("building test binaries with %s: %w", buildScript, err)
	}
	var b binaries
	for _, line := range strings.Split(stdout.String(), "\n") {
		name, path, _ := strings.Cut(line, "=")
		switch name {
		case "etcd":
			b.etcd = path
		case "kube-apiserver":
			b.apiserver = path
		}
	}
	if b.etcd == "" || b.apiserver == "" {
		return binaries{}, fmt.Errorf("%s printed no etcd= or kube-apiserver= line: %q", buildScript, stdout.String())
	}
	return b, nil
})

// repoRoot walks up from the working directory (a package directory under
// go test) to the directory holding the build script.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, buildScript)); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("finding the repository root: no " + buildScript + " above the working directory")
		}
		dir = parent
	}
}

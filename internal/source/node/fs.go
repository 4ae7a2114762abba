package node

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
)

// FS reads the node's files by the paths the node gives them ("/etc/...").
// The default reads under the root directory; tests substitute one that
// fails (a root user is never refused by file modes).
type FS interface {
	Stat(name string) (fs.FileInfo, error)
	ReadFile(name string) ([]byte, error)
	ReadDir(name string) ([]fs.DirEntry, error)
}

// dirFS reads the node's files under a root directory.
type dirFS struct{ root string }

func (d dirFS) host(name string) string {
	return filepath.Join(d.root, filepath.FromSlash(path.Clean("/"+name)))
}

func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(d.host(name)) }
func (d dirFS) ReadFile(name string) ([]byte, error)       { return os.ReadFile(d.host(name)) }
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(d.host(name)) }

// maxFileBytes bounds the files read; a node's config files are small.
const maxFileBytes = 16 << 20

// readFile reads a file of at most maxFileBytes.
func readFile(fsys FS, name string) ([]byte, error) {
	info, err := fsys.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, errors.New("is a directory")
	}
	if info.Size() > maxFileBytes {
		return nil, errors.New("larger than 16 MiB; not read")
	}
	return fsys.ReadFile(name)
}

// owner returns the numeric owner of a file, or -1s when the file system
// does not say.
func owner(info fs.FileInfo) (uid, gid int) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), int(st.Gid)
	}
	return -1, -1
}

// reason renders a file error for users: "permission denied", "no such
// file or directory", without the path the message already names.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// DirFS returns the FS of the node's files under root, for tests that
// wrap it.
func DirFS(root string) FS { return dirFS{root: root} }

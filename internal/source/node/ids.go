package node

import (
	"strconv"
	"strings"
)

// ids resolves numeric user and group ids through the node's own
// /etc/passwd and /etc/group (never the scanner's: in a container they
// differ, and etcd:etcd would be judged by the wrong database).
type ids struct {
	users, groups map[int]string
}

func readIDs(fsys FS) *ids {
	return &ids{users: idFile(fsys, "/etc/passwd"), groups: idFile(fsys, "/etc/group")}
}

// idFile parses name:x:id:... lines; unreadable files resolve nothing,
// and files whose owner has no name are then reported by number.
func idFile(fsys FS, name string) map[int]string {
	out := map[int]string{}
	data, err := readFile(fsys, name)
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Split(line, ":")
		if len(fields) < 3 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		// Ids are 32-bit and unsigned: "-1" would name the owner of
		// files whose owner the file system does not give.
		id, err := strconv.ParseUint(fields[2], 10, 32)
		if err != nil {
			continue
		}
		if _, dup := out[int(id)]; !dup {
			out[int(id)] = fields[0]
		}
	}
	return out
}

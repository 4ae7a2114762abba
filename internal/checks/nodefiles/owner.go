package nodefiles

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// judgeOwner compares the owner with the wanted user:group. For etcd's
// data directory, a node without an etcd user (kubeadm runs etcd as
// root) passes when the directory belongs to the user etcd runs as.
func judgeOwner(inv *inventory.Inventory, f *facts.File, want string) (check.Status, string) {
	got := name(f.User, f.UID) + ":" + name(f.Group, f.GID)
	if got == want {
		return check.Pass, fmt.Sprintf("%s is owned by %s", f.Path, got)
	}
	wantUser, _, _ := strings.Cut(want, ":")
	if wantUser == "etcd" {
		if uid, ok := etcdUID(inv); ok && uid == f.UID && f.User != "etcd" {
			return check.Pass, fmt.Sprintf("%s is owned by %s, the user etcd runs as (uid %d)", f.Path, got, uid)
		}
	}
	msg := fmt.Sprintf("%s is owned by %s, not %s", f.Path, got, want)
	if f.User == "" || f.Group == "" {
		msg += " (ids without a name have no entry in the node's /etc/passwd or /etc/group)"
	}
	return check.Fail, msg
}

func name(n string, id int) string {
	if n != "" {
		return n
	}
	return "uid/gid " + strconv.Itoa(id)
}

// etcdUID returns the user the running etcd process runs as.
func etcdUID(inv *inventory.Inventory) (int, bool) {
	for _, o := range inv.ByKind(facts.KindProcess) {
		if p, ok := o.Typed.(*facts.Process); ok && p.Binary == "etcd" && p.PID > 0 && p.UID >= 0 {
			return p.UID, true
		}
	}
	return 0, false
}

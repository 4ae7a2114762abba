package rbac

import (
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// A cluster scan limited to some namespaces did not list the RoleBindings
// of the others, which may grant its service accounts: the model says so.
func TestLimitedClusterScanIsUnread(t *testing.T) {
	inv := inventory.New(nil, nil)
	inv.Cluster = &inventory.ClusterInfo{Server: "https://k", Limited: "namespaces shop"}
	m := Build(inv, DefaultOptions(inv))
	if len(m.Unread) != 1 || !strings.Contains(m.Unread[0], "outside namespaces shop") {
		t.Errorf("Unread = %q", m.Unread)
	}
	inv.Cluster.Limited = ""
	if m := Build(inv, DefaultOptions(inv)); len(m.Unread) != 0 {
		t.Errorf("a scan of every namespace read every binding: %q", m.Unread)
	}
}

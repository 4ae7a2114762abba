package inventory

import "testing"

func TestUnread(t *testing.T) {
	inv := New(nil, nil)
	if got := inv.Unread("shop", "secrets"); got != "" {
		t.Errorf("nothing unread: %q", got)
	}
	inv.Coverage = []Coverage{{Resource: "secrets in namespace shop", Status: "forbidden"}, {Resource: "nodes", Status: "error"}}
	for _, tt := range []struct{ ns, resource, want string }{
		{"shop", "secrets", "secrets in namespace shop could not be read (forbidden)"},
		{"blog", "secrets", ""},
		{"", "nodes", "nodes could not be read (error)"},
		{"shop", "nodes", "nodes could not be read (error)"},
		{"shop", "pods", ""},
	} {
		if got := inv.Unread(tt.ns, tt.resource); got != tt.want {
			t.Errorf("Unread(%q, %q) = %q, want %q", tt.ns, tt.resource, got, tt.want)
		}
	}
}

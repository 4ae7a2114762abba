package netpol_test

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/netpol"
)

func TestAddrSet(t *testing.T) {
	set := func(cidrs ...string) netpol.AddrSet {
		var s netpol.AddrSet
		for _, c := range cidrs {
			p, err := netpol.ParseAddrSet(c)
			if err != nil {
				t.Fatal(err)
			}
			s = s.Union(p)
		}
		return s
	}
	tests := []struct {
		name string
		got  netpol.AddrSet
		want string
	}{
		{"union merges adjacent", set("10.0.0.0/25", "10.0.0.128/25"), "10.0.0.0/24"},
		{"union keeps families apart", set("0.0.0.0/0", "::/0").Minus(set("::/1")), "0.0.0.0/0, 8000::/1"},
		{"minus splits", set("10.0.0.0/24").Minus(set("10.0.0.64/26")), "10.0.0.0/26, 10.0.0.128/25"},
		{"minus the edges", set("10.0.0.0/24").Minus(set("10.0.0.0/32", "10.0.0.255/32")), "10.0.0.1-10.0.0.254"},
		{"intersect", set("10.0.0.0/8").Intersect(set("10.1.0.0/16", "11.0.0.0/8")), "10.1.0.0/16"},
		{"internet from everything", set("0.0.0.0/0", "::/0").Intersect(netpol.Internet), "every public IPv4 address, every public IPv6 address"},
		{"internet IPv4 only", set("0.0.0.0/0").Intersect(netpol.Internet), "every public IPv4 address, no IPv6 address"},
		{"private is not the internet", set("10.0.0.0/8", "192.168.0.0/16").Intersect(netpol.Internet), ""},
		{"single address", set("203.0.113.9"), "203.0.113.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if !set("0.0.0.0/0").Covers(set("8.8.8.8")) || set("10.0.0.0/8").Covers(set("8.8.8.8")) {
		t.Error("Covers is wrong")
	}
}

package netpol

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// addrRange is an inclusive range of addresses of one family.
type addrRange struct{ from, to netip.Addr }

// AddrSet is a set of IP addresses, as sorted, disjoint ranges. ipBlocks
// (a CIDR minus its excepts) and "the internet" are AddrSets, so a rule's
// admitted sources can be compared with the sources a question asks about.
type AddrSet []addrRange

// prefixSet is the set of one prefix's addresses.
func prefixSet(p netip.Prefix) AddrSet {
	p = p.Masked()
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	last, _ := netip.AddrFromSlice(b)
	return AddrSet{{p.Addr(), last}}
}

// ParseAddrSet reads a CIDR or a single address.
func ParseAddrSet(s string) (AddrSet, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, err
		}
		return AddrSet{{a, a}}, nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return nil, err
	}
	return prefixSet(p), nil
}

// mustSet builds a set from CIDRs known to be valid.
func mustSet(cidrs ...string) AddrSet {
	var s AddrSet
	for _, c := range cidrs {
		p, err := ParseAddrSet(c)
		if err != nil {
			panic(err)
		}
		s = s.Union(p)
	}
	return s
}

// Union returns the addresses in s or t.
func (s AddrSet) Union(t AddrSet) AddrSet {
	all := append(append(AddrSet{}, s...), t...)
	sort.Slice(all, func(i, j int) bool { return all[i].from.Less(all[j].from) })
	var out AddrSet
	for _, r := range all {
		if n := len(out); n > 0 && out[n-1].to.Is4() == r.from.Is4() && !out[n-1].to.Less(r.from.Prev()) {
			if out[n-1].to.Less(r.to) {
				out[n-1].to = r.to
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// Minus returns the addresses in s and not in t.
func (s AddrSet) Minus(t AddrSet) AddrSet {
	out := append(AddrSet{}, s...)
	for _, cut := range t {
		var next AddrSet
		for _, r := range out {
			if r.from.Is4() != cut.from.Is4() || cut.to.Less(r.from) || r.to.Less(cut.from) {
				next = append(next, r)
				continue
			}
			if r.from.Less(cut.from) {
				next = append(next, addrRange{r.from, cut.from.Prev()})
			}
			if cut.to.Less(r.to) {
				next = append(next, addrRange{cut.to.Next(), r.to})
			}
		}
		out = next
	}
	return out
}

// Intersect returns the addresses in both s and t.
func (s AddrSet) Intersect(t AddrSet) AddrSet { return s.Minus(s.Minus(t)) }

// Empty reports whether s has no address.
func (s AddrSet) Empty() bool { return len(s) == 0 }

// Covers reports whether every address of t is in s.
func (s AddrSet) Covers(t AddrSet) bool { return t.Minus(s).Empty() }

// String renders the set for people: a set of public addresses that
// holds a whole family of the internet as "every public IPv4 address, no
// IPv6 address", otherwise its ranges as CIDRs where they are one
// ("203.0.113.0/24"), at most six.
func (s AddrSet) String() string {
	var parts []string
	for _, fam := range []struct {
		name   string
		public AddrSet
	}{{"IPv4", internet4}, {"IPv6", internet6}} {
		if !Internet.Covers(s) {
			break
		}
		if s.Covers(fam.public) {
			parts = append(parts, "every public "+fam.name+" address")
			s = s.Minus(fam.public)
		} else if s.Intersect(fam.public).Empty() && len(parts) > 0 {
			parts = append(parts, "no "+fam.name+" address")
		}
	}
	for i, r := range s {
		if i == 6 {
			parts = append(parts, "and "+strconv.Itoa(len(s)-i)+" more ranges")
			break
		}
		parts = append(parts, r.String())
	}
	return strings.Join(parts, ", ")
}

// String renders the range as an address, a CIDR, or "first-last".
func (r addrRange) String() string {
	if r.from == r.to {
		return r.from.String()
	}
	for bits := 0; bits <= r.from.BitLen(); bits++ {
		if p := netip.PrefixFrom(r.from, bits); p.Masked().Addr() == r.from && prefixSet(p)[0].to == r.to {
			return p.String()
		}
	}
	return r.from.String() + "-" + r.to.String()
}

// Internet is every public address: IPv4 and IPv6 without the private,
// shared, loopback, link-local and multicast ranges. A rule admits "the
// internet" when it admits all of it, both families.
var Internet = internet4.Union(internet6)

var (
	internet4 = mustSet("0.0.0.0/0").Minus(mustSet("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
		"127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"))
	internet6 = mustSet("::/0").Minus(mustSet("::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8"))
)

// AllAddrs is every IPv4 and IPv6 address.
var AllAddrs = mustSet("0.0.0.0/0", "::/0")

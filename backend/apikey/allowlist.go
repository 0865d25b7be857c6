package apikey

import (
	"fmt"
	"net/netip"
	"strings"
)

// maxAllowList bounds a key's allow-list.
const maxAllowList = 100

// AllowList is a key's IP allow-list, parsed once so the gateway's check is a
// few prefix comparisons with no allocation. An empty list allows every IP.
type AllowList []netip.Prefix

// ParseAllowList validates every entry (an IPv4/IPv6 address or a CIDR) and
// returns the canonical entries to store. bad names the first bad entry.
func ParseAllowList(entries []string) (list AllowList, canonical []string, err error) {
	if len(entries) > maxAllowList {
		return nil, nil, fmt.Errorf("at most %d entries are allowed", maxAllowList)
	}
	seen := map[netip.Prefix]bool{}
	for _, raw := range entries {
		e := strings.TrimSpace(raw)
		var p netip.Prefix
		if strings.Contains(e, "/") {
			pp, perr := netip.ParsePrefix(e)
			if perr != nil || pp.Addr().Zone() != "" {
				return nil, nil, badEntry(raw, e)
			}
			if pp.Addr().Is4In6() {
				// Callers are matched as IPv4 (Allows unmaps them), so an
				// IPv4-mapped range is stored as the IPv4 range it means.
				if pp.Bits() < 96 {
					return nil, nil, fmt.Errorf("%q is an IPv4-mapped range wider than the IPv4 space; write the IPv4 range instead (like 127.0.0.0/8)", raw)
				}
				pp = netip.PrefixFrom(pp.Addr().Unmap(), pp.Bits()-96)
			}
			p = pp.Masked()
		} else {
			a, perr := netip.ParseAddr(e)
			if perr != nil || a.Zone() != "" {
				return nil, nil, fmt.Errorf("%q is not a valid IP address or CIDR range", raw)
			}
			a = a.Unmap()
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		list = append(list, p)
		if p.IsSingleIP() {
			canonical = append(canonical, p.Addr().String())
		} else {
			canonical = append(canonical, p.String())
		}
	}
	return list, canonical, nil
}

// Allows reports whether ip may use the key.
func (l AllowList) Allows(ip netip.Addr) bool {
	if len(l) == 0 {
		return true
	}
	ip = ip.Unmap()
	for _, p := range l {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// AllowListOf is the allow-list of a stored key (the canonical strings
// ParseAllowList returned). An entry that does not parse allows nothing; an
// empty list allows every IP.
func AllowListOf(entries []string) AllowList {
	if len(entries) == 0 {
		return nil
	}
	out := make(AllowList, 0, len(entries))
	for _, e := range entries {
		l, _, err := ParseAllowList([]string{e})
		if err != nil {
			out = append(out, netip.Prefix{}) // the zero prefix contains nothing
			continue
		}
		out = append(out, l...)
	}
	return out
}

// badEntry says what is wrong with an entry that does not parse: its
// prefix length when the address itself is fine.
func badEntry(raw, e string) error {
	addr, _, _ := strings.Cut(e, "/")
	if a, err := netip.ParseAddr(addr); err == nil && a.Zone() == "" {
		return fmt.Errorf("%q has an invalid prefix length (0-%d)", raw, a.BitLen())
	}
	return fmt.Errorf("%q is not a valid IP address or CIDR range", raw)
}

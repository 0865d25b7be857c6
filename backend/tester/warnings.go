package tester

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// Warning is something the gateway would refuse, said before sending.
type Warning struct {
	// Code is the error the platform would answer with.
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Warnings lists what would make the gateway refuse a request made with k
// to an endpoint needing required ("" when it needs none), from this
// machine's address local (nil when unknown), at time now. They follow the
// gateway's own order: revoked, expired, IP allow-list, permission.
func Warnings(k wire.Key, required string, local net.IP, now time.Time) []Warning {
	out := []Warning{}
	switch {
	case k.Status == "revoked" || k.RevokedAt != nil:
		out = append(out, Warning{wire.CodeKeyRevoked,
			fmt.Sprintf("“%s” is revoked: the platform will refuse it (401 key_revoked).", k.Name)})
	case k.Status == "expired" || (k.ExpiresAt != nil && !k.ExpiresAt.After(now)):
		when := ""
		if k.ExpiresAt != nil {
			when = " on " + k.ExpiresAt.UTC().Format("2 Jan 2006 15:04 UTC")
		}
		out = append(out, Warning{wire.CodeKeyExpired,
			fmt.Sprintf("“%s” expired%s: the platform will refuse it (401 key_expired).", k.Name, when)})
	}
	if len(k.AllowedIPs) > 0 && local != nil && !ipAllowed(k.AllowedIPs, local) {
		out = append(out, Warning{wire.CodeIPNotAllowed,
			fmt.Sprintf("“%s” only accepts requests from %s; this machine calls from %s (403 ip_not_allowed).",
				k.Name, strings.Join(k.AllowedIPs, ", "), local)})
	}
	if !apikey.Grants(k.Permissions, required) {
		out = append(out, Warning{wire.CodeInsufficientPermissions,
			fmt.Sprintf("“%s” lacks the %s permission this endpoint needs (403 insufficient_permissions).", k.Name, required)})
	}
	return out
}

// ipAllowed applies the platform's own allow-list rule to this machine's
// address; an address that is not IP at all is never allowed.
func ipAllowed(list []string, ip net.IP) bool {
	addr, ok := netip.AddrFromSlice(ip)
	return ok && apikey.Allowed(list, addr)
}

// OutboundIP is the address this machine uses to reach the platform at
// platformURL: 127.0.0.1 for a loopback platform; otherwise the local end
// of a UDP "connection" to the host (connecting a UDP socket picks a route
// and sends nothing). Behind NAT the platform sees another address; the
// warning is a hint, the gateway decides.
func OutboundIP(platformURL string) (net.IP, error) {
	u, err := url.Parse(platformURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("platform URL %q is not a URL", platformURL)
	}
	host := u.Hostname()
	if isLoopbackHost(host) {
		if ip := net.ParseIP(host); ip != nil {
			return ip, nil
		}
		return net.IPv4(127, 0, 0, 1), nil
	}
	port := effectivePort(u)
	c, err := net.Dial("udp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).IP, nil
}

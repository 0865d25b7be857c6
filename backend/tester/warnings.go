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

// RateSeen is the tenant's rate limit as the console last saw it (a live
// tick or an answer's X-RateLimit-* headers); the zero value means unknown.
type RateSeen struct {
	Limit, Burst, Remaining int64
	At                      time.Time
}

// Warnings lists what would make the gateway refuse a request made with k
// to an endpoint needing required ("" when it needs none), from this
// machine's address local (nil when unknown), at time now, with the rate
// limit as last seen. It runs the gateway's own decision (apikey.Decide),
// so the first warning is the refusal the platform will answer with, and
// the others follow in the gateway's order.
func Warnings(k wire.Key, required string, local net.IP, now time.Time, rate RateSeen) []Warning {
	in := request(k, required, local, now, rate)
	out := []Warning{}
	for _, st := range apikey.Refusals(&in) {
		out = append(out, Warning{st.Code(), warningText(st, k, required, local, in)})
	}
	return out
}

// request is what the gateway would know about a request with k.
func request(k wire.Key, required string, local net.IP, now time.Time, rate RateSeen) apikey.Request {
	in := apikey.Request{Need: required, Now: now.UnixNano(),
		Key: apikey.KeyState{Presented: true, Known: true, Revoked: k.Status == wire.StatusRevoked || k.RevokedAt != nil,
			Perms: apikey.PermSetOf(k.Permissions)}}
	if k.ExpiresAt != nil {
		in.Key.ExpiresAt = k.ExpiresAt.UnixNano()
	}
	if k.Status == wire.StatusExpired && (in.Key.ExpiresAt == 0 || in.Key.ExpiresAt > in.Now) {
		in.Key.ExpiresAt = in.Now // the platform says so, whatever this clock says
	}
	if addr, ok := netip.AddrFromSlice(local); ok {
		in.IP, in.Key.Allow = addr, apikey.AllowListOf(k.AllowedIPs)
	}
	if r := apikey.NewRate(int(rate.Limit), int(rate.Burst)); r.Known() && !rate.At.IsZero() {
		in.Rate, in.TAT = r, r.TATFor(rate.Remaining, rate.At.UnixNano())
	}
	return in
}

func warningText(st apikey.Status, k wire.Key, required string, local net.IP, in apikey.Request) string {
	switch st {
	case apikey.Revoked:
		return fmt.Sprintf("“%s” is revoked: the platform will refuse it (401 key_revoked).", k.Name)
	case apikey.Expired:
		when := ""
		if k.ExpiresAt != nil {
			when = " on " + k.ExpiresAt.UTC().Format("2 Jan 2006 15:04 UTC")
		}
		return fmt.Sprintf("“%s” expired%s: the platform will refuse it (401 key_expired).", k.Name, when)
	case apikey.IPNotAllowed:
		return fmt.Sprintf("“%s” only accepts requests from %s; this machine calls from %s (403 ip_not_allowed).",
			k.Name, strings.Join(k.AllowedIPs, ", "), local)
	case apikey.InsufficientScope:
		return fmt.Sprintf("“%s” lacks the %s permission this endpoint needs (403 insufficient_permissions).", k.Name, required)
	case apikey.RateLimited:
		w, _ := in.Rate.Take(in.TAT, in.Now)
		return fmt.Sprintf("The plan's limit of %d requests a minute is used up: the platform will refuse requests for %s (429 rate_limit_exceeded).",
			in.Rate.Limit, plural(w.RetryAfter, "second"))
	}
	return st.Code()
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
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

package tester

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"time"
)

// refuseInternal refuses u when its host is (or resolves to) an address a
// remotely served console must not reach on a visitor's behalf, saying
// which kind it is.
func (r *Runner) refuseInternal(u *url.URL) error {
	host := u.Hostname()
	var ips []net.IP
	if ip := net.ParseIP(host); ip != nil {
		ips = []net.IP{ip}
	} else if isLoopbackHost(host) {
		ips = []net.IP{net.IPv4(127, 0, 0, 1)}
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		addrs, err := r.lookup(ctx, host)
		if err != nil {
			return &Error{Field: "url", Message: fmt.Sprintf("Could not resolve %s: %v", host, err)}
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	for _, ip := range ips {
		if kind := internalKind(ip); kind != "" {
			return &Error{Field: "url", Message: fmt.Sprintf(
				"This console is served to the network, so its tester does not reach loopback, private, link-local or unspecified addresses other than the platform: %s is %s.",
				u.Host, kind)}
		}
	}
	return nil
}

// internalKind names the kind of ip a remote visitor must not reach through
// this machine, or "" for a public address.
func internalKind(ip net.IP) string {
	switch {
	case ip.IsLoopback():
		return "a loopback address"
	case ip.IsUnspecified():
		return "an unspecified address"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "a link-local address"
	case ip.IsPrivate():
		return "a private address"
	}
	return ""
}

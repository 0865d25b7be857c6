package live

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// originAllowed refuses cross-site websocket hijacking: a browser page from
// another site must not read a signed-in user's stream. Clients that send no
// Origin (Go programs, the console's backend) are allowed, as are pages
// served by this host and loopback pages (the console's own UI).
func originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

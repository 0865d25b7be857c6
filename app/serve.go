package app

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
)

// ServeOptions are the serve command's network flags.
type ServeOptions struct {
	Addr string
	// AllowRemote serves beyond loopback, over HTTPS only.
	AllowRemote bool
	// Hosts are the names (or addresses) browsers use to reach a remotely
	// served console; the Host header must be one of them.
	Hosts []string
	// TLSCert and TLSKey are PEM files; without them a self-signed
	// certificate is made once in DataDir.
	TLSCert, TLSKey string
	DataDir         string
}

// Served is an open listener and what to tell the user about it.
type Served struct {
	Listener net.Listener
	// BaseURL is where a browser opens the console (no trailing slash).
	BaseURL string
	// Hosts is the Host allow-list for the bridge.
	Hosts []string
	TLS   bool
	// Notes are lines to print before the URL: the remote-use warning and
	// the certificate's fingerprint.
	Notes []string
}

// Listen opens the serve listener: plain HTTP on loopback, or, with
// AllowRemote, HTTPS on any address (never plain HTTP beyond this machine:
// the one-time token and the bridge credential would cross the network in
// clear).
func Listen(o ServeOptions) (*Served, error) {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %q: %w", o.Addr, err)
	}
	loopback := host == "localhost"
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		loopback = true
	}
	if !loopback && !o.AllowRemote {
		return nil, fmt.Errorf("--addr %q is not a loopback address; pass --allow-remote to serve beyond this machine (over HTTPS)", o.Addr)
	}
	if (o.TLSCert == "") != (o.TLSKey == "") {
		return nil, errors.New("--tls-cert and --tls-key go together: give both, or neither for a self-signed certificate")
	}
	if !o.AllowRemote && o.TLSCert != "" {
		return nil, errors.New("--tls-cert is for --allow-remote; on loopback the console serves plain HTTP")
	}
	names := remoteNames(host, o.Hosts)
	if o.AllowRemote && len(names) == 0 {
		return nil, errors.New("no address of this machine to serve on: pass --host with the name browsers will use")
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", o.Addr, err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := &Served{Listener: ln}
	if !o.AllowRemote {
		s.Hosts = BridgeHosts(port, nil, false)
		s.BaseURL = "http://" + ln.Addr().String()
		return s, nil
	}
	cert, note, err := loadOrMakeCert(o, names)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.TLS = true
	s.Hosts = BridgeHosts(port, names, true)
	s.BaseURL = "https://" + net.JoinHostPort(names[0], port)
	s.Listener = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	s.Notes = []string{
		"WARNING: this console is served to the network. Anyone who can reach " + s.BaseURL +
			" and holds its link acts as the signed-in user; its API tester will not reach loopback or private addresses.",
		note,
	}
	return s, nil
}

// remoteNames are the names a remotely served console answers to: the
// --host values, the --addr host when it names one address, or else every
// non-loopback address of this machine.
func remoteNames(addrHost string, hosts []string) []string {
	var out []string
	for _, h := range hosts {
		for _, p := range strings.Split(h, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, strings.Trim(p, "[]"))
			}
		}
	}
	ip := net.ParseIP(addrHost)
	if addrHost != "" && (ip == nil || !ip.IsUnspecified()) && !isLoopbackName(addrHost) {
		out = append(out, addrHost)
	}
	if len(out) > 0 {
		return out
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			out = append(out, n.IP.String())
		}
	}
	return out
}

func isLoopbackName(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

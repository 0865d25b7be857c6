package app

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"strings"
)

// CodeBridgeForbidden is the code of every request the bridge refuses.
const CodeBridgeForbidden = "console_forbidden"

const (
	// credentialHeader carries the bridge credential on every call.
	credentialHeader = "X-Console-Credential"
	// wsProtocol is the websocket subprotocol the page asks for; the
	// credential travels next to it as "pm-credential.<credential>", since a
	// browser's WebSocket cannot set headers.
	wsProtocol         = "pm-console"
	wsCredentialPrefix = "pm-credential."
)

// The words of the refusals, for people and for tests.
const (
	msgNeedToken   = "Open the URL that `penguinmails-console serve` printed: it carries a one-time token."
	msgTokenSpent  = "This sign-in link was already used. Restart `penguinmails-console serve` for a new one, or use the tab that opened it."
	msgOtherOrigin = "Requests from another origin are refused."
)

// contentSecurityPolicy is what the UI needs and no more: its own scripts
// (Ajv compiles the endpoint schemas into functions, hence 'unsafe-eval'),
// Mantine's and CodeMirror's inline styles, data: images, and its own
// origin for calls and the events websocket. Nothing may frame it.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; " +
	"frame-ancestors 'none'; connect-src 'self' %s"

// AllowHosts sets the Host header values the bridge answers to (host:port,
// as a browser sends them). Anything else is refused: a page on another site
// that rebinds its own name to 127.0.0.1 still sends its own name.
func (b *Bridge) AllowHosts(hosts ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, h := range hosts {
		b.hosts[strings.ToLower(h)] = true
	}
}

// ServeTLS tells the bridge it is served over HTTPS (origins are https://).
func (b *Bridge) ServeTLS(on bool) { b.mu.Lock(); b.tls = on; b.mu.Unlock() }

// BridgeHosts lists the Host values a console listening on port is reached
// by: the loopback names, and each name given for remote use. On the
// scheme's default port a browser leaves the port out, so both forms count.
func BridgeHosts(port string, names []string, tls bool) []string {
	all := append([]string{"127.0.0.1", "localhost", "::1"}, names...)
	def := "80"
	if tls {
		def = "443"
	}
	var out []string
	for _, n := range all {
		n = strings.Trim(n, "[]")
		out = append(out, net.JoinHostPort(n, port))
		if port == def {
			if strings.Contains(n, ":") {
				n = "[" + n + "]"
			}
			out = append(out, n)
		}
	}
	return out
}

func (b *Bridge) scheme() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tls {
		return "https"
	}
	return "http"
}

func (b *Bridge) hostAllowed(host string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.hosts[strings.ToLower(host)]
}

// guard runs before everything the bridge serves: security headers on every
// answer, then the Host allow-list, the Origin and Sec-Fetch-Site checks.
func (b *Bridge) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		ws := "ws:"
		if b.scheme() == "https" {
			ws = "wss:"
		}
		// r.Host is only echoed once it passed the allow-list.
		wsSrc := ""
		if b.hostAllowed(r.Host) {
			wsSrc = ws + "//" + r.Host
		}
		h.Set("Content-Security-Policy", fmt.Sprintf(contentSecurityPolicy, wsSrc))
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if !b.hostAllowed(r.Host) {
			refuse(w, r, fmt.Sprintf("This console does not answer to the host name %q. Open it at the URL it printed.", r.Host))
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != b.origin(r) {
			refuse(w, r, msgOtherOrigin)
			return
		}
		if !b.fetchSiteOK(r) {
			refuse(w, r, msgOtherOrigin)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (b *Bridge) origin(r *http.Request) string { return b.scheme() + "://" + r.Host }

// fetchSiteOK reads the Fetch Metadata a browser sends. Bridge endpoints
// answer only the console's own page. Other pages on the same host (another
// port is the "same site") may open the console as a top-level page, but
// not load its files or frame it. Clients that send no metadata (old
// browsers, scripts) pass here and still need the credential.
func (b *Bridge) fetchSiteOK(r *http.Request) bool {
	site := r.Header.Get("Sec-Fetch-Site")
	if site == "" {
		return true
	}
	if strings.HasPrefix(r.URL.Path, "/bridge/") {
		return site == "same-origin"
	}
	if site == "same-origin" || site == "none" {
		return true
	}
	dest := r.Header.Get("Sec-Fetch-Dest")
	return r.Header.Get("Sec-Fetch-Mode") == "navigate" && (dest == "document" || dest == "")
}

func (b *Bridge) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o != "" && o == b.origin(r)
}

// authorized lets a call or websocket through only with the credential.
func (b *Bridge) authorized(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get(credentialHeader)
		if got == "" {
			for _, p := range websocketProtocols(r) {
				if c, ok := strings.CutPrefix(p, wsCredentialPrefix); ok {
					got = c
				}
			}
		}
		b.mu.Lock()
		want := b.credential
		b.mu.Unlock()
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			forbid(w, msgNeedToken)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func websocketProtocols(r *http.Request) []string {
	var out []string
	for _, v := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, p := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

// handleSession trades the one-time token for the credential. Only the
// console's own page may ask (Origin is required: browsers send it on every
// POST), and only once.
func (b *Bridge) handleSession(w http.ResponseWriter, r *http.Request) {
	if !b.sameOrigin(r) {
		forbid(w, msgOtherOrigin)
		return
	}
	var in struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&in); err != nil || in.Token == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": BadInput("token", "Send the one-time token as {\"token\": \"…\"}")})
		return
	}
	b.mu.Lock()
	ok := b.token != "" && subtle.ConstantTimeCompare([]byte(in.Token), []byte(b.token)) == 1
	if ok {
		b.token = ""
	}
	cred := b.credential
	b.mu.Unlock()
	if !ok {
		forbid(w, msgTokenSpent)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"credential": cred})
}

// refuse answers 403: a small page when a person navigated here, JSON otherwise.
func refuse(w http.ResponseWriter, r *http.Request, msg string) {
	if r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/html") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, forbiddenPage, html.EscapeString(msg))
		return
	}
	forbid(w, msg)
}

const forbiddenPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PenguinMails Developer Console</title>
<style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:32rem;padding:2rem;border:1px solid #e2e8f0;border-radius:12px;background:#fff}h1{font-size:1.25rem;color:#0369a1}</style></head>
<body><main><h1>The console refused this request</h1><p>%s</p></main></body></html>`

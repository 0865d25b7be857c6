package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/sirupsen/logrus"
)

// Bridge serves the UI to a browser (serve mode): the built frontend, the
// same bound services over HTTP JSON, and app events over a websocket.
//
// Access is guarded by a one-time token printed in the URL: the first
// request that carries it gets an HttpOnly, SameSite=Strict cookie and the
// token is spent. Anything without that cookie gets 403, and so does a
// call or websocket from another Origin.
type Bridge struct {
	log      *logrus.Logger
	assets   fs.FS
	services map[string]reflect.Value

	mu     sync.Mutex
	token  string // spent after first use
	cookie string

	hub *bridgeHub
}

// cookieName is per port: browsers share cookies across the ports of a
// host, so two consoles serving on 127.0.0.1 must not sign each other out.
func cookieName(r *http.Request) string {
	_, port, err := net.SplitHostPort(r.Host)
	if err != nil || port == "" {
		return "pm_console"
	}
	return "pm_console_" + port
}

// NewBridge builds the bridge for the given services (App.Bindings()).
func NewBridge(log *logrus.Logger, assets fs.FS, bindings []any) *Bridge {
	b := &Bridge{log: log, assets: assets, services: map[string]reflect.Value{},
		token: randomToken(), cookie: randomToken(), hub: newBridgeHub(log)}
	for _, s := range bindings {
		v := reflect.ValueOf(s)
		b.services[reflect.Indirect(v).Type().Name()] = v
	}
	return b
}

func randomToken() string {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

// Token is the one-time token for the printed URL.
func (b *Bridge) Token() string { b.mu.Lock(); defer b.mu.Unlock(); return b.token }

// Emitter is where app events go to reach connected browsers.
func (b *Bridge) Emitter() Emitter { return b.hub }

// Close disconnects every browser.
func (b *Bridge) Close() { b.hub.close() }

// Handler is the bridge's HTTP handler.
func (b *Bridge) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /bridge/call/{service}/{method}", b.handleCall)
	mux.HandleFunc("GET /bridge/events", b.handleEvents)
	mux.Handle("/", http.FileServerFS(b.assets))
	return b.guard(mux)
}

func (b *Bridge) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		if t := r.URL.Query().Get("token"); t != "" && b.spend(t) {
			http.SetCookie(w, &http.Cookie{Name: cookieName(r), Value: b.cookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q := r.URL.Query()
			q.Del("token")
			u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
			http.Redirect(w, r, u.String(), http.StatusSeeOther)
			return
		}
		c, err := r.Cookie(cookieName(r))
		if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(b.cookie)) != 1 {
			forbid(w, r, "Open the URL that `penguinmails-console serve` printed: it carries a one-time token.")
			return
		}
		if !sameOrigin(r) {
			forbid(w, r, "Requests from another origin are refused.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (b *Bridge) spend(t string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.token == "" || subtle.ConstantTimeCompare([]byte(t), []byte(b.token)) != 1 {
		return false
	}
	b.token = ""
	return true
}

// sameOrigin allows requests without an Origin (plain navigation) and those
// whose Origin is this very host. Websockets always send an Origin.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return !websocket.IsWebSocketUpgrade(r)
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// forbid answers 403: a small page for a person's browser, JSON for calls.
func forbid(w http.ResponseWriter, r *http.Request, msg string) {
	if r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/html") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, forbiddenPage, html.EscapeString(msg))
		return
	}
	writeJSON(w, http.StatusForbidden, map[string]any{"error": &UIError{Status: 403, Code: "forbidden", Message: msg}})
}

const forbiddenPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PenguinMails Developer Console</title>
<style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:32rem;padding:2rem;border:1px solid #e2e8f0;border-radius:12px;background:#fff}h1{font-size:1.25rem;color:#0369a1}</style></head>
<body><main><h1>This console needs its sign-in link</h1><p>%s</p></main></body></html>`

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var errorType = reflect.TypeFor[error]()

// handleCall calls Service.Method with the JSON array body as arguments and
// answers {"result": …} or {"error": UIError}.
func (b *Bridge) handleCall(w http.ResponseWriter, r *http.Request) {
	svc, ok := b.services[r.PathValue("service")]
	name := r.PathValue("method")
	if !ok || name == "Start" || name == "Stop" {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": &UIError{Status: 404, Code: "not_found", Message: "No such service method: " + r.PathValue("service") + "." + name}})
		return
	}
	m := svc.MethodByName(name)
	if !m.IsValid() {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": &UIError{Status: 404, Code: "not_found", Message: "No such service method: " + r.PathValue("service") + "." + name}})
		return
	}
	var raw []json.RawMessage
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err == nil && len(body) > 0 {
		err = json.Unmarshal(body, &raw)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": BadInput("body", "The call's arguments must be a JSON array: "+err.Error())})
		return
	}
	mt := m.Type()
	if len(raw) != mt.NumIn() {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": BadInput("arguments", "Wrong number of arguments")})
		return
	}
	args := make([]reflect.Value, len(raw))
	for i, a := range raw {
		p := reflect.New(mt.In(i))
		if err := json.Unmarshal(a, p.Interface()); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": BadInput("arguments", "Argument "+strconv.Itoa(i+1)+" is not valid: "+err.Error())})
			return
		}
		args[i] = p.Elem()
	}
	out := m.Call(args)
	var result any
	var callErr error
	for _, o := range out {
		if o.Type().Implements(errorType) {
			if !o.IsNil() {
				callErr = o.Interface().(error)
			}
		} else {
			result = o.Interface()
		}
	}
	if callErr != nil {
		var ue *UIError
		if !errors.As(ToUI(callErr), &ue) {
			ue = &UIError{Code: CodeInternal, Message: "Something went wrong"}
		}
		status := ue.Status
		if status == 0 {
			status = http.StatusBadGateway
			if ue.Code == CodeInternal {
				status = http.StatusInternalServerError
			}
		}
		writeJSON(w, status, map[string]any{"error": ue})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": result})
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 4096,
	// guard() already refused foreign origins; check again so this handler
	// is safe on its own.
	CheckOrigin: sameOrigin,
}

func (b *Bridge) handleEvents(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade already answered
	}
	b.hub.serve(conn)
}

// bridgeHub fans events out to connected browsers, one writer goroutine per
// connection so a slow tab never slows the others.
type bridgeHub struct {
	log   *logrus.Logger
	mu    sync.Mutex
	conns map[*bridgeConn]struct{}
}

type bridgeConn struct {
	ws   *websocket.Conn
	send chan []byte
	done chan struct{}
}

func newBridgeHub(log *logrus.Logger) *bridgeHub {
	return &bridgeHub{log: log, conns: map[*bridgeConn]struct{}{}}
}

// Emit implements Emitter.
func (h *bridgeHub) Emit(event string, data any) {
	msg, err := json.Marshal(map[string]any{"name": event, "data": data})
	if err != nil {
		h.log.WithError(err).WithField("event", event).Warn("event not sent")
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		select {
		case c.send <- msg:
		default: // this browser is not keeping up; it misses a frame, others don't wait
		}
	}
}

func (h *bridgeHub) serve(ws *websocket.Conn) {
	c := &bridgeConn{ws: ws, send: make(chan []byte, 256), done: make(chan struct{})}
	h.mu.Lock()
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	go c.writeLoop()
	ws.SetReadLimit(4096)
	_ = ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(60 * time.Second)) })
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			break
		}
	}
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
	close(c.done)
}

func (c *bridgeConn) writeLoop() {
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	defer c.ws.Close()
	for {
		select {
		case <-c.done:
			return
		case m := <-c.send:
			_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := c.ws.WriteMessage(websocket.TextMessage, m); err != nil {
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
				return
			}
		}
	}
}

func (h *bridgeHub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "console stopping"), time.Now().Add(time.Second))
		_ = c.ws.Close()
	}
}

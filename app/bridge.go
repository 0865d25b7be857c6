package app

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/sirupsen/logrus"
)

// Bridge serves the UI to a browser (serve mode): the built frontend, the
// same bound services over HTTP JSON, and app events over a websocket.
//
// Access: the URL printed at start carries a one-time token. The page trades
// it (POST /bridge/session) for a credential it keeps in sessionStorage, which
// is scoped to this origin (scheme, host and port) — unlike cookies, which a
// browser sends to every port of a host. Every bridge call carries the
// credential in a header and the websocket in its subprotocol list; no cookie
// is set or read. See bridge_guard.go for the Host, Origin and Sec-Fetch-Site
// checks and the headers every answer gets.
type Bridge struct {
	log      *logrus.Logger
	assets   fs.FS
	services map[string]reflect.Value

	mu         sync.Mutex
	token      string // spent after first use
	credential string
	hosts      map[string]bool // Host headers this bridge answers to
	tls        bool

	hub *bridgeHub
}

// NewBridge builds the bridge for the given services (App.Bindings()). It
// answers nothing until AllowHosts names the hosts it is reached by.
func NewBridge(log *logrus.Logger, assets fs.FS, bindings []any) *Bridge {
	b := &Bridge{log: log, assets: assets, services: map[string]reflect.Value{},
		token: randomToken(), credential: randomToken(), hosts: map[string]bool{}, hub: newBridgeHub(log)}
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
	mux.HandleFunc("POST /bridge/session", b.handleSession)
	mux.Handle("POST /bridge/call/{service}/{method}", b.authorized(http.HandlerFunc(b.handleCall)))
	mux.Handle("GET /bridge/events", b.authorized(http.HandlerFunc(b.handleEvents)))
	mux.Handle("/bridge/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": &UIError{Status: 404, Code: "not_found", Message: "No such bridge endpoint: " + r.Method + " " + r.URL.Path}})
	}))
	files := http.FileServerFS(b.assets)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files.ServeHTTP(noStoreWriter{w}, r)
	}))
	return b.guard(mux)
}

// noStoreWriter puts Cache-Control back on the file server's error pages
// (http.Error drops it).
type noStoreWriter struct{ http.ResponseWriter }

func (w noStoreWriter) WriteHeader(code int) {
	w.Header().Set("Cache-Control", "no-store")
	w.ResponseWriter.WriteHeader(code)
}

// forbid answers 403 as JSON with a message saying what to do.
func forbid(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusForbidden, map[string]any{"error": &UIError{Status: 403, Code: CodeBridgeForbidden, Message: msg}})
}

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

func (b *Bridge) handleEvents(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{
		ReadBufferSize:  1024,
		WriteBufferSize: 4096,
		// guard() already refused foreign origins; check again so this
		// handler is safe on its own.
		CheckOrigin: b.sameOrigin,
		// Only the protocol name is echoed, never the credential entry.
		Subprotocols: []string{wsProtocol},
	}
	conn, err := up.Upgrade(w, r, nil)
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

// Package live serves the usage websocket of SPEC §2.5: a tick about every
// second for each tenant with subscribers, and security events at once.
// Each connection has one writer goroutine fed by a bounded queue, so a slow
// client skips ticks or is dropped, and never slows the others.
package live

import (
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/penguinmails/console/backend/wire"
	"github.com/sirupsen/logrus"
)

const (
	// TickInterval is how often subscribers of a tenant get a tick.
	TickInterval = time.Second
	queueSize    = 32
	writeWait    = 5 * time.Second
	pongWait     = 60 * time.Second
	pingPeriod   = pongWait * 9 / 10
	readLimit    = 4 << 10 // clients only send control frames
	// maxSkips is how many ticks in a row a connection may miss (its queue
	// full) before it is dropped as too slow.
	maxSkips = 10
	// closeGrace is how long Close lets writers send their close frames.
	closeGrace = 2 * time.Second
	// MaxPerSession is how many live streams one session may hold open: a
	// console opens one or two, so more means a leak or an abuse.
	MaxPerSession = 8
	// CloseSessionEnded is the close code sent when the stream's session
	// signs out or expires (4000-4999 are for applications).
	CloseSessionEnded = 4001
)

// Session is the signed-in session a stream belongs to: its streams count
// against MaxPerSession, end when it signs out (CloseSession) and end on the
// first tick at or after ExpiresAt (the sandbox clock).
type Session struct {
	ID        string
	ExpiresAt time.Time
}

// Hub fans live messages out to websocket subscribers.
type Hub struct {
	tick  func(tenantID string, now time.Time) wire.LiveMessage
	clock func() time.Time
	log   *logrus.Logger

	tickEvery  time.Duration // TickInterval; shorter in tests
	pingEvery  time.Duration
	pongWithin time.Duration

	upgrader websocket.Upgrader

	logSubs atomic.Int32 // connections that asked for request log entries

	mu       sync.Mutex
	rooms    map[string]*room
	sessions map[string]int // open streams (and upgrades under way) per session
	closed   bool
	wg       sync.WaitGroup // writers and tickers
}

// room is the subscribers of one tenant and the ticker that feeds them.
type room struct {
	conns map[*conn]struct{}
	stop  chan struct{}
}

// NewHub makes a hub. tick supplies a tenant's tick at a given time; clock is
// the sandbox's time source (for the t of security events).
func NewHub(tick func(tenantID string, now time.Time) wire.LiveMessage, clock func() time.Time, log *logrus.Logger) *Hub {
	if clock == nil {
		clock = time.Now
	}
	if log == nil {
		log = logrus.New()
	}
	h := &Hub{
		tick: tick, clock: clock, log: log,
		tickEvery: TickInterval, pingEvery: pingPeriod, pongWithin: pongWait,
		rooms: make(map[string]*room), sessions: make(map[string]int),
	}
	h.upgrader = websocket.Upgrader{
		ReadBufferSize:  1024,
		WriteBufferSize: 4096,
		// the origin is checked before Upgrade so the refusal is a JSON error
		CheckOrigin: func(*http.Request) bool { return true },
	}
	return h
}

// ServeWS upgrades an authenticated request to the live stream and serves it
// until the client goes away or the hub closes. The stream belongs to no
// session: no cap, no expiry.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, tenantID string) {
	h.ServeSession(w, r, tenantID, Session{})
}

// ServeSession is ServeWS for a stream of a signed-in session: the
// MaxPerSession+1-th stream is refused with 429 before the upgrade, and the
// stream ends when the session signs out or expires.
func (h *Hub) ServeSession(w http.ResponseWriter, r *http.Request, tenantID string, sess Session) {
	if !originAllowed(r) {
		writeError(w, http.StatusForbidden, wire.CodeForbidden, "Origin not allowed")
		return
	}
	switch h.reserve(sess.ID) {
	case errClosed:
		writeError(w, http.StatusServiceUnavailable, wire.CodeInternal, wire.MsgInternal)
		return
	case errTooMany:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, wire.CodeTooManyStreams, wire.MsgTooManyStreams)
		return
	}
	defer h.release(sess.ID)
	// the 101 carries the request id too (the upgrader writes its own headers)
	ws, err := h.upgrader.Upgrade(w, r, http.Header{wire.RequestIDHeader: w.Header()[wire.RequestIDHeader]})
	if err != nil {
		return // Upgrade has answered the client
	}
	// The server's read and write timeouts were meant for the handshake
	// request; the stream lives on pings and pongs instead (readLoop and
	// writeLoop set their own deadlines). Clearing them here, after the
	// upgrade, keeps every other request under the server's limits.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{})
	rc.SetWriteDeadline(time.Time{})
	c := newConn(ws, sess)
	// ?logs=1 asks for the request log's live tail as well
	c.logs = r.URL.Query().Get("logs") == "1"
	if c.logs {
		h.logSubs.Add(1)
		defer h.logSubs.Add(-1)
	}
	if !h.join(tenantID, c) {
		c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "server closing"), time.Now().Add(time.Second))
		ws.Close()
		return
	}
	defer h.leave(tenantID, c)
	h.readLoop(c)
}

type reserveResult int

const (
	reserved reserveResult = iota
	errClosed
	errTooMany
)

// reserve counts a stream against its session before the upgrade, so
// concurrent handshakes cannot overshoot the cap.
func (h *Hub) reserve(sessionID string) reserveResult {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return errClosed
	}
	if sessionID == "" {
		return reserved
	}
	if h.sessions[sessionID] >= MaxPerSession {
		return errTooMany
	}
	h.sessions[sessionID]++
	return reserved
}

func (h *Hub) release(sessionID string) {
	if sessionID == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sessions[sessionID]--; h.sessions[sessionID] <= 0 {
		delete(h.sessions, sessionID)
	}
}

// CloseSession ends every stream of a session at once (sign-out).
func (h *Hub) CloseSession(sessionID string) {
	if sessionID == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, rm := range h.rooms {
		for c := range rm.conns {
			if c.sess.ID == sessionID {
				c.end(CloseSessionEnded, "signed out")
			}
		}
	}
}

// readLoop drains what the client sends (nothing but control frames is
// expected) so pongs and close frames are seen, until the connection ends.
func (h *Hub) readLoop(c *conn) {
	c.ws.SetReadLimit(readLimit)
	c.ws.SetReadDeadline(time.Now().Add(h.pongWithin))
	c.ws.SetPongHandler(func(string) error {
		return c.ws.SetReadDeadline(time.Now().Add(h.pongWithin))
	})
	for {
		if _, _, err := c.ws.NextReader(); err != nil {
			c.stop()
			return
		}
	}
}

func (h *Hub) join(tenantID string, c *conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	rm := h.rooms[tenantID]
	if rm == nil {
		rm = &room{conns: make(map[*conn]struct{}), stop: make(chan struct{})}
		h.rooms[tenantID] = rm
		h.wg.Add(1)
		go h.ticker(tenantID, rm)
	}
	rm.conns[c] = struct{}{}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		c.writeLoop(h.pingEvery)
	}()
	return true
}

func (h *Hub) leave(tenantID string, c *conn) {
	c.stop()
	h.mu.Lock()
	defer h.mu.Unlock()
	rm := h.rooms[tenantID]
	if rm == nil {
		return
	}
	delete(rm.conns, c)
	if len(rm.conns) == 0 {
		close(rm.stop)
		delete(h.rooms, tenantID)
	}
}

// ticker sends the tenant's tick to its subscribers until the room empties.
func (h *Hub) ticker(tenantID string, rm *room) {
	defer h.wg.Done()
	t := time.NewTicker(h.tickEvery)
	defer t.Stop()
	for {
		select {
		case <-rm.stop:
			return
		case <-t.C:
			now := h.clock()
			msg, err := json.Marshal(h.tick(tenantID, now))
			if err != nil {
				h.log.WithError(err).Error("live: encode tick")
				continue
			}
			for _, c := range h.members(tenantID) {
				if !c.sess.ExpiresAt.IsZero() && !now.Before(c.sess.ExpiresAt) {
					c.end(CloseSessionEnded, "session expired")
					continue
				}
				if !c.offer(msg) && c.skipped() > maxSkips {
					h.log.WithField("tenant", tenantID).Warn("live: dropping a subscriber too slow to read")
					c.drop()
				}
			}
		}
	}
}

func (h *Hub) members(tenantID string) []*conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	rm := h.rooms[tenantID]
	if rm == nil {
		return nil
	}
	out := make([]*conn, 0, len(rm.conns))
	for c := range rm.conns {
		if !c.stopped() {
			out = append(out, c)
		}
	}
	return out
}

// Publish sends a security event to the tenant's subscribers at once. A
// subscriber whose queue is full is dropped rather than silently missing
// it; it reconnects and can read GET /platform/security-events.
func (h *Hub) Publish(tenantID string, ev wire.SecurityEvent) {
	msg, err := json.Marshal(wire.LiveMessage{Type: "security_event", T: h.clock().UTC(), Event: &ev})
	if err != nil {
		h.log.WithError(err).Error("live: encode security event")
		return
	}
	for _, c := range h.members(tenantID) {
		if !c.offer(msg) {
			h.log.WithField("tenant", tenantID).Warn("live: dropping a subscriber whose queue is full")
			c.drop()
		}
	}
}

// WantsLogs tells whether any connection asked for request log entries:
// when none did, the gateway does not prepare them.
func (h *Hub) WantsLogs() bool { return h.logSubs.Load() > 0 }

// PublishLog sends a request log entry to the tenant's subscribers that
// asked for them. The tail is best effort: a subscriber whose queue is full
// misses the entry (the log itself is complete) but is not dropped.
func (h *Hub) PublishLog(tenantID string, e *wire.LogEntry) {
	if !h.WantsLogs() {
		return
	}
	var msg []byte
	for _, c := range h.members(tenantID) {
		if !c.logs {
			continue
		}
		if msg == nil {
			var err error
			if msg, err = json.Marshal(wire.LiveMessage{Type: "log", T: e.At, Log: e}); err != nil {
				h.log.WithError(err).Error("live: encode log entry")
				return
			}
		}
		c.offerQuiet(msg)
	}
}

// Close ends every connection with a close frame and waits for the hub's
// goroutines to finish.
func (h *Hub) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	var all []*conn
	for id, rm := range h.rooms {
		for c := range rm.conns {
			c.stop()
			all = append(all, c)
		}
		close(rm.stop)
		delete(h.rooms, id)
	}
	h.mu.Unlock()
	done := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(closeGrace):
		// a writer is stuck on a client that does not read: cut it off
		for _, c := range all {
			c.drop()
		}
		<-done
	}
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(wire.APIError{Code: code, Message: msg, RequestID: w.Header().Get(wire.RequestIDHeader)})
}

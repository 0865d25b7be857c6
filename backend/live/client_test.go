package live

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/penguinmails/console/backend/wire"
)

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	lo := Backoff{Base: 100 * time.Millisecond, Max: time.Second, Rand: func() float64 { return 0 }}
	hi := Backoff{Base: 100 * time.Millisecond, Max: time.Second, Rand: func() float64 { return 0.999999 }}
	for n, want := range []time.Duration{100, 200, 400, 800, 1000, 1000, 1000} {
		want *= time.Millisecond
		if got := lo.Delay(n); got != want/2 {
			t.Errorf("attempt %d, no jitter: %s, want %s", n, got, want/2)
		}
		if got := hi.Delay(n); got < want-time.Millisecond || got > want {
			t.Errorf("attempt %d, full jitter: %s, want ≈%s", n, got, want)
		}
	}
	if d := lo.Delay(1000); d != 500*time.Millisecond {
		t.Errorf("huge attempt numbers stay capped: %s", d)
	}
}

// fakePlatform is a websocket endpoint the test steers: it checks the bearer
// token and then runs script for each connection.
type fakePlatform struct {
	t      *testing.T
	token  string
	script func(ws *websocket.Conn)
	srv    *httptest.Server
	mu     sync.Mutex
	conns  int
	auths  []string
}

func newFakePlatform(t *testing.T, script func(ws *websocket.Conn)) *fakePlatform {
	f := &fakePlatform{t: t, token: "tok_1", script: script}
	up := websocket.Upgrader{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.auths = append(f.auths, r.Header.Get("Authorization"))
		f.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+f.token {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		f.mu.Lock()
		f.conns++
		f.mu.Unlock()
		defer ws.Close()
		f.script(ws)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakePlatform) url() string { return "ws" + strings.TrimPrefix(f.srv.URL, "http") }

func (f *fakePlatform) connections() int { f.mu.Lock(); defer f.mu.Unlock(); return f.conns }

func send(ws *websocket.Conn, m wire.LiveMessage) error {
	b, _ := json.Marshal(m)
	return ws.WriteMessage(websocket.TextMessage, b)
}

// drain reads until the client goes away, so pings get their pongs.
func drain(ws *websocket.Conn) {
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			return
		}
	}
}

// recorder collects what the client hands over.
type recorder struct {
	mu     sync.Mutex
	ticks  []wire.LiveMessage
	secs   []wire.SecurityEvent
	states []Status
	delays []time.Duration
	ch     chan struct{}
}

func newRecorder() *recorder { return &recorder{ch: make(chan struct{}, 1024)} }

func (r *recorder) poke() {
	select {
	case r.ch <- struct{}{}:
	default:
	}
}

func (r *recorder) options(url string, token string) Options {
	return Options{
		URL:        url,
		Token:      func() string { return token },
		OnTick:     func(m wire.LiveMessage) { r.mu.Lock(); r.ticks = append(r.ticks, m); r.mu.Unlock(); r.poke() },
		OnSecurity: func(e wire.SecurityEvent) { r.mu.Lock(); r.secs = append(r.secs, e); r.mu.Unlock(); r.poke() },
		OnState:    func(s Status) { r.mu.Lock(); r.states = append(r.states, s); r.mu.Unlock(); r.poke() },
		Backoff:    Backoff{Base: 10 * time.Millisecond, Max: 40 * time.Millisecond, Rand: func() float64 { return 0 }},
		// The backoff wait is injected: it records the delay and fires at once,
		// so the reconnect sequence runs without sleeping through it.
		After: func(d time.Duration) <-chan time.Time {
			r.mu.Lock()
			r.delays = append(r.delays, d)
			r.mu.Unlock()
			c := make(chan time.Time, 1)
			c <- time.Now()
			return c
		},
	}
}

// waitFor polls cond each time the client reports something, for at most 5 s.
func (r *recorder) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		ok := cond()
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.ch:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			r.mu.Lock()
			defer r.mu.Unlock()
			t.Fatalf("timed out waiting for %s; states %+v; %d ticks, last %+v", what, r.states, len(r.ticks), r.lastTick())
		}
	}
}

func (r *recorder) lastTick() wire.LiveMessage {
	if len(r.ticks) == 0 {
		return wire.LiveMessage{}
	}
	return r.ticks[len(r.ticks)-1]
}

func (r *recorder) last() Status {
	if len(r.states) == 0 {
		return Status{}
	}
	return r.states[len(r.states)-1]
}

// settleGoroutines fails if the goroutine count does not come back to base.
func settleGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: %d, want ≤ %d\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // polling the count, not waiting on the logic
	}
}

func TestTicksAndSecurityEventsReachTheHandlers(t *testing.T) {
	f := newFakePlatform(t, func(ws *websocket.Conn) {
		now := time.Now().UTC()
		send(ws, wire.LiveMessage{Type: "tick", T: now, Requests: 5, Errors: 1, RPM: 42, Limit: 300, Remaining: 258})
		send(ws, wire.LiveMessage{Type: "security_event", T: now, Event: &wire.SecurityEvent{ID: "sec_1", Kind: wire.SecIPViolation, IP: "203.0.113.9", Message: "blocked"}})
		ws.WriteMessage(websocket.TextMessage, []byte("not json"))
		send(ws, wire.LiveMessage{Type: "something_new", T: now})
		send(ws, wire.LiveMessage{Type: "tick", T: now, Requests: 2})
		drain(ws)
	})
	rec := newRecorder()
	c := New(rec.options(f.url(), "tok_1"))
	c.Start(t.Context())
	rec.waitFor(t, "two ticks and an event", func() bool { return len(rec.ticks) == 2 && len(rec.secs) == 1 })
	c.Stop()

	if rec.ticks[0].RPM != 42 || rec.ticks[0].Limit != 300 || rec.ticks[1].Requests != 2 {
		t.Errorf("ticks = %+v", rec.ticks)
	}
	if rec.secs[0].Kind != wire.SecIPViolation || rec.secs[0].IP != "203.0.113.9" {
		t.Errorf("security event = %+v", rec.secs[0])
	}
	if rec.states[0].State != StateLive || rec.last().State != StateOffline || c.Status().State != StateOffline {
		t.Errorf("states = %+v", rec.states)
	}
	if f.auths[0] != "Bearer tok_1" {
		t.Errorf("authorization = %q", f.auths[0])
	}
}

func TestReconnectsWithBackoffAfterTheServerDrops(t *testing.T) {
	f := newFakePlatform(t, func(ws *websocket.Conn) {
		send(ws, wire.LiveMessage{Type: "tick", T: time.Now(), Requests: 1})
		// Drop the connection abruptly, as a platform restart does.
	})
	rec := newRecorder()
	c := New(rec.options(f.url(), "tok_1"))
	c.Start(t.Context())
	rec.waitFor(t, "three connections", func() bool { return len(rec.ticks) >= 3 })
	c.Stop()

	sawReconnecting := false
	for _, s := range rec.states {
		if s.State == StateReconnecting {
			sawReconnecting = true
		}
	}
	if !sawReconnecting {
		t.Errorf("a dropped connection must report reconnecting: %+v", rec.states)
	}
	// Each drop follows a live connection, so the backoff starts over at its base.
	for _, d := range rec.delays {
		if d != 5*time.Millisecond {
			t.Errorf("delay after a live connection = %s, want the base (jitter 0 → half of 10 ms)", d)
		}
	}
}

func TestGoesOfflineAfterFailedAttemptsAndComesBack(t *testing.T) {
	var mu sync.Mutex
	up := false
	f := newFakePlatform(t, func(ws *websocket.Conn) {
		send(ws, wire.LiveMessage{Type: "tick", T: time.Now(), Requests: 9})
		drain(ws)
	})
	inner := f.srv.Config.Handler
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ok := up
		mu.Unlock()
		if !ok {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		inner.ServeHTTP(w, r)
	})
	rec := newRecorder()
	o := rec.options(f.url(), "tok_1")
	o.OfflineAfter = 3
	c := New(o)
	c.Start(t.Context())
	rec.waitFor(t, "offline", func() bool { return rec.last().State == StateOffline && len(rec.delays) >= 5 })
	rec.mu.Lock()
	if rec.states[0].State != StateReconnecting || rec.states[0].Attempt != 1 || !strings.Contains(rec.states[0].Error, "503") {
		t.Errorf("first failure = %+v", rec.states[0])
	}
	// Exponential: 5, 10, 20, 20 (capped at 40/2)…
	if rec.delays[0] != 5*time.Millisecond || rec.delays[1] != 10*time.Millisecond || rec.delays[2] != 20*time.Millisecond || rec.delays[4] != 20*time.Millisecond {
		t.Errorf("delays = %v", rec.delays)
	}
	rec.mu.Unlock()

	mu.Lock()
	up = true
	mu.Unlock()
	rec.waitFor(t, "live again", func() bool { return rec.last().State == StateLive && len(rec.ticks) == 1 })
	c.Stop()
}

func TestRefusedTokenIsReported(t *testing.T) {
	f := newFakePlatform(t, drain)
	rec := newRecorder()
	c := New(rec.options(f.url(), "wrong"))
	c.Start(t.Context())
	rec.waitFor(t, "a refusal", func() bool { return len(rec.states) > 0 })
	c.Stop()
	if s := rec.states[0]; s.State != StateReconnecting || s.Error != ErrUnauthorized.Error() {
		t.Errorf("state = %+v", s)
	}
	if f.connections() != 0 {
		t.Error("no connection may be made with a wrong token")
	}
}

func TestOversizeFrameClosesTheConnection(t *testing.T) {
	f := newFakePlatform(t, func(ws *websocket.Conn) {
		ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"tick","pad":"`+strings.Repeat("x", 2048)+`"}`))
		send(ws, wire.LiveMessage{Type: "tick", T: time.Now(), Requests: 1})
		drain(ws)
	})
	rec := newRecorder()
	o := rec.options(f.url(), "tok_1")
	o.ReadLimit = 1024
	c := New(o)
	c.Start(t.Context())
	rec.waitFor(t, "a reconnect after the oversize frame", func() bool { return f.connections() >= 2 })
	c.Stop()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.ticks) != 0 {
		t.Errorf("nothing after an oversize frame on the same connection may be read: %+v", rec.ticks)
	}
	found := false
	for _, s := range rec.states {
		found = found || strings.Contains(s.Error, "read limit")
	}
	if !found {
		t.Errorf("states = %+v", rec.states)
	}
}

// A platform that goes silent (no frames, no pongs: a dead peer behind a
// NAT) is detected by the pong deadline and the client reconnects.
func TestSilentPeerIsDroppedByThePongDeadline(t *testing.T) {
	silent := make(chan struct{})
	f := newFakePlatform(t, func(ws *websocket.Conn) {
		send(ws, wire.LiveMessage{Type: "tick", T: time.Now(), Requests: 1})
		// Never read: pings go unanswered. Hold the socket open until the
		// test is over.
		<-silent
	})
	t.Cleanup(func() { close(silent) }) // runs before the server's Close
	rec := newRecorder()
	o := rec.options(f.url(), "tok_1")
	o.PingEvery, o.PongWait = 50*time.Millisecond, 150*time.Millisecond
	c := New(o)
	c.Start(t.Context())
	start := time.Now()
	rec.waitFor(t, "a reconnect", func() bool {
		for _, s := range rec.states {
			if s.State == StateReconnecting {
				return true
			}
		}
		return false
	})
	if el := time.Since(start); el > 1500*time.Millisecond {
		t.Errorf("dead connection noticed after %s; the pong deadline is 150 ms", el)
	}
	c.Stop()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, s := range rec.states {
		if s.State == StateReconnecting && !strings.Contains(s.Error, "timeout") {
			t.Errorf("reason = %q, want a timeout", s.Error)
		}
	}
}

// An answering peer keeps the connection even when no data frames come:
// the pongs move the deadline.
func TestPongsKeepAQuietConnectionAlive(t *testing.T) {
	f := newFakePlatform(t, drain) // drain answers pings
	rec := newRecorder()
	o := rec.options(f.url(), "tok_1")
	o.PingEvery, o.PongWait = 20*time.Millisecond, 100*time.Millisecond
	c := New(o)
	c.Start(t.Context())
	rec.waitFor(t, "live", func() bool { return rec.last().State == StateLive })
	// Many pong deadlines go by; the connection must stay up.
	select {
	case <-time.After(500 * time.Millisecond):
	case <-t.Context().Done():
	}
	if f.connections() != 1 || c.Status().State != StateLive {
		t.Errorf("connections = %d, state = %+v", f.connections(), c.Status())
	}
	c.Stop()
}

func TestStopAndRestartLeakNoGoroutines(t *testing.T) {
	f := newFakePlatform(t, func(ws *websocket.Conn) {
		for i := 0; ; i++ {
			if send(ws, wire.LiveMessage{Type: "tick", T: time.Now(), Requests: int64(i)}) != nil {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	base := runtime.NumGoroutine()
	rec := newRecorder()
	c := New(rec.options(f.url(), "tok_1"))
	for round := 0; round < 5; round++ {
		c.Start(t.Context())
		c.Start(t.Context()) // a second Start is a no-op
		n := 0
		rec.waitFor(t, "ticks", func() bool { n = len(rec.ticks); return n > 0 })
		c.Stop()
		if c.Status().State != StateOffline {
			t.Fatalf("after Stop: %+v", c.Status())
		}
		rec.mu.Lock()
		rec.ticks = nil
		rec.mu.Unlock()
	}
	c.Stop() // Stop on a stopped client is harmless
	f.srv.CloseClientConnections()
	settleGoroutines(t, base)
}

func TestStopDuringBackoffReturnsPromptly(t *testing.T) {
	f := newFakePlatform(t, drain)
	f.srv.Close() // nothing listens
	rec := newRecorder()
	o := rec.options(f.url(), "tok_1")
	o.After = func(time.Duration) <-chan time.Time { return nil } // the wait never ends by itself
	c := New(o)
	base := runtime.NumGoroutine()
	c.Start(t.Context())
	rec.waitFor(t, "first failure", func() bool { return len(rec.states) > 0 })
	done := make(chan struct{})
	go func() { c.Stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Stop hung while the client waited to reconnect")
	}
	settleGoroutines(t, base)
}

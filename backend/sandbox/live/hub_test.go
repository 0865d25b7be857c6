package live

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/penguinmails/console/backend/wire"
	"github.com/sirupsen/logrus"
)

func quietLog() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

// startHub serves the hub on a real 127.0.0.1 listener; the tenant is the
// "tenant" query parameter (the sandbox authenticates the session first).
func startHub(t *testing.T, tickEvery time.Duration) (*Hub, *httptest.Server, *atomic.Int64) {
	t.Helper()
	var ticks atomic.Int64
	h := NewHub(func(tenant string, now time.Time) wire.LiveMessage {
		n := ticks.Add(1)
		return wire.LiveMessage{Type: "tick", T: now, Requests: n, RPM: 60, Limit: 300, Remaining: 299}
	}, time.Now, quietLog())
	h.tickEvery = tickEvery
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.URL.Query().Get("tenant"))
	}))
	t.Cleanup(func() {
		h.Close()
		srv.Close()
	})
	return h, srv, &ticks
}

func dial(t *testing.T, srv *httptest.Server, tenant string, hdr http.Header) *websocket.Conn {
	t.Helper()
	u := "ws" + strings.TrimPrefix(srv.URL, "http") + "/?tenant=" + tenant
	ws, resp, err := websocket.DefaultDialer.Dial(u, hdr)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func read(t *testing.T, ws *websocket.Conn, within time.Duration) wire.LiveMessage {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(within))
	var m wire.LiveMessage
	if err := ws.ReadJSON(&m); err != nil {
		t.Fatalf("read: %v", err)
	}
	return m
}

func TestTicksArrive(t *testing.T) {
	_, srv, _ := startHub(t, 50*time.Millisecond)
	ws := dial(t, srv, "t1", nil)
	prev := int64(0)
	for i := 0; i < 3; i++ {
		m := read(t, ws, 2*time.Second)
		if m.Type != "tick" || m.Requests <= prev || m.Limit != 300 {
			t.Fatalf("tick %d = %+v", i, m)
		}
		prev = m.Requests
	}
}

func TestSecurityEventArrivesAtOnce(t *testing.T) {
	h, srv, _ := startHub(t, time.Hour) // no tick could carry it
	ws := dial(t, srv, "t1", nil)
	other := dial(t, srv, "t2", nil)
	waitMembers(t, h, "t1", 1)
	start := time.Now()
	h.Publish("t1", wire.SecurityEvent{ID: "se_1", Kind: wire.SecIPViolation, KeyID: "key_1", IP: "203.0.113.9",
		Message: "Request from 203.0.113.9 refused"})
	m := read(t, ws, 2*time.Second)
	if m.Type != "security_event" || m.Event == nil || m.Event.ID != "se_1" || m.Event.IP != "203.0.113.9" {
		t.Fatalf("got %+v", m)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("security event took %v", d)
	}
	// another tenant's subscriber gets nothing
	other.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, _, err := other.ReadMessage(); err == nil {
		t.Error("tenant t2 received t1's security event")
	}
}

func waitMembers(t *testing.T, h *Hub, tenant string, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for len(h.members(tenant)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscribers of %s never joined", n, tenant)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSlowReaderDoesNotDelayFastOne(t *testing.T) {
	h, srv, _ := startHub(t, time.Hour)
	slow := dial(t, srv, "t1", nil) // never reads
	_ = slow
	fast := dial(t, srv, "t1", nil)
	waitMembers(t, h, "t1", 2)

	// ~200 KiB per event: the slow client's socket buffers fill after a few
	big := strings.Repeat("x", 200<<10)
	const n = 100
	got := make(chan time.Duration, n)
	go func() {
		for i := 0; i < n; i++ {
			fast.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, _, err := fast.ReadMessage(); err != nil {
				close(got)
				return
			}
			got <- 0
		}
		close(got)
	}()
	start := time.Now()
	for i := 0; i < n; i++ {
		h.Publish("t1", wire.SecurityEvent{ID: "se", Kind: wire.SecIPViolation, Message: big})
		// the fast client keeps up: wait for it before the next event
		select {
		case _, ok := <-got:
			if !ok {
				t.Fatalf("fast client stopped after %d events", i)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("event %d took more than 2 s to reach the fast client", i)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("%d events took %v", n, d)
	}
	// Publish never blocked on the slow client, and the slow client was
	// dropped once its queue filled.
	if m := len(h.members("t1")); m != 1 {
		t.Errorf("%d subscribers left, want the fast one only", m)
	}
}

func TestForeignOriginRefused(t *testing.T) {
	_, srv, _ := startHub(t, time.Hour)
	u := "ws" + strings.TrimPrefix(srv.URL, "http") + "/?tenant=t1"
	for _, tc := range []struct {
		origin string
		ok     bool
	}{
		{"https://evil.example", false},
		{"http://127.0.0.1.evil.example", false},
		{"null", false},
		{"", true},
		{srv.URL, true},
		{"http://localhost:5173", true},
		{"http://[::1]:34115", true},
	} {
		hdr := http.Header{}
		if tc.origin != "" {
			hdr.Set("Origin", tc.origin)
		}
		ws, resp, err := websocket.DefaultDialer.Dial(u, hdr)
		if tc.ok {
			if err != nil {
				t.Errorf("origin %q refused: %v", tc.origin, err)
				continue
			}
			ws.Close()
			continue
		}
		if err == nil {
			ws.Close()
			t.Errorf("origin %q accepted", tc.origin)
			continue
		}
		if resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("origin %q: %v, want 403", tc.origin, resp)
			continue
		}
		var e wire.APIError
		json.NewDecoder(resp.Body).Decode(&e)
		if e.Code != wire.CodeForbidden {
			t.Errorf("origin %q: body %+v", tc.origin, e)
		}
	}
}

func TestCloseEndsConnectionsWithoutLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	h := NewHub(func(string, time.Time) wire.LiveMessage { return wire.LiveMessage{Type: "tick"} }, nil, quietLog())
	h.tickEvery = 20 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.URL.Query().Get("tenant"))
	}))
	var clients []*websocket.Conn
	for _, tenant := range []string{"a", "a", "b"} {
		clients = append(clients, dial(t, srv, tenant, nil))
	}
	for _, c := range clients {
		read(t, c, 2*time.Second)
	}
	h.Close()
	for i, c := range clients {
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		for {
			_, _, err := c.ReadMessage()
			if err == nil {
				continue // ticks queued before the close
			}
			if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
				t.Errorf("client %d: %v, want a going-away close", i, err)
			}
			break
		}
		c.Close()
	}
	srv.Close()
	// new connections after Close are refused
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after Close:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

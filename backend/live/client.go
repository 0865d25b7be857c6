// Package live subscribes to the platform's live usage websocket
// (GET /api/v1/tenant/analytics/api-usage/live, SPEC §2.5) and hands its
// ticks and security events to the console. It keeps the subscription alive
// across platform restarts and lost connections: exponential backoff with
// jitter, ping/pong deadlines, and a state the UI can show.
package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
)

// State of the subscription.
type State string

const (
	// StateLive: connected, frames arriving.
	StateLive State = "live"
	// StateReconnecting: the connection dropped or the first attempts failed; retrying.
	StateReconnecting State = "reconnecting"
	// StateOffline: stopped, or several attempts in a row failed (still retrying, slower).
	StateOffline State = "offline"
)

// Status is what the UI shows about the subscription.
type Status struct {
	State State `json:"state"`
	// Attempt counts failed connection attempts in a row.
	Attempt int `json:"attempt"`
	// RetryInMs is the wait before the next attempt (reconnecting/offline).
	RetryInMs int64 `json:"retry_in_ms,omitempty"`
	// Error says why the last attempt or connection failed, without secrets.
	Error string `json:"error,omitempty"`
}

// Options configure a Client. URL and Token are required.
type Options struct {
	URL string
	// Token returns the session token; asked before every connection attempt,
	// so a new sign-in is picked up on the next reconnect.
	Token func() string

	OnTick     func(wire.LiveMessage)
	OnSecurity func(wire.SecurityEvent)
	// OnLog receives request log entries; the platform sends them only when
	// URL asks for them (?logs=1).
	OnLog   func(wire.LogEntry)
	OnState func(Status)

	Backoff Backoff // default 250 ms doubling up to 15 s, full jitter half
	// OfflineAfter failed attempts in a row turn "reconnecting" into "offline" (default 3).
	OfflineAfter int
	// PingEvery sends a ping; PongWait is how long the connection may stay
	// silent (no frame, no pong) before it is considered dead.
	PingEvery time.Duration // default 10 s
	PongWait  time.Duration // default 25 s
	// HandshakeTimeout bounds each connection attempt (default 10 s).
	HandshakeTimeout time.Duration
	// ReadLimit caps one frame; a bigger one closes the connection (default 64 KiB).
	ReadLimit int64
	// After waits for a backoff delay; injected by tests (default time.After).
	After func(time.Duration) <-chan time.Time
	Log   logrus.FieldLogger
}

// Client is one live subscription. Start and Stop may be called repeatedly
// (sign-in, sign-out); all its goroutines have ended when Stop returns.
type Client struct {
	o      Options
	dialer *websocket.Dialer

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
	status Status
}

// New makes a stopped client.
func New(o Options) *Client {
	if o.Backoff.Base <= 0 {
		o.Backoff.Base = 250 * time.Millisecond
	}
	if o.Backoff.Max <= 0 {
		o.Backoff.Max = 15 * time.Second
	}
	if o.Backoff.Rand == nil {
		o.Backoff.Rand = rand.Float64
	}
	if o.OfflineAfter <= 0 {
		o.OfflineAfter = 3
	}
	if o.PingEvery <= 0 {
		o.PingEvery = 10 * time.Second
	}
	if o.PongWait <= o.PingEvery {
		o.PongWait = o.PingEvery*2 + 5*time.Second
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = 10 * time.Second
	}
	if o.ReadLimit <= 0 {
		o.ReadLimit = 64 << 10
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.Log == nil {
		l := logrus.New()
		l.SetLevel(logrus.PanicLevel)
		o.Log = l
	}
	if o.Token == nil {
		o.Token = func() string { return "" }
	}
	d := &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: o.HandshakeTimeout}
	return &Client{o: o, dialer: d, status: Status{State: StateOffline}}
}

// Status returns the current state.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Start begins the subscription in the background; a running client is left alone.
func (c *Client) Start(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	c.cancel, c.done = cancel, make(chan struct{})
	go func(done chan struct{}) {
		defer close(done)
		c.run(ctx)
	}(c.done)
}

// Stop ends the subscription and waits for its goroutines; the state becomes offline.
func (c *Client) Stop() {
	c.mu.Lock()
	cancel, done := c.cancel, c.done
	c.cancel, c.done = nil, nil
	c.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

func (c *Client) setStatus(s Status) {
	c.mu.Lock()
	changed := c.status != s
	c.status = s
	c.mu.Unlock()
	if changed && c.o.OnState != nil {
		c.o.OnState(s)
	}
}

func (c *Client) run(ctx context.Context) {
	defer c.setStatus(Status{State: StateOffline})
	failures := 0
	for {
		conn, err := c.dial(ctx)
		if err == nil {
			failures = 0
			c.setStatus(Status{State: StateLive})
			err = c.serve(ctx, conn)
		}
		if ctx.Err() != nil {
			return
		}
		delay := c.o.Backoff.Delay(failures)
		failures++
		st := StateReconnecting
		if failures > c.o.OfflineAfter {
			st = StateOffline
		}
		c.o.Log.WithError(err).WithField("retry_in", delay).Debug("live stream down")
		c.setStatus(Status{State: st, Attempt: failures, RetryInMs: delay.Milliseconds(), Error: errText(err)})
		select {
		case <-ctx.Done():
			return
		case <-c.o.After(delay):
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return platform.SanitizeError(err)
}

// ErrUnauthorized means the platform refused the session token.
var ErrUnauthorized = errors.New("the platform refused the session (sign in again)")

func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	h := http.Header{}
	if t := c.o.Token(); t != "" {
		h.Set("Authorization", "Bearer "+t)
	}
	conn, resp, err := c.dialer.DialContext(ctx, c.o.URL, h)
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized {
			return nil, ErrUnauthorized
		}
		if resp != nil {
			return nil, fmt.Errorf("live stream refused: HTTP %d", resp.StatusCode)
		}
		return nil, err
	}
	return conn, nil
}

// serve reads frames until the connection fails or ctx ends. One extra
// goroutine is the connection's only writer: it sends pings, and on stop a
// close frame, then closes the socket so the read below returns.
func (c *Client) serve(ctx context.Context, conn *websocket.Conn) error {
	conn.SetReadLimit(c.o.ReadLimit)
	alive := func() { _ = conn.SetReadDeadline(time.Now().Add(c.o.PongWait)) }
	alive()
	conn.SetPongHandler(func(string) error { alive(); return nil })

	readDone := make(chan struct{})
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		t := time.NewTicker(c.o.PingEvery)
		defer t.Stop()
		for {
			select {
			case <-readDone:
				return
			case <-ctx.Done():
				msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "console stopped")
				_ = conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
				_ = conn.Close()
				return
			case <-t.C:
				if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
					_ = conn.Close() // the reader sees the failure and we reconnect
					return
				}
			}
		}
	}()

	var err error
	for {
		var data []byte
		_, data, err = conn.ReadMessage()
		if err != nil {
			break
		}
		alive()
		c.dispatch(data)
	}
	close(readDone)
	<-writerDone
	_ = conn.Close()
	return err
}

func (c *Client) dispatch(data []byte) {
	var m wire.LiveMessage
	if err := json.Unmarshal(data, &m); err != nil {
		c.o.Log.WithError(err).Debug("live stream: frame is not a LiveMessage")
		return
	}
	switch m.Type {
	case "tick":
		if c.o.OnTick != nil {
			c.o.OnTick(m)
		}
	case "log":
		if m.Log != nil && c.o.OnLog != nil {
			c.o.OnLog(*m.Log)
		}
	case "security_event":
		if m.Event != nil && c.o.OnSecurity != nil {
			c.o.OnSecurity(*m.Event)
		}
	}
}

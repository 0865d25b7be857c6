package app

import (
	"context"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/live"
	"github.com/penguinmails/console/backend/wire"
)

// LiveState is the live feed's state as the UI sees it (event live:state).
type LiveState = live.Status

// recentTicks is how many ticks the feed keeps for the live strip (about
// five minutes at one a second).
const recentTicks = 300

// liveFeed wires backend/live to the events seam: it subscribes while signed
// in, emits live:tick, live:state and live:security, and keeps the last
// minutes of ticks for screens that open later.
type liveFeed struct {
	session *Session
	events  Emitter
	log     *logrus.Logger

	mu     sync.Mutex
	ctx    context.Context // the app's; nil until Start
	client *live.Client
	ticks  []wire.LiveMessage
	lastAt time.Time // when the newest tick arrived, by this machine's clock
}

func newLiveFeed(s *Session, events Emitter, log *logrus.Logger) *liveFeed {
	f := &liveFeed{session: s, events: events, log: log}
	s.whenSignedIn(f.restart)
	s.whenSignedOut(f.stop)
	return f
}

// Start lets the feed run; it subscribes now if already signed in.
func (f *liveFeed) Start(ctx context.Context) {
	f.mu.Lock()
	f.ctx = ctx
	f.mu.Unlock()
	if _, err := f.session.apiClient(); err == nil {
		f.restart()
	}
}

// restart (re)subscribes: a new sign-in may be another tenant.
func (f *liveFeed) restart() {
	f.stop()
	c, err := f.session.apiClient()
	if err != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctx == nil || f.ctx.Err() != nil {
		return // not started yet (Start subscribes), or shutting down
	}
	f.ticks = nil
	f.client = live.New(live.Options{
		URL:        c.LiveURL(),
		Token:      c.Token,
		OnTick:     f.onTick,
		OnSecurity: func(e wire.SecurityEvent) { f.events.Emit(EventSecurityEvent, e) },
		OnState:    func(s live.Status) { f.events.Emit(EventLiveState, s) },
		Log:        f.log,
	})
	f.client.Start(f.ctx)
}

func (f *liveFeed) stop() {
	f.mu.Lock()
	c := f.client
	f.client = nil
	f.mu.Unlock()
	if c != nil {
		c.Stop() // outside the lock: its last state callback emits
	}
}

func (f *liveFeed) onTick(m wire.LiveMessage) {
	f.mu.Lock()
	f.ticks = append(f.ticks, m)
	f.lastAt = time.Now()
	if len(f.ticks) > recentTicks {
		f.ticks = append(f.ticks[:0:0], f.ticks[len(f.ticks)-recentTicks:]...)
	}
	f.mu.Unlock()
	f.events.Emit(EventLiveTick, m)
}

func (f *liveFeed) status() LiveState {
	f.mu.Lock()
	c := f.client
	f.mu.Unlock()
	if c == nil {
		return LiveState{State: live.StateOffline}
	}
	return c.Status()
}

func (f *liveFeed) lastTick() (wire.LiveMessage, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.ticks) == 0 {
		return wire.LiveMessage{}, false
	}
	last := f.ticks[len(f.ticks)-1]
	// A tick that arrived more than a few seconds ago says nothing about now.
	if time.Since(f.lastAt) > 10*time.Second {
		return wire.LiveMessage{}, false
	}
	return last, true
}

func (f *liveFeed) recent() []wire.LiveMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]wire.LiveMessage{}, f.ticks...)
}

package app

import (
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
)

// platformClock is the sandbox's injected clock.
type platformClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *platformClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *platformClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// expiryEvents records the session states the UI is sent, and wakes a
// waiting test on each one.
type expiryEvents struct {
	mu      sync.Mutex
	states  []SessionState
	changed chan struct{}
}

func newExpiryEvents() *expiryEvents { return &expiryEvents{changed: make(chan struct{}, 1)} }

func (e *expiryEvents) Emit(name string, data any) {
	if s, ok := data.(SessionState); ok && name == EventSession {
		e.mu.Lock()
		e.states = append(e.states, s)
		e.mu.Unlock()
		select {
		case e.changed <- struct{}{}:
		default:
		}
	}
}

// waitLast blocks until the last state sent to the UI satisfies cond. The
// state is emitted on the goroutine that saw the refusal, so the test waits
// for that emission (not for time to pass); the 5 s bound only turns a
// missing event into a failure instead of a hang.
func (e *expiryEvents) waitLast(t *testing.T, cond func(SessionState) bool) {
	t.Helper()
	give := time.NewTimer(5 * time.Second)
	defer give.Stop()
	for {
		if s, ok := e.last(); ok && cond(s) {
			return
		}
		select {
		case <-e.changed:
		case <-give.C:
			s, _ := e.last()
			t.Fatalf("the UI was never sent the expected session state; last: %+v", s)
		}
	}
}

func (e *expiryEvents) last() (SessionState, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.states) == 0 {
		return SessionState{}, false
	}
	return e.states[len(e.states)-1], true
}

func remoteApp(t *testing.T, apiURL string, clock func() time.Time) (*App, *expiryEvents) {
	t.Helper()
	log := logrus.New()
	log.SetOutput(io.Discard)
	a, err := New(Config{APIURL: apiURL, DataDir: t.TempDir(), Clock: clock}, log)
	if err != nil {
		t.Fatal(err)
	}
	ev := newExpiryEvents()
	a.Events.Attach(ev)
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Stop)
	return a, ev
}

// The platform's clock passes the session's end: the next call is refused,
// the UI is told the session expired (not signed out), and signing in again
// clears that.
func TestRemoteSessionRefusedByThePlatformEndsAsExpired(t *testing.T) {
	clock := &platformClock{t: time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)}
	_, url := sandboxtest.Start(t, sandbox.Config{Clock: clock})
	a, ev := remoteApp(t, url, nil)
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", sandboxtest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Keys.List(keyQuery()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(13 * time.Hour)
	if _, err := a.Keys.List(keyQuery()); err == nil {
		t.Fatal("a call with an expired session succeeded")
	}
	ev.waitLast(t, func(s SessionState) bool { return !s.SignedIn && s.Expired })
	st, _ := a.Session.State()
	if st.SignedIn || !st.Expired || st.User != nil {
		t.Fatalf("state after expiry: %+v", st)
	}
	if _, err := a.Keys.List(keyQuery()); !isCode(err, CodeNotSignedIn) {
		t.Fatalf("after expiry: %v", err)
	}
	st, err := a.Session.SignIn("admin@demo.penguinmails.test", sandboxtest.Password)
	if err != nil || !st.SignedIn || st.Expired {
		t.Fatalf("sign in again: %+v %v", st, err)
	}
}

// A session past its expiry on the console's own clock ends before any
// call goes out with it.
func TestRemoteSessionPastItsExpiryEndsWithoutACall(t *testing.T) {
	_, url := sandboxtest.Start(t, sandbox.Config{})
	now := &platformClock{t: time.Now()}
	a, ev := remoteApp(t, url, now.Now)
	st, err := a.Session.SignIn("developer@demo.penguinmails.test", sandboxtest.Password)
	if err != nil {
		t.Fatal(err)
	}
	now.Advance(st.ExpiresAt.Sub(now.Now()) + time.Second)
	if _, err := a.Keys.List(keyQuery()); !isCode(err, CodeSessionExpired) {
		t.Fatalf("call after expiry: %v", err)
	}
	var ue *UIError
	_, err = a.Keys.List(keyQuery())
	if !errors.As(err, &ue) || ue.Status != 401 {
		t.Fatalf("%v", err)
	}
	if s, ok := ev.last(); !ok || s.SignedIn || !s.Expired {
		t.Fatalf("last state sent to the UI: %+v", s)
	}
}

// With the embedded platform the console renews the session before it
// ends, as the same demo user, and the UI never sees it signed out.
func TestEmbeddedSessionRenewsItself(t *testing.T) {
	now := &platformClock{t: time.Now()}
	log := logrus.New()
	log.SetOutput(io.Discard)
	a, err := New(Config{DataDir: t.TempDir(), Clock: now.Now, PlatformPasswordCost: bcrypt.MinCost}, log)
	if err != nil {
		t.Fatal(err)
	}
	ev := newExpiryEvents()
	a.Events.Attach(ev)
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Stop)
	st, err := a.Session.SignIn("support@demo.penguinmails.test", a.Session.demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	before := a.Session.client.Token()
	now.Advance(st.ExpiresAt.Sub(now.Now()) - 5*time.Minute) // inside the renewal window
	a.Session.keepAlive(t.Context())
	after := a.Session.client.Token()
	if after == before || after == "" {
		t.Fatal("the session was not renewed")
	}
	u, _, ok := a.Session.current()
	if !ok || u.Email != "support@demo.penguinmails.test" {
		t.Fatalf("renewed as %q (signed in %v)", u.Email, ok)
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for _, s := range ev.states {
		if !s.SignedIn || s.Expired {
			t.Fatalf("the UI was told %+v during the renewal", s)
		}
	}
}

func TestPlainHTTPToAnotherMachineNeedsInsecureHTTP(t *testing.T) {
	for _, c := range []struct {
		url    string
		flag   bool
		refuse bool
	}{
		{"http://10.0.0.5:8787", false, true},
		{"http://api.penguinmails.example", false, true},
		{"http://api.penguinmails.example", true, false},
		{"https://api.penguinmails.example", false, false},
		{"http://127.0.0.1:8787", false, false},
		{"http://localhost:8787", false, false},
		{"http://[::1]:8787", false, false},
	} {
		err := checkAPIURL(c.url, c.flag)
		if (err != nil) != c.refuse {
			t.Errorf("%s (--insecure-http %v): %v", c.url, c.flag, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "--insecure-http") || strings.Contains(err.Error(), "\n")) {
			t.Errorf("%s: the refusal must be one line naming --insecure-http: %q", c.url, err)
		}
	}
	if !clearText("http://api.penguinmails.example") || clearText("http://127.0.0.1:1") || clearText("https://x.example") {
		t.Fatal("clearText")
	}
}

func keyQuery() platform.KeyListQuery { return platform.KeyListQuery{} }

func isCode(err error, code string) bool {
	var ue *UIError
	return errors.As(err, &ue) && ue.Code == code
}

// A session kept on disk that the platform no longer accepts when the
// console starts again is reported as expired, not as never signed in.
func TestStoredSessionRefusedAtStartIsExpired(t *testing.T) {
	clock := &platformClock{t: time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)}
	_, url := sandboxtest.Start(t, sandbox.Config{Clock: clock})
	dir := t.TempDir()
	log := logrus.New()
	log.SetOutput(io.Discard)
	start := func() *App {
		a, err := New(Config{APIURL: url, DataDir: dir}, log)
		if err != nil {
			t.Fatal(err)
		}
		a.Events.Attach(newExpiryEvents())
		if err := a.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := start()
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", sandboxtest.Password); err != nil {
		t.Fatal(err)
	}
	a.Stop()
	clock.Advance(13 * time.Hour)
	b := start()
	defer b.Stop()
	if st, _ := b.Session.State(); st.SignedIn || !st.Expired {
		t.Fatalf("state at start: %+v", st)
	}
}

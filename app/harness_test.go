package app

import (
	"github.com/penguinmails/console/backend/wire"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
)

// The app tests' one harness: a console started on a real sandbox over
// loopback, the events it sends the UI, and a gateway call as an API client
// makes it.

const demoPW = "console-test-password"

// uiEvents records every event the app sends the UI and wakes a test
// waiting for one.
type uiEvents struct {
	mu      sync.Mutex
	names   []string
	data    []any
	changed chan struct{}
}

func newUIEvents() *uiEvents { return &uiEvents{changed: make(chan struct{}, 1)} }

func (e *uiEvents) Emit(name string, data any) {
	e.mu.Lock()
	e.names = append(e.names, name)
	e.data = append(e.data, data)
	e.mu.Unlock()
	select {
	case e.changed <- struct{}{}:
	default:
	}
}

// of returns the data of every event called name, oldest first.
func (e *uiEvents) of(name string) []any {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []any
	for i, n := range e.names {
		if n == name {
			out = append(out, e.data[i])
		}
	}
	return out
}

// sessions returns the session states sent to the UI, oldest first.
func (e *uiEvents) sessions() []SessionState {
	var out []SessionState
	for _, d := range e.of(EventSession) {
		if s, ok := d.(SessionState); ok {
			out = append(out, s)
		}
	}
	return out
}

func (e *uiEvents) lastSession() (SessionState, bool) {
	s := e.sessions()
	if len(s) == 0 {
		return SessionState{}, false
	}
	return s[len(s)-1], true
}

// wait blocks until cond holds, re-checking it on each event the app sends.
// Events come from the app's own goroutines, so the test waits for them,
// not for time to pass; the 5 s bound only turns a missing event into a
// failure instead of a hang. poke, if not nil, runs first and then every
// 250 ms (for example a request sent until a subscription is up).
func (e *uiEvents) wait(t *testing.T, what string, cond func() bool, poke func()) {
	t.Helper()
	give := time.NewTimer(5 * time.Second)
	defer give.Stop()
	retry := time.NewTicker(250 * time.Millisecond) // only to re-poke; never asserted on
	defer retry.Stop()
	if poke != nil {
		poke()
	}
	for {
		if cond() {
			return
		}
		select {
		case <-e.changed:
		case <-retry.C:
			if poke != nil {
				poke()
			}
		case <-give.C:
			t.Fatalf("the UI was never sent %s", what)
		}
	}
}

func quietLog() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

// startPlatform runs the real sandbox on loopback for the test.
func startPlatform(t *testing.T) string {
	t.Helper()
	_, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: demoPW})
	return url
}

// startApp starts a console with cfg; the caller stops it.
func startApp(t *testing.T, cfg Config) *App {
	a, _ := startAppEvents(t, cfg)
	return a
}

// startAppEvents starts a console with cfg and records what it sends the
// UI; the caller stops it.
func startAppEvents(t *testing.T, cfg Config) (*App, *uiEvents) {
	t.Helper()
	if cfg.APIURL == "" && cfg.PlatformPasswordCost == 0 {
		cfg.PlatformPasswordCost = bcrypt.MinCost // tests only, see Config
	}
	a, err := New(cfg, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	ev := newUIEvents()
	a.Events.Attach(ev)
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return a, ev
}

// callGateway makes one API call with key, as an API client would, and
// returns its status and request id.
func callGateway(t *testing.T, base, key, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+"/api/v1"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("X-Request-Id")
}

// signInWithKey signs the console in as the demo admin (password pw),
// confirms sudo, and creates a test key with perms.
func signInWithKey(t *testing.T, a *App, pw, name string, perms ...string) *wire.CreateKeyResponse {
	t.Helper()
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", pw); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session.Sudo(pw); err != nil {
		t.Fatal(err)
	}
	k, err := a.Keys.Create(wire.CreateKeyRequest{Name: name, Environment: "test", Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

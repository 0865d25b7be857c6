package app

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

func remoteApp(t *testing.T, apiURL string, clock func() time.Time) (*App, *uiEvents) {
	t.Helper()
	a, ev := startAppEvents(t, Config{APIURL: apiURL, DataDir: t.TempDir(), Clock: clock})
	t.Cleanup(a.Stop)
	return a, ev
}

// The platform's clock passes the session's end: the next call is refused,
// the UI is told the session expired (not signed out), and signing in again
// clears that.
func TestRemoteSessionRefusedByThePlatformEndsAsExpired(t *testing.T) {
	clock := sandboxtest.NewClock(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC))
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
	ev.wait(t, "a signed-out, expired session", func() bool { s, ok := ev.lastSession(); return ok && !s.SignedIn && s.Expired }, nil)
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
	now := sandboxtest.NewClock(time.Now())
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
	if s, ok := ev.lastSession(); !ok || s.SignedIn || !s.Expired {
		t.Fatalf("last state sent to the UI: %+v", s)
	}
}

// With the embedded platform the console renews the session before it
// ends, as the same demo user, and the UI never sees it signed out.
func TestEmbeddedSessionRenewsItself(t *testing.T) {
	now := sandboxtest.NewClock(time.Now())
	a, ev := startAppEvents(t, Config{DataDir: t.TempDir(), Clock: now.Now})
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
	for _, s := range ev.sessions() {
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

func keyQuery() wire.KeyListQuery { return wire.KeyListQuery{} }

func isCode(err error, code string) bool {
	var ue *UIError
	return errors.As(err, &ue) && ue.Code == code
}

// A session kept on disk that the platform no longer accepts when the
// console starts again is reported as expired, not as never signed in.
func TestStoredSessionRefusedAtStartIsExpired(t *testing.T) {
	clock := sandboxtest.NewClock(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC))
	_, url := sandboxtest.Start(t, sandbox.Config{Clock: clock})
	dir := t.TempDir()
	start := func() *App { return startApp(t, Config{APIURL: url, DataDir: dir}) }
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

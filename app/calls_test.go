package app

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// gatedPlatform forwards to the real sandbox but holds every key listing
// until the test ends, telling the test when one arrived.
func gatedPlatform(t *testing.T) (url string, arrived <-chan struct{}) {
	t.Helper()
	upstream := startPlatform(t)
	proxy := httputil.NewSingleHostReverseProxy(mustURL(upstream))
	seen := make(chan struct{}, 8)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/platform/api-keys" {
			seen <- struct{}{}
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv.URL, seen
}

// A call still waiting for the platform when the console stops ends at
// once as "cancelled": the console does not wait out its 20 s deadline,
// and does not mistake the stop for an unreachable platform (Offline).
func TestStopCancelsCallsInFlightWithoutGoingOffline(t *testing.T) {
	url, arrived := gatedPlatform(t)
	a := startApp(t, Config{DataDir: t.TempDir(), APIURL: url})
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", demoPW); err != nil {
		t.Fatal(err)
	}
	events := &sessionEvents{}
	a.Events.Attach(events)

	errc := make(chan error, 1)
	go func() {
		_, err := a.Keys.List(wire.KeyListQuery{})
		errc <- err
	}()
	<-arrived
	stopped := make(chan struct{})
	go func() { a.Stop(); close(stopped) }()

	select {
	case err := <-errc:
		if uiCode(err) != wire.CodeCanceled {
			t.Fatalf("want code %q, got %v", wire.CodeCanceled, err)
		}
		if !strings.Contains(err.Error(), "The request was cancelled.") {
			t.Fatalf("message: %v", err)
		}
	case <-time.After(10 * time.Second): // a bound, not a measurement: the deadline is 20 s
		t.Fatal("the call waited for its deadline instead of ending with the stop")
	}
	<-stopped
	if !a.Session.isOnline() {
		t.Fatal("a cancelled call turned the console Offline")
	}
	if events.wentOffline() {
		t.Fatal("the UI was told the platform is offline")
	}
}

// sessionEvents records whether a session event ever said offline.
type sessionEvents struct{ offline atomic.Bool }

func (s *sessionEvents) Emit(name string, data any) {
	if st, ok := data.(SessionState); ok && name == EventSession && !st.Online {
		s.offline.Store(true)
	}
}

func (s *sessionEvents) wentOffline() bool { return s.offline.Load() }

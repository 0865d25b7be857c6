package tester

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// recorder is a real HTTP listener that keeps the Authorization header of
// every request it receives.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	auth []string
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.auth = append(rec.auth, r.Header.Get("Authorization"))
		rec.mu.Unlock()
		if h != nil {
			h(w, r)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string{}, r.auth...)
}

const testKey = "pm_test_abcdefghijklmnopqrstuvwxyz012345"

// The chosen key goes to the platform's origin and to no other listener,
// not even one on the same host; a header the user wrote is theirs and is
// sent as written.
func TestKeyGoesOnlyToThePlatform(t *testing.T) {
	platform := newRecorder(t, nil)
	other := newRecorder(t, nil)
	r, err := NewRunner(platform.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := r.Send(ctx, Request{Method: "GET", URL: "/api/v1/contacts", Key: testKey}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Send(ctx, Request{Method: "GET", URL: other.URL + "/api/v1/contacts", Key: testKey}); err != nil {
		t.Fatal(err)
	}
	own := "Bearer pm_test_own_header_value_1234"
	if _, err := r.Send(ctx, Request{Method: "GET", URL: other.URL + "/x", Key: testKey, Headers: []Header{{"Authorization", own}}}); err != nil {
		t.Fatal(err)
	}
	if got := platform.received(); len(got) != 1 || got[0] != "Bearer "+testKey {
		t.Fatalf("platform received %q", got)
	}
	if got := other.received(); len(got) != 2 || got[0] != "" || got[1] != own {
		t.Fatalf("the other listener received %q; want no key, then only the header the user wrote", got)
	}
}

// A redirect from the platform to another origin leaves the key behind.
func TestRedirectAwayFromThePlatformDropsTheKey(t *testing.T) {
	other := newRecorder(t, nil)
	platform := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
	})
	r, _ := NewRunner(platform.URL)
	resp, err := r.Send(context.Background(), Request{Method: "GET", URL: "/go", Key: testKey})
	if err != nil || resp.Status != http.StatusNoContent {
		t.Fatalf("%v %v", resp, err)
	}
	if got := other.received(); len(got) != 1 || got[0] != "" {
		t.Fatalf("the redirect target received %q", got)
	}
}

// Served to the network, the tester reaches the platform only; loopback,
// private, link-local and unspecified targets are refused with the reason.
func TestServedRemotelyRefusesInternalTargets(t *testing.T) {
	platform := newRecorder(t, nil)
	local := newRecorder(t, nil)
	r, _ := NewRunner(platform.URL)
	r.ServedRemotely = true
	r.lookup = func(_ context.Context, host string) ([]net.IPAddr, error) {
		if host == "internal.example" {
			return []net.IPAddr{{IP: net.ParseIP("10.1.2.3")}}, nil
		}
		return []net.IPAddr{{IP: net.ParseIP("93.184.216.34")}}, nil
	}
	if _, err := r.Send(context.Background(), Request{Method: "GET", URL: "/api/v1/contacts", Key: testKey}); err != nil {
		t.Fatalf("the platform itself must stay reachable: %v", err)
	}
	for target, want := range map[string]string{
		local.URL + "/admin":          "is a loopback address",
		"http://localhost:9/x":        "is a loopback address",
		"http://192.168.1.10/x":       "is a private address",
		"http://internal.example/x":   "is a private address",
		"http://169.254.169.254/meta": "is a link-local address",
		"http://[fe80::1]:80/x":       "is a link-local address",
		"http://0.0.0.0:80/x":         "is an unspecified address",
		"http://public.example/x":     "sends requests only to the platform",
	} {
		_, err := r.Send(context.Background(), Request{Method: "GET", URL: target})
		te, ok := err.(*Error)
		if !ok || te.Field != "url" || !strings.Contains(te.Message, want) || !strings.Contains(te.Message, "served to the network") {
			t.Errorf("%s: got %v, want a refusal saying %q", target, err, want)
		}
	}
	if got := local.received(); len(got) != 0 {
		t.Fatalf("the loopback service was reached %d times", len(got))
	}
}

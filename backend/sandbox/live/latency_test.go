package live

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/sandbox/usage"
)

// SPEC §6: a gateway request shows in the live stream within 1.5 s. The hub
// runs at its real tick interval, fed by a real usage store.
func TestRequestShowsInLiveStreamWithinBar(t *testing.T) {
	st, err := usage.Open(nil, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := NewHub(st.LiveTick, time.Now, quietLog())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.URL.Query().Get("tenant"))
	}))
	defer srv.Close()
	defer h.Close()
	ws := dial(t, srv, "t1", nil)
	read(t, ws, 3*time.Second) // in step with the ticker

	for round := 0; round < 3; round++ {
		// a request at a different phase of the tick each round
		time.Sleep(time.Duration(round) * 300 * time.Millisecond)
		sent := time.Now()
		st.Ingest(usage.Event{At: sent, TenantID: "t1", KeyID: "k", Method: "GET", Route: "/api/v1/contacts", Status: 200, Latency: time.Millisecond})
		for {
			m := read(t, ws, 3*time.Second)
			if m.Requests > 0 {
				if d := time.Since(sent); d > 1500*time.Millisecond {
					t.Errorf("round %d: the request showed after %v", round, d)
				}
				break
			}
			if time.Since(sent) > 1500*time.Millisecond {
				t.Fatalf("round %d: no tick counted the request within 1.5 s", round)
			}
		}
	}
}

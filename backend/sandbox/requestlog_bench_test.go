package sandbox

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/wire"
)

// The gateway's throughput with request logging on, side by side with it
// off (SPEC §6: on ≥ 0.85 × off): the same full chain over loopback, the
// only difference being the log entry (headers, redacted bodies, index keys)
// written with the request's durable commit.
func BenchmarkGatewayLogOn(b *testing.B) { benchGatewayWith(b, true, nil) }
func BenchmarkGatewayLogOff(b *testing.B) {
	benchGatewayWith(b, true, func(s *Server) { s.logOff.Store(true) })
}

// BenchmarkRequestLogEntry is the log's work on a request's own goroutine:
// the entry with its masked headers and redacted bodies, encoded into the
// keys and values the group commit then writes (no bar: it shows where
// logging's CPU goes, apart from Badger's).
func BenchmarkRequestLogEntry(b *testing.B) {
	e := newEnv(b, envOpts{plan: "business"})
	k := e.createKey(e.admin(), allPerms("live"))
	req := httptest.NewRequest("POST", "/api/v1/contacts", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("Authorization", "Bearer "+k.APIKey)
	req.Header.Set("User-Agent", "Go-http-client/1.1")
	req.Header.Set("Content-Type", "application/json")
	ref, st, _ := e.srv.keys.verify(k.APIKey)
	c := gwCall{tenantID: st.rec.TenantID, keyID: st.rec.ID, entry: ref.entry, state: st}
	w := &nopWriter{h: http.Header{}}
	h := w.h
	h.Set("Content-Type", "application/json")
	h.Set(wire.RequestIDHeader, requestlog.NewRequestID(e.srv.now()))
	h.Set("X-Ratelimit-Limit", "1000")
	h.Set("X-Ratelimit-Remaining", "999")
	h.Set("X-Ratelimit-Reset", "1")
	rec := &statusRecorder{ResponseWriter: w, status: 201, body: []byte(`{"id":"ct_123","email":"ada@example.com","first_name":"Ada"}`)}
	body := &bodyCapture{buf: []byte(`{"email":"ada@example.com","first_name":"Ada"}`), eof: true}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if lr, _ := e.srv.requestLog(rec, req, &c, "/api/v1/contacts", body, e.srv.now(), 1000); lr == nil {
			b.Fatal("not logged")
		}
	}
}

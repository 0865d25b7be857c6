package sandbox

import (
	"net/http"
	"time"

	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/wire"
)

// withRequestID gives every answer, gateway and platform alike, an
// X-Request-Id. The id is set on the response header before the handler
// runs, so writeError and the request log read it from there (the header
// map is shared by every wrapper of the ResponseWriter). A caller's own
// X-Request-Id is not reused: ids must be unique to be quoted to support.
// The id names the request's place in the request log (requestlog.NewRequestID),
// so it is minted with the sandbox's clock.
func withRequestID(h http.Handler, now func() time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()[wire.RequestIDHeader] = []string{requestlog.NewRequestID(now())}
		h.ServeHTTP(w, r)
	})
}

// requestID is the id withRequestID gave this answer ("" outside it).
func requestID(w http.ResponseWriter) string {
	if v := w.Header()[wire.RequestIDHeader]; len(v) > 0 {
		return v[0]
	}
	return ""
}

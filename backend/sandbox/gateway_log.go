package sandbox

import (
	"io"
	"net/http"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/wire"
)

// bodyCapture keeps a copy of what the handler reads of the request body,
// for the request log.
type bodyCapture struct {
	io.ReadCloser
	buf []byte
	eof bool
}

func (b *bodyCapture) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if len(b.buf)+n <= maxBody {
		b.buf = append(b.buf, p[:n]...)
	}
	if err == io.EOF {
		b.eof = true
	}
	return n, err
}

// captureBody tees the request body when the request log is on.
func (s *Server) captureBody(r *http.Request) *bodyCapture {
	if s.reqlog == nil || r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	c := &bodyCapture{ReadCloser: r.Body}
	r.Body = c
	return c
}

// requestLog makes the request's log entry: lr is its stored form, which
// the group's BatchHook writes in the usage event's transaction (so the
// answer, which waits for that, promises both survive — SPEC §6), and
// publish shows it on the live tail once that write succeeded (nil when
// nobody tails). lr is nil when the request is not logged: requests whose
// key is unknown belong to no tenant (usage counts them).
func (s *Server) requestLog(rec *statusRecorder, r *http.Request, c *gwCall, route string, body *bodyCapture, now time.Time, latency time.Duration) (lr *timeline.Record, publish func()) {
	if s.reqlog == nil || c.tenantID == "" || s.logOff.Load() {
		return nil, nil
	}
	st := c.state
	e := wire.LogEntry{
		RequestID: requestID(rec), At: now, KeyID: c.keyID, KeyName: st.rec.Name, Environment: st.rec.Environment,
		MaskedKey: st.rec.Masked, IP: remoteHost(r), Method: r.Method, Route: route, Path: r.URL.Path,
		Query: apikey.MaskAll(r.URL.RawQuery), Status: rec.status, Error: rec.code, Message: rec.message,
		LatencyMs:   float64(latency.Microseconds()) / 1000,
		RequestSize: max(r.ContentLength, 0), ResponseSize: int64(len(rec.body)), UserAgent: r.UserAgent(),
	}
	if p := c.previous; p != nil {
		e.MaskedKey = p.rec.Masked
	}
	if s.logBodies(c.tenantID) {
		e.BodiesLogged = true
		if body != nil {
			if !body.eof { // refused before the handler read it: read it for the log (bounded)
				io.Copy(io.Discard, io.LimitReader(body, maxBody))
			}
			if e.RequestSize == 0 {
				e.RequestSize = int64(len(body.buf))
			}
			e.RequestBody, e.RequestBodyTruncated = requestlog.Body(body.buf)
		}
		e.ResponseBody, e.ResponseBodyTruncated = requestlog.Body(rec.body)
	}
	tenant := c.tenantID
	// encoded here, in parallel with other requests; the committer only
	// gathers the group's records into blocks (countBatch)
	lr = s.reqlog.Record(tenant, &e, r.Header, rec.Header())
	if s.hub.WantsLogs() { // a copy only for the live tail, when someone tails
		sum := summary(e)
		publish = func() { s.hub.PublishLog(tenant, &sum) }
	}
	return lr, publish
}

// summary is an entry without headers and bodies, as lists and the live
// tail carry it.
func summary(e wire.LogEntry) wire.LogEntry {
	e.RequestHeaders, e.ResponseHeaders, e.RequestBody, e.ResponseBody = nil, nil, nil, nil
	e.BodiesLogged, e.RequestBodyTruncated, e.ResponseBodyTruncated = false, false, false
	return e
}

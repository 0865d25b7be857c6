package sandbox

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/sandbox/usage"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// UpgradeURL is where a 429 points the caller for higher limits.
const UpgradeURL = "https://penguinmails.com/pricing"

// gwCall is what the gateway learned about a request's key.
type gwCall struct {
	tenantID string
	keyID    string
	entry    *keyEntry
	state    *keyState
	previous *prevState // the previous secret of a rotation the request used, if any
}

type gwHandler func(w http.ResponseWriter, r *http.Request, c *gwCall)

// statusRecorder holds what the handler answered: the usage event and the
// request log need it, and the answer may only leave once both are durable
// (SPEC §6), so the status and body wait here until flush (headers go to the
// real writer's map, which is sent only with the status).
type statusRecorder struct {
	http.ResponseWriter
	status  int
	code    string
	message string
	body    []byte
}

func (rec *statusRecorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	rec.body = append(rec.body, b...)
	return len(b), nil
}

// flush sends the held answer.
func (rec *statusRecorder) flush() {
	rec.ResponseWriter.WriteHeader(rec.status)
	if len(rec.body) > 0 {
		rec.ResponseWriter.Write(rec.body)
	}
}

var recPool = sync.Pool{New: func() any { return new(statusRecorder) }}

// gateway wraps a public endpoint in the checks of SPEC §2.4, in this order:
// key format → known key → revoked / rotation grace over → expired → IP
// allow-list → permission → rate limit → handler. A bad key is a status (an
// answer), not a fault. Every request, allowed or refused, becomes a usage
// event that moves the key's counters, and its answer leaves only once that
// event is durable (usage.Store.Commit).
func (s *Server) gateway(route, perm string, h gwHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now() // real time: latency is measured, not simulated
		now := s.now()
		rec := recPool.Get().(*statusRecorder)
		*rec = statusRecorder{ResponseWriter: w, body: rec.body[:0]}
		ipStr := remoteHost(r)
		ip, _ := netip.ParseAddr(ipStr)
		var c gwCall
		body := s.captureBody(r)
		if s.admit(rec, r, ip, ipStr, perm, now, &c) {
			h(rec, r, &c)
		}
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		// Latency is the time to decide and answer, without the durable
		// write (it is not known before that write).
		lat := time.Since(start)
		ev := usage.Event{
			At: now, TenantID: c.tenantID, KeyID: c.keyID, Method: r.Method, Route: route, IP: ipStr,
			Code: rec.code, Message: rec.message, Status: rec.status, Latency: lat, PreviousSecret: c.previous != nil,
			RequestID: requestID(rec),
		}
		// One synced write holds the event, the request-log entry and the
		// key's counters (countBatch); the answer waits for it.
		lr, publish := s.requestLog(rec, r, &c, route, body, now, lat)
		own := counted{entry: c.entry, tenant: c.tenantID, log: lr}
		size := 0
		if lr != nil {
			size = requestlog.Size(lr)
		}
		if p := c.previous; p != nil {
			own.prevHash, own.prev = p.rec.Hash, p.use
		}
		if err := s.usage.Commit(usage.Record{Event: ev, Size: size, Owner: own}); err != nil {
			s.log.WithError(err).Error("save usage event and request log entry")
			rec.status, rec.body = 0, rec.body[:0]
			writeError(rec, errInternal) // not the handler's answer: it was not recorded
		} else if publish != nil {
			publish()
		}
		rec.flush()
		if cap(rec.body) > 64<<10 {
			rec.body = nil // don't pool big buffers
		}
		*rec = statusRecorder{body: rec.body[:0]}
		recPool.Put(rec)
	}
}

// admit looks the key up and runs apikey.Decide, the one gateway decision
// (the tester's warnings use it too); on refusal it writes the answer, with
// the security event a refusal of a known key raises, and returns false.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, ip netip.Addr, ipStr, perm string, now time.Time, c *gwCall) bool {
	in := apikey.Request{IP: ip, Need: perm, Now: now.UnixNano()}
	var d apikey.Decision
	if tok := bearer(r); tok == "" {
		d = apikey.Decide(&in)
	} else if ref, st, ok := s.keys.verify(tok); !ok {
		in.Key.Presented = true
		d = apikey.Decide(&in)
	} else {
		c.entry, c.state, c.tenantID, c.keyID = ref.entry, st, st.rec.TenantID, st.rec.ID
		graceOver := ref.kind == secretPrevious && in.Now >= ref.prev.expiry
		in.Key = apikey.KeyState{Presented: true, Known: true, Revoked: st.revoked || ref.kind == secretRetired || graceOver,
			ExpiresAt: st.expiresAt, Allow: st.allow, Perms: st.perms}
		d = s.limiter(c.tenantID).decide(&in)
		if ref.kind == secretPrevious && !graceOver {
			c.previous = ref.prev
		}
	}
	switch d.Status {
	case apikey.Allowed:
		s.noteIP(c, ipStr, now)
		setLimitHeaders(w, d.Window)
		return true
	case apikey.MissingKey:
		s.refuseAnon(w, ipStr, now, apiErr(http.StatusUnauthorized, wire.CodeInvalidToken, wire.MsgMissingKey))
		return false
	case apikey.InvalidKey:
		s.refuseAnon(w, ipStr, now, apiErr(http.StatusUnauthorized, wire.CodeInvalidToken, wire.MsgInvalidToken))
		return false
	}
	setLimitHeaders(w, d.Window)
	st := c.state
	switch d.Status {
	case apikey.Revoked:
		writeError(w, apiErr(http.StatusUnauthorized, wire.CodeKeyRevoked, wire.MsgKeyRevoked))
		s.securityEvent(c.tenantID, wire.SecurityEvent{Kind: wire.SecRevokedKeyUsed, KeyID: c.keyID, KeyName: st.rec.Name,
			IP: ipStr, Method: r.Method, Path: r.URL.Path, Message: "A revoked API key was used"})
	case apikey.Expired:
		at := time.Unix(0, st.expiresAt).UTC().Format(time.RFC3339)
		writeError(w, apiErr(http.StatusUnauthorized, wire.CodeKeyExpired, wire.KeyExpiredMessage(at)))
		s.securityEvent(c.tenantID, wire.SecurityEvent{Kind: wire.SecExpiredKeyUsed, KeyID: c.keyID, KeyName: st.rec.Name,
			IP: ipStr, Method: r.Method, Path: r.URL.Path, Message: "An expired API key was used (expired " + at + ")"})
	case apikey.IPNotAllowed:
		writeError(w, apiErr(http.StatusForbidden, wire.CodeIPNotAllowed, wire.MsgIPNotAllowed))
		s.ipViolation(c, st, ipStr, r, now)
	case apikey.InsufficientScope:
		s.noteIP(c, ipStr, now)
		e := apiErr(http.StatusForbidden, wire.CodeInsufficientPermissions, wire.MsgInsufficientPermissions)
		e.Required = []string{perm}
		writeError(w, e)
	case apikey.RateLimited:
		s.noteIP(c, ipStr, now)
		e := apiErr(http.StatusTooManyRequests, wire.CodeRateLimitExceeded, wire.MsgRateLimitExceeded)
		e.RetryAfter, e.UpgradeURL = int(d.Window.RetryAfter), UpgradeURL
		writeError(w, e)
	}
	return false
}

func (s *Server) refuseAnon(w http.ResponseWriter, ip string, now time.Time, e *wire.APIError) {
	setLimitHeaders(w, s.anon.take(ip, now))
	writeError(w, e)
}

func setLimitHeaders(w http.ResponseWriter, lr limitResult) {
	h := w.Header()
	h["X-Ratelimit-Limit"] = []string{strconv.FormatInt(lr.Limit, 10)}
	h["X-Ratelimit-Remaining"] = []string{strconv.FormatInt(lr.Remaining, 10)}
	h["X-Ratelimit-Reset"] = []string{strconv.FormatInt(lr.ResetSec, 10)}
}

// remoteHost is the client IP from the connection. X-Forwarded-For is
// deliberately ignored: anyone can send it, and the allow-list must not be
// bypassable by a header.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func clientIP(r *http.Request) netip.Addr {
	a, _ := netip.ParseAddr(remoteHost(r))
	return a
}

func storeMax(a interface {
	Load() int64
	CompareAndSwap(int64, int64) bool
}, v int64) {
	for {
		cur := a.Load()
		if v <= cur || a.CompareAndSwap(cur, v) {
			return
		}
	}
}

// noteIP records the first use of a key from an IP as a new_ip audit event.
func (s *Server) noteIP(c *gwCall, ip string, now time.Time) {
	if _, seen := c.entry.seenIPs.Load(ip); seen {
		return
	}
	if _, seen := c.entry.seenIPs.LoadOrStore(ip, struct{}{}); seen {
		return
	}
	ev := wire.AuditEvent{ID: orderedID("aud_", now), At: now, Kind: "new_ip", Actor: "api", Detail: map[string]any{"ip": ip}}
	err := s.db.Update(func(tx *cache.Tx) error {
		if err := tx.Set([]byte(pKeyIP+c.keyID+"/"+ip), []byte{1}, 0); err != nil {
			return err
		}
		return tx.SetJSON([]byte(pAudit+c.keyID+"/"+ev.ID), ev, 0)
	})
	if err != nil {
		s.log.WithError(err).Warn("record new IP")
	}
}

// ipViolation is a security event, an email to the tenant's admins (at most
// one per key and IP every 10 minutes) and a live security_event.
func (s *Server) ipViolation(c *gwCall, st *keyState, ip string, r *http.Request, now time.Time) {
	s.securityEvent(c.tenantID, wire.SecurityEvent{Kind: wire.SecIPViolation, KeyID: c.keyID, KeyName: st.rec.Name,
		IP: ip, Method: r.Method, Path: r.URL.Path, Message: fmt.Sprintf("Blocked request from IP %s: not in the allow-list of key %q", ip, st.rec.Name)})
	if !s.alerts.allow(c.keyID+"|"+ip, now) {
		return
	}
	subject := fmt.Sprintf("Security alert: blocked request from IP %s", ip)
	body := fmt.Sprintf("A request to %s %s with the API key %q (%s, %s) came from %s, which is not in the key's IP allow-list (%v). "+
		"It was refused with 403 ip_not_allowed.\n\nIf you recognise this address, add it to the key's allow-list; if not, rotate the key.",
		r.Method, r.URL.Path, st.rec.Name, c.keyID, st.rec.Masked, ip, st.rec.AllowedIPs)
	m, err := s.sendMail(c.tenantID, wire.NotifySecurity, s.tenantAdmins(c.tenantID), subject, body, c.keyID)
	if err != nil {
		s.log.WithError(err).Warn("queue IP violation email")
		return
	}
	s.auditMail(c.tenantID, wire.AuditEntry{Actor: wire.ActorSystem, IP: ip}, m)
}

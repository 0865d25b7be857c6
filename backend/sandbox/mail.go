package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// platformFrom is the sender of the platform's own mail.
const platformFrom = "PenguinMails <no-reply@penguinmails.test>"

// sendMail appends an email to the tenant's outbox (the sandbox's mail
// pipeline delivers nowhere else).
func (s *Server) sendMail(tenantID, kind string, to []string, subject, body, keyID string) (wire.OutboxEmail, error) {
	return s.sendMailWith(tenantID, kind, to, subject, body, keyID, nil)
}

// sendMailWith is sendMail that also writes also's records in the email's
// transaction (the idempotency record of a notification).
func (s *Server) sendMailWith(tenantID, kind string, to []string, subject, body, keyID string,
	also func(tx *cache.Tx, m wire.OutboxEmail) error) (wire.OutboxEmail, error) {
	now := s.now()
	m := wire.OutboxEmail{ID: orderedID("msg_", now), Kind: kind, To: to, From: platformFrom, Subject: subject, Body: body, KeyID: keyID, CreatedAt: now}
	if m.To == nil {
		m.To = []string{}
	}
	return m, s.db.Update(func(tx *cache.Tx) error {
		if err := tx.SetJSON([]byte(pOutbox+tenantID+"/"+m.ID), m, 0); err != nil {
			return err
		}
		if also != nil {
			return also(tx, m)
		}
		return nil
	})
}

func (s *Server) handleSecurityEvents(w http.ResponseWriter, r *http.Request, ss *session) {
	events, err := newestJSON[wire.SecurityEvent](s.db, pSecurity+ss.tenant.ID+"/", 500)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	s.liveCounts(events)
	writeJSON(w, http.StatusOK, wire.SecurityEventList{Events: events})
}

func (s *Server) handleOutbox(w http.ResponseWriter, r *http.Request, ss *session) {
	emails, err := newestJSON[wire.OutboxEmail](s.db, pOutbox+ss.tenant.ID+"/", 500)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	writeJSON(w, http.StatusOK, wire.Outbox{Emails: emails})
}

// newestJSON decodes up to limit records under prefix, newest first (their
// ids are time-ordered). It never returns nil, so lists encode as [].
func newestJSON[T any](db *cache.DB, prefix string, limit int) ([]T, error) {
	out := []T{}
	err := db.Scan([]byte(prefix), true, func(_, v []byte) error {
		var item T
		if err := json.Unmarshal(v, &item); err != nil {
			return err
		}
		out = append(out, item)
		if len(out) >= limit {
			return cache.ErrStop
		}
		return nil
	})
	return out, err
}

// handleNotify is POST /platform/notifications. Every role may send: the
// console's alert and reminder jobs run as whoever is signed in (support
// staff included), and the mail only ever goes to the tenant's own admins and
// the key's creator — it changes nothing.
func (s *Server) handleNotify(w http.ResponseWriter, r *http.Request, ss *session) {
	var req wire.NotificationRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	idem, e := idempotencyKey(r)
	if e != nil {
		writeError(w, e)
		return
	}
	fields := map[string]string{}
	if !slices.Contains([]string{wire.NotifyKeyExpiry, wire.NotifyKeyRotation, wire.NotifyErrorRate, wire.NotifyRateLimit, wire.NotifySecurity}, req.Kind) {
		fields["kind"] = "kind must be key_expiry, key_rotation, error_rate, rate_limit or security"
	}
	req.Subject = strings.TrimSpace(req.Subject)
	if n := utf8.RuneCountInString(req.Subject); n < 1 || n > 200 {
		fields["subject"] = "Subject must be 1-200 characters"
	}
	if strings.TrimSpace(req.Body) == "" || utf8.RuneCountInString(req.Body) > 100_000 {
		fields["body"] = "Body must be 1-100000 characters"
	}
	var creator string
	if req.KeyID != "" {
		e := s.keys.get(ss.tenant.ID, req.KeyID)
		if e == nil {
			writeError(w, errNotFound)
			return
		}
		creator = e.state.Load().rec.CreatedBy
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	res, replayed, err := s.notifyOnce(ss.tenant.ID, idem, req.Kind, s.recipients(ss.tenant.ID, creator), req.Subject, req.Body, req.KeyID)
	if err != nil {
		s.log.WithError(err).Error("send notification")
		writeError(w, errInternal)
		return
	}
	if replayed {
		writeJSON(w, http.StatusOK, res)
		return
	}
	s.recordAudit(ss.tenant.ID, s.auditEntry(r, ss, wire.AuditNotification, res.ID, map[string]any{
		"kind": req.Kind, "key_id": req.KeyID, "subject": req.Subject, "recipients": res.Recipients}))
	writeJSON(w, http.StatusAccepted, res)
}

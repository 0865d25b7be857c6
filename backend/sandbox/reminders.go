package sandbox

import (
	"fmt"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// The platform's own expiry reminders. The console's reminder job is the
// main path (it has the user's settings and shows the warning), but a
// platform cannot count on a console being open, so it also reminds by
// itself, at start and every hour, under the very Idempotency-Key the
// consoles use (platform.ReminderIdempotencyKey): whoever asks first sends,
// nobody sends twice.

// reminderWindow is how far ahead the platform reminds (SPEC §5: 7 days).
const reminderWindow = 7 * 24 * time.Hour

// remindLoop runs remindExpiring at start and then every hour until Close.
func (s *Server) remindLoop() {
	defer s.bg.Done()
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := s.remindExpiring(); err != nil {
			s.log.WithError(err).Warn("expiry reminders")
		} else if n > 0 {
			s.log.WithField("sent", n).Info("expiry reminders sent")
		}
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

// remindExpiring emails about each active key that expires within the
// window and has not been reminded of for its expiry date; it says how many
// emails it sent.
func (s *Server) remindExpiring() (int, error) {
	now := s.now()
	sent := 0
	var firstErr error
	for _, e := range s.keys.all() {
		r := e.state.Load().rec
		if r.RevokedAt != nil || r.ExpiresAt == nil || !r.ExpiresAt.After(now) || r.ExpiresAt.Sub(now) > reminderWindow {
			continue
		}
		exp := r.ExpiresAt.UTC()
		subject := fmt.Sprintf("API key %q expires on %s", r.Name, exp.Format("2 January 2006"))
		body := fmt.Sprintf("The API key %q (%s, %s) expires on %s.\n\n"+
			"After that, requests made with it fail with key_expired. Rotate it in the PenguinMails Developer Console "+
			"(API Keys → Rotate Key), or move its expiry date.", r.Name, r.Masked, r.ID, exp.Format("Monday 2 January 2006 at 15:04 MST"))
		res, replayed, err := s.notifyOnce(r.TenantID, wire.ReminderIdempotencyKey(r.ID, exp), wire.NotifyKeyExpiry,
			s.recipients(r.TenantID, r.CreatedBy), subject, body, r.ID)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if replayed {
			continue
		}
		sent++
		s.auditMail(r.TenantID, wire.AuditEntry{Actor: wire.ActorSystem}, wire.OutboxEmail{ID: res.ID,
			Kind: wire.NotifyKeyExpiry, KeyID: r.ID, Subject: subject, To: res.Recipients, CreatedAt: now})
	}
	return sent, firstErr
}

package jobs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// remindRotation is the 90-day rotation reminder, run with the expiry
// reminders: for each active key at least 90 days old, one email (through
// the platform, under the period's idempotency key, so several consoles send
// one) and one in-app alert per 90-day period of its age. The ledger is
// written only after the platform took the email, so a failed send is tried
// again on the next run; a restart keeps the ledger (Badger).
func (m *Manager) remindRotation(ctx context.Context, p Platform, keys []wire.Key) (sent int, errs []error) {
	now := m.now()
	for _, k := range keys {
		if k.Status != wire.StatusActive || k.CreatedAt.IsZero() { // no age known, no reminder
			continue
		}
		n := wire.RotationPeriods(k.CreatedAt, now)
		if n < 1 {
			continue
		}
		req := rotationMail(k, n, m.deps.Location)
		req.IdempotencyKey = wire.RotationIdempotencyKey(k.KeyID, n)
		ok, rerrs := m.remindOnce(ctx, p, reminder{
			what: "rotation reminder for " + k.Name,
			mail: req,
			done: func() (bool, error) { return m.store.rotationReminded(k.KeyID, n) },
			mark: func(id string) error {
				return m.store.markRotationReminded(rotationRecord{KeyID: k.KeyID, Period: n, SentAt: now, NotificationID: id})
			},
			alert: func(note Notification) Alert {
				return Alert{Kind: KindKeyRotation, Severity: "info", At: now, KeyID: k.KeyID, Title: req.Subject,
					Message: fmt.Sprintf("Reminder emailed to %s. Rotate it in API Keys → Rotate Key.",
						strings.Join(note.Recipients, ", ")),
					Emailed: true, NotificationID: note.ID}
			},
		})
		errs = append(errs, rerrs...)
		if ok {
			sent++
		}
	}
	return sent, errs
}

// rotationMail words the reminder; only the masked key appears.
func rotationMail(k wire.Key, n int, loc *time.Location) wire.NotificationRequest {
	days := n * int(wire.RotationPeriod/(24*time.Hour))
	subject := fmt.Sprintf("API key %q is %d days old: rotate it", k.Name, days)
	body := fmt.Sprintf("The API key %q (%s, %s) was created on %s, %d days ago.\n\n"+
		"Rotating keys every 90 days limits what a leaked key can do. Rotate it in the PenguinMails Developer Console "+
		"(API Keys → Rotate Key): the new secret works at once, and the old one keeps working for the grace you choose while you deploy the new one.",
		k.Name, k.MaskedKey, k.KeyID, k.CreatedAt.In(loc).Format("2 January 2006"), days)
	return wire.NotificationRequest{Kind: wire.NotifyKeyRotation, KeyID: k.KeyID, Subject: subject, Body: body}
}

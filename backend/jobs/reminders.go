package jobs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// remindExpiring is the expiry-reminders job: one email per key and expiry
// date for each active key expiring within the reminder window. The ledger
// is written only after the platform took the email, so a failed send is
// tried again on the next run.
func (m *Manager) remindExpiring(ctx context.Context) (string, error) {
	p, err := m.platform()
	if err != nil {
		return "", err
	}
	set := m.Settings()
	now := m.now()
	horizon := now.Add(time.Duration(set.ReminderDays) * 24 * time.Hour)
	list, err := p.ListKeys(ctx, wire.KeyListQuery{Status: wire.StatusActive})
	if err != nil {
		return "", err
	}
	var errs []error
	sent, due := 0, 0
	for _, k := range list.APIKeys {
		if k.Status != wire.StatusActive || k.ExpiresAt == nil {
			continue
		}
		exp := *k.ExpiresAt
		if !exp.After(now) || exp.After(horizon) {
			continue
		}
		due++
		req := reminderMail(k, now, m.deps.Location)
		// The event's own name: every console (and the platform, should it
		// remind by itself) sends this reminder under it, so one email goes out.
		req.IdempotencyKey = wire.ReminderIdempotencyKey(k.KeyID, exp)
		ok, rerrs := m.remindOnce(ctx, p, reminder{
			what: "reminder for " + k.Name,
			mail: req,
			done: func() (bool, error) { return m.store.reminded(k.KeyID, exp) },
			mark: func(id string) error {
				return m.store.markReminded(reminderRecord{KeyID: k.KeyID, ExpiresAt: exp, SentAt: now, NotificationID: id}, now)
			},
			alert: func(n Notification) Alert {
				return Alert{Kind: KindKeyExpiry, Severity: "warning", At: now, KeyID: k.KeyID, Title: req.Subject,
					Message: fmt.Sprintf("Reminder emailed to %s. Rotate the key before it expires on %s.",
						strings.Join(n.Recipients, ", "), exp.In(m.deps.Location).Format("2 Jan 2006 15:04 MST")),
					Emailed: true, NotificationID: n.ID}
			},
		})
		errs = append(errs, rerrs...)
		if ok {
			sent++
		}
	}
	rotated, rerrs := m.remindRotation(ctx, p, list.APIKeys)
	errs = append(errs, rerrs...)
	summary := fmt.Sprintf("%s expiring within %d days; %s sent", count(due, "key"), set.ReminderDays, count(sent, "reminder"))
	if rotated > 0 {
		summary += fmt.Sprintf("; %s to rotate a key 90 days old", count(rotated, "reminder"))
	}
	return summary, errors.Join(errs...)
}

// reminderMail words the reminder. Only the masked key appears: the
// secret is never known to the console after creation.
func reminderMail(k wire.Key, now time.Time, loc *time.Location) wire.NotificationRequest {
	exp := k.ExpiresAt.In(loc)
	left := exp.Sub(now)
	var in string
	switch days := int(math.Ceil(left.Hours() / 24)); {
	case left < 24*time.Hour:
		in = "within 24 hours"
	case days == 1:
		in = "in 1 day"
	default:
		in = fmt.Sprintf("in %d days", days)
	}
	subject := fmt.Sprintf("API key %q expires %s", k.Name, in)
	body := fmt.Sprintf("The API key %q (%s, %s) expires on %s, %s.\n\n"+
		"After that, requests made with it fail with key_expired. Rotate it in the PenguinMails Developer Console "+
		"(API Keys → Rotate Key): the new secret works at once, and the old one keeps working for the grace you choose (24 hours unless you pick another) while you deploy the new one.",
		k.Name, k.MaskedKey, k.KeyID, exp.Format("Monday 2 January 2006 at 15:04 MST"), in)
	return wire.NotificationRequest{Kind: wire.NotifyKeyExpiry, KeyID: k.KeyID, Subject: subject, Body: body}
}

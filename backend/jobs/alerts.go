package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Alert statuses.
const (
	AlertNew          = "new"
	AlertAcknowledged = "acknowledged"
)

// Alert kinds: the notification kinds plus security.
const (
	KindKeyExpiry   = wire.NotifyKeyExpiry
	KindKeyRotation = wire.NotifyKeyRotation
	KindErrorRate   = wire.NotifyErrorRate
	KindRateLimit   = wire.NotifyRateLimit
	KindSecurity    = wire.NotifySecurity
)

// Alert is one entry of the alert history.
type Alert struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Severity string `json:"severity"` // info | warning | critical
	Title    string `json:"title"`
	Message  string `json:"message"`
	KeyID    string `json:"key_id,omitempty"`
	IP       string `json:"ip,omitempty"`
	// SecurityKind is the platform's event kind (ip_not_allowed, …).
	SecurityKind string    `json:"security_kind,omitempty"`
	At           time.Time `json:"at"`
	// LastSeen and Occurrences grow while the same incident goes on during
	// its cool-down, instead of a new alert and a new email.
	LastSeen       time.Time  `json:"last_seen"`
	Occurrences    int        `json:"occurrences"`
	Status         string     `json:"status"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	// Emailed tells whether the platform took the email (202); security
	// alerts are never emailed by the console: the platform already did.
	Emailed        bool   `json:"emailed"`
	NotificationID string `json:"notification_id,omitempty"`
	EmailError     string `json:"email_error,omitempty"`
}

// Notification is an email the jobs asked the platform to send, kept with
// the recipients from its 202 answer.
type Notification struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	KeyID      string    `json:"key_id,omitempty"`
	Subject    string    `json:"subject"`
	Body       string    `json:"body"`
	Recipients []string  `json:"recipients"`
	SentAt     time.Time `json:"sent_at"`
	Job        string    `json:"job"`
	// Replayed: the platform had already sent this event's email (asked by
	// another console, or by this one before) and sent nothing new.
	Replayed bool `json:"replayed,omitempty"`
}

// ErrAlertNotFound is returned when acknowledging an unknown alert.
var ErrAlertNotFound = errors.New("no such alert")

// send asks the platform to email and remembers what was sent.
func (m *Manager) send(ctx context.Context, p Platform, job string, req wire.NotificationRequest) (Notification, error) {
	res, err := p.Notify(ctx, req)
	if err != nil {
		return Notification{}, err
	}
	n := Notification{ID: res.ID, Kind: req.Kind, KeyID: req.KeyID, Subject: req.Subject, Body: req.Body,
		Recipients: append([]string{}, res.Recipients...), SentAt: m.now(), Job: job, Replayed: res.Replayed}
	if err := m.store.saveNotification(n); err != nil {
		m.log.WithError(err).Error("recording a sent notification")
	}
	return n, nil
}

// raise records a new alert and tells the UI.
func (m *Manager) raise(a Alert) (Alert, error) {
	if a.ID == "" {
		a.ID = newID(a.At)
	}
	if a.LastSeen.IsZero() {
		a.LastSeen = a.At
	}
	if a.Occurrences == 0 {
		a.Occurrences = 1
	}
	a.Status = AlertNew
	if err := m.store.saveAlert(a); err != nil {
		return a, err
	}
	if m.deps.OnAlert != nil {
		m.deps.OnAlert(a)
	}
	return a, nil
}

// raiseWithCooldown raises an alert of a kind and emails it, unless the same
// kind raised one less than the cool-down ago: then that alert only counts
// one more occurrence, so one incident makes one email.
func (m *Manager) raiseWithCooldown(ctx context.Context, p Platform, a Alert, mail wire.NotificationRequest) (raised bool, err error) {
	set := m.Settings()
	now := m.now()
	window := time.Duration(set.CooldownMinutes) * time.Minute
	cool, ok, err := m.store.cooldown(a.Kind)
	if err != nil {
		return false, err
	}
	if ok && now.Sub(cool.At) < window {
		prev, err := m.store.alert(cool.AlertID)
		if err != nil {
			return false, nil // pruned: stay quiet until the cool-down ends
		}
		prev.LastSeen = now
		prev.Occurrences++
		var mailErr error
		if !prev.Emailed {
			// The incident's email failed (platform down?): try again, so
			// it still makes one email, just later — under the key of the
			// window it was raised in, so no other console's email doubles it.
			mail.IdempotencyKey = wire.AlertIdempotencyKey(a.Kind, prev.At, window)
			if n, err := m.send(ctx, p, JobAlerts, mail); err == nil {
				prev.Emailed, prev.NotificationID, prev.EmailError = true, n.ID, ""
			} else {
				prev.EmailError = platform.SanitizeError(err)
				mailErr = fmt.Errorf("the alert's email failed again: %s", prev.EmailError)
			}
		}
		if err := m.store.saveAlert(prev); err != nil {
			return false, err
		}
		return false, mailErr
	}
	a.At = now
	a.ID = newID(now)
	// The cool-down starts before the email goes out, so a slow platform and
	// a "Run now" at the same moment cannot send two.
	if err := m.store.setCooldown(a.Kind, cooldownRecord{AlertID: a.ID, At: now}); err != nil {
		return false, err
	}
	// Every console computes the same key for the same kind and cool-down
	// window (aligned on the UTC epoch), so the platform sends one email.
	mail.IdempotencyKey = wire.AlertIdempotencyKey(a.Kind, now, window)
	n, mailErr := m.send(ctx, p, JobAlerts, mail)
	if mailErr == nil {
		a.Emailed, a.NotificationID = true, n.ID
	} else {
		a.EmailError = platform.SanitizeError(mailErr)
	}
	if _, err := m.raise(a); err != nil {
		return true, err
	}
	if mailErr != nil {
		return true, fmt.Errorf("alert raised, but the email failed: %s", a.EmailError)
	}
	return true, nil
}

// Acknowledge marks an alert as seen.
func (m *Manager) Acknowledge(id string) (Alert, error) {
	a, err := m.store.alert(id)
	if errors.Is(err, cache.ErrNotFound) {
		return Alert{}, ErrAlertNotFound
	}
	if err != nil {
		return Alert{}, err
	}
	if a.Status != AlertAcknowledged {
		now := m.now()
		a.Status, a.AcknowledgedAt = AlertAcknowledged, &now
		if err := m.store.saveAlert(a); err != nil {
			return Alert{}, err
		}
	}
	return a, nil
}

// AcknowledgeAll marks every new alert as seen and says how many there were.
func (m *Manager) AcknowledgeAll() (int, error) {
	all, err := m.store.alerts(0)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range all {
		if a.Status == AlertNew {
			if _, err := m.Acknowledge(a.ID); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// Alerts lists the alert history, newest first.
func (m *Manager) Alerts(limit int) ([]Alert, error) { return m.store.alerts(limit) }

// Notifications lists the emails sent, newest first.
func (m *Manager) Notifications(limit int) ([]Notification, error) {
	return m.store.notifications(limit)
}

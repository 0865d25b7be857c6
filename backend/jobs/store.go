package jobs

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Badger keys the jobs own. Everything goes through cache.DB; the prefixes
// keep each kind of record in its own range so a Scan reads only that kind.
const (
	prefixJobState     = "jobs/state/"    // + job name → jobState
	keySettings        = "jobs/settings"  // Settings
	prefixReminder     = "reminder/"      // + key_id/expires_at → reminderRecord
	prefixRotation     = "rotation/"      // + key_id/n → rotationRecord
	prefixAlert        = "alerts/item/"   // + alert id (time-ordered) → Alert
	prefixAlertCool    = "alerts/cool/"   // + kind → cooldownRecord
	prefixSecuritySeen = "alerts/sec/"    // + security event id → alert id
	prefixNotification = "notifications/" // + time-ordered id → Notification
)

// jobState is what survives a restart about a job: enough to show the last
// result and to tell whether a scheduled run was missed while closed.
type jobState struct {
	LastRun    time.Time `json:"last_run"`
	Result     string    `json:"result"`
	Message    string    `json:"message,omitempty"`
	DurationMs int64     `json:"duration_ms"`
	Trigger    string    `json:"trigger"`
	Runs       int64     `json:"runs"`
	Failures   int64     `json:"failures"`
}

type reminderRecord struct {
	KeyID          string    `json:"key_id"`
	ExpiresAt      time.Time `json:"expires_at"`
	SentAt         time.Time `json:"sent_at"`
	NotificationID string    `json:"notification_id"`
}

type cooldownRecord struct {
	AlertID string    `json:"alert_id"`
	At      time.Time `json:"at"`
}

type store struct{ db *cache.DB }

func (s store) jobState(name string) (jobState, error) {
	var st jobState
	err := s.db.GetJSON([]byte(prefixJobState+name), &st)
	if errors.Is(err, cache.ErrNotFound) {
		return jobState{}, nil
	}
	return st, err
}

func (s store) saveJobState(name string, st jobState) error {
	return s.db.SetJSON([]byte(prefixJobState+name), st, 0)
}

// reminderKey is reminder/<key_id>/<expires_at>: a new expiry date is a new
// key, so it gets a reminder of its own.
func reminderKey(keyID string, expiresAt time.Time) []byte {
	return []byte(prefixReminder + keyID + "/" + expiresAt.UTC().Format(time.RFC3339))
}

func (s store) reminded(keyID string, expiresAt time.Time) (bool, error) {
	_, err := s.db.Get(reminderKey(keyID, expiresAt))
	if errors.Is(err, cache.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (s store) markReminded(r reminderRecord, now time.Time) error {
	// Kept a while past the expiry date, then Badger drops it by itself.
	ttl := r.ExpiresAt.Sub(now) + 30*24*time.Hour
	if ttl < 30*24*time.Hour {
		ttl = 30 * 24 * time.Hour
	}
	return s.db.SetJSON(reminderKey(r.KeyID, r.ExpiresAt), r, ttl)
}

// rotationRecord says the rotation reminder of a key's n-th 90-day period
// went out (see remindRotation).
type rotationRecord struct {
	KeyID          string    `json:"key_id"`
	Period         int       `json:"period"`
	SentAt         time.Time `json:"sent_at"`
	NotificationID string    `json:"notification_id"`
}

func rotationKey(keyID string, n int) []byte {
	return []byte(fmt.Sprintf("%s%s/%d", prefixRotation, keyID, n))
}

func (s store) rotationReminded(keyID string, n int) (bool, error) {
	_, err := s.db.Get(rotationKey(keyID, n))
	if errors.Is(err, cache.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// markRotationReminded keeps the record past the period it covers; the
// next period has a key of its own.
func (s store) markRotationReminded(r rotationRecord) error {
	return s.db.SetJSON(rotationKey(r.KeyID, r.Period), r, wire.RotationPeriod+30*24*time.Hour)
}

// newID is time-ordered (so a reverse Scan lists newest first) and unique.
func newID(at time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%016x-%s", at.UnixNano(), hex.EncodeToString(b[:]))
}

func (s store) saveAlert(a Alert) error {
	return s.db.SetJSON([]byte(prefixAlert+a.ID), a, 0)
}

func (s store) alert(id string) (Alert, error) {
	var a Alert
	err := s.db.GetJSON([]byte(prefixAlert+id), &a)
	return a, err
}

// alerts lists alerts newest first, at most limit (0: all).
func (s store) alerts(limit int) ([]Alert, error) {
	out := []Alert{}
	err := s.db.Scan([]byte(prefixAlert), true, func(_, v []byte) error {
		var a Alert
		if err := json.Unmarshal(v, &a); err != nil {
			return nil // a damaged record is skipped, not fatal to the list
		}
		out = append(out, a)
		if limit > 0 && len(out) >= limit {
			return cache.ErrStop
		}
		return nil
	})
	return out, err
}

func (s store) cooldown(kind string) (cooldownRecord, bool, error) {
	var c cooldownRecord
	err := s.db.GetJSON([]byte(prefixAlertCool+kind), &c)
	if errors.Is(err, cache.ErrNotFound) {
		return c, false, nil
	}
	return c, err == nil, err
}

func (s store) setCooldown(kind string, c cooldownRecord) error {
	return s.db.SetJSON([]byte(prefixAlertCool+kind), c, 0)
}

func (s store) saveNotification(n Notification) error {
	return s.db.SetJSON([]byte(prefixNotification+newID(n.SentAt)), n, 0)
}

func (s store) notifications(limit int) ([]Notification, error) {
	out := []Notification{}
	err := s.db.Scan([]byte(prefixNotification), true, func(_, v []byte) error {
		var n Notification
		if err := json.Unmarshal(v, &n); err != nil {
			return nil
		}
		out = append(out, n)
		if limit > 0 && len(out) >= limit {
			return cache.ErrStop
		}
		return nil
	})
	return out, err
}

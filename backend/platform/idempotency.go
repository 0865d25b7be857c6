package platform

import (
	"fmt"
	"time"
)

// IdempotencyHeader carries the key that makes POST /platform/notifications
// send one email per event, however many consoles (or the platform itself)
// ask for it.
const IdempotencyHeader = "Idempotency-Key"

// IdempotencyRetention is how long the platform remembers a key: the same
// key within it answers 200 with the first answer and sends nothing.
const IdempotencyRetention = 30 * 24 * time.Hour

// MaxIdempotencyKey is the longest key the platform takes, in characters.
const MaxIdempotencyKey = 255

// ReminderIdempotencyKey names the expiry reminder of one key and expiry
// date (UTC): key_expiry:{key_id}:{2006-01-02}. Moving the expiry to another
// day makes a new event; within the same day it is the same one.
func ReminderIdempotencyKey(keyID string, expiresAt time.Time) string {
	return fmt.Sprintf("%s:%s:%s", NotifyKeyExpiry, keyID, expiresAt.UTC().Format(time.DateOnly))
}

// AlertWindowStart is the start of the cool-down window holding at: windows
// of length cooldown aligned on the UTC epoch, so every console with the
// same cool-down computes the same start.
func AlertWindowStart(at time.Time, cooldown time.Duration) time.Time {
	if cooldown <= 0 {
		return at.UTC()
	}
	return at.UTC().Truncate(cooldown)
}

// AlertIdempotencyKey names an alert email of a kind in the cool-down window
// holding at: {kind}:{window start, RFC 3339 UTC}.
func AlertIdempotencyKey(kind string, at time.Time, cooldown time.Duration) string {
	return kind + ":" + AlertWindowStart(at, cooldown).Format(time.RFC3339)
}

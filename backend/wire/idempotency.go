package wire

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

// RotationPeriod is how old a key gets before the console reminds its
// admins to rotate it, and then again every RotationPeriod.
const RotationPeriod = 90 * 24 * time.Hour

// RotationPeriods is how many whole RotationPeriods old a key created at
// createdAt is at now: 0 before its first 90 days, then 1, 2, …
func RotationPeriods(createdAt, now time.Time) int {
	if !now.After(createdAt) {
		return 0
	}
	return int(now.Sub(createdAt) / RotationPeriod)
}

// RotationIdempotencyKey names the rotation reminder of one key's n-th
// 90-day period: key_rotation:{key_id}:{n}. Every console computes the same
// n from the key's created_at, so one email goes out per period.
func RotationIdempotencyKey(keyID string, n int) string {
	return fmt.Sprintf("%s:%s:%d", NotifyKeyRotation, keyID, n)
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

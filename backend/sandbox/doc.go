// Package sandbox is the embedded PenguinMails platform: a faithful, stateful
// implementation of the platform API of SPEC §2 (sessions and sudo, API keys,
// the gateway with its public endpoints, usage analytics, the live stream,
// the mail outbox) keeping its state in Badger under <data-dir>/sandbox. The
// console runs it in-process; `penguinmails-console sandbox` runs it alone.
//
// Decisions where SPEC is silent:
//
//   - Roles. Admins manage every key. Developers may create keys and rotate,
//     edit or revoke the keys they created, but never grant full_access,
//     manage_api_keys or manage_billing, and never touch a colleague's key.
//     Support is read-only. Any role may POST /platform/notifications: the
//     console's alert jobs run as whoever is signed in, and that mail only
//     reaches the tenant's admins and the key's creator.
//   - Another tenant's ids answer 404 not_found, never 403, so ids don't leak.
//   - Failed logins (per email) and failed sudo attempts (per user) are limited
//     to 5 per 15 minutes: 429 too_many_attempts with retry_after and
//     Retry-After. Failed sudo attempts are security events.
//   - Key secrets: pm_live_|pm_test_ + base64url(32 random bytes) + 6 base62
//     chars of CRC-32, so apikey.ParseKey refuses truncated or forged keys offline.
//     Only SHA-256 hashes are stored. A rotation's grace (now, 1h, 24h, 3d,
//     7d; default 24h) gives the replaced secret its own deadline; rotating
//     again leaves earlier deadlines alone. At most 3 previous secrets work at
//     once (a 4th graced rotation: 409 too_many_previous_secrets; "now" is
//     always allowed). Secrets past their deadline answer key_revoked.
//   - A missing key is 401 invalid_token with its own message (MsgMissingKey);
//     malformed and unknown keys share MsgInvalidToken so callers cannot probe
//     which keys exist.
//   - X-RateLimit-Limit is the plan's per-minute limit; Remaining is how many
//     requests would pass right now (up to the burst); Reset is the seconds
//     until the bucket is full again. Refusals before a key is known carry the
//     headers of a per-IP bucket at the starter rate (informative only).
//   - Usage counters of keys (last_used, request_count, error_count and the
//     use of each previous secret since its rotation) live in memory and are persisted every
//     5 s and on Close; key changes themselves are committed (synced) before
//     the answer is sent.
//   - POST /platform/notifications with an Idempotency-Key sends once per
//     key and tenant within 30 days; a repeat answers 200 with the first
//     answer, whatever its body. The platform also reminds by itself (start
//     and hourly, keys expiring within 7 days) under the consoles' key,
//     key_expiry:{key_id}:{expiry date}.
//   - IP-violation emails are sent at most once per key and IP every 10
//     minutes; every violation is still a stored security event and goes out
//     on the live stream at once.
package sandbox

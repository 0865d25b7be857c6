// Package wire holds the PenguinMails API v1's wire types (SPEC §2): the
// JSON bodies, error codes and product messages, header names and query
// shapes. The embedded platform (backend/sandbox) serves them and the client
// (backend/platform) reads them, so the two cannot drift apart, and the
// server does not depend on the client to know its own answers.
package wire

import "time"

// Roles a platform user can hold.
const (
	RoleAdmin     = "admin"
	RoleDeveloper = "developer"
	RoleSupport   = "support"
)

// Key statuses.
const (
	StatusActive  = "active"
	StatusRevoked = "revoked"
	StatusExpired = "expired"
)

// ---- sessions (SPEC §2.2) ----

type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

type Tenant struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Plan string `json:"plan"`
}

type LoginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      User      `json:"user"`
	Tenant    Tenant    `json:"tenant"`
}

// MeResponse is the answer of GET /auth/me.
type MeResponse struct {
	User      User      `json:"user"`
	Tenant    Tenant    `json:"tenant"`
	ExpiresAt time.Time `json:"expires_at"`
}

type SudoRequest struct {
	Password string `json:"password"`
}

type SudoResponse struct {
	SudoToken string    `json:"sudo_token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ---- API keys (SPEC §2.3) ----

// Rotation lists the previous secrets of a key that still work: each
// rotation's grace ("now", 1h, 24h, 3d or 7d) gives the secret it replaced
// its own deadline, and a key holds at most MaxLivePreviousSecrets of them.
// The Previous* fields repeat PreviousSecrets[0] (the newest rotation's) for
// clients written when a key had one previous secret.
type Rotation struct {
	PreviousMaskedKey string           `json:"previous_masked_key"`
	PreviousExpiresAt time.Time        `json:"previous_expires_at"`
	PreviousLastUsed  *time.Time       `json:"previous_last_used"`
	PreviousRequests  int64            `json:"previous_requests"`
	PreviousSecrets   []PreviousSecret `json:"previous_secrets"`
}

// PreviousSecret is one previous secret still in its grace. Requests and
// LastUsed tell whether callers still use it.
type PreviousSecret struct {
	MaskedKey             string     `json:"masked_key"`
	RotatedAt             time.Time  `json:"rotated_at"`
	ExpiresAt             time.Time  `json:"expires_at"`
	RequestsSinceRotation int64      `json:"requests_since_rotation"`
	LastUsed              *time.Time `json:"last_used"`
}

// MaxLivePreviousSecrets caps the previous secrets a key holds at once.
const MaxLivePreviousSecrets = 3

// The grace choices of a rotation, and how long each lets the replaced
// secret work.
const (
	GraceNow     = "now"
	GraceDefault = "24h"
)

// GraceChoices maps each grace choice to its length, in the order the UI
// offers them.
var GraceChoices = []struct {
	Name string
	Len  time.Duration
}{
	{GraceNow, 0}, {"1h", time.Hour}, {"24h", 24 * time.Hour}, {"3d", 72 * time.Hour}, {"7d", 7 * 24 * time.Hour},
}

// GraceLength is the length of a grace choice; ok is false for an unknown one.
func GraceLength(name string) (d time.Duration, ok bool) {
	for _, g := range GraceChoices {
		if g.Name == name {
			return g.Len, true
		}
	}
	return 0, false
}

// Key is an API key as the platform shows it: never the secret.
type Key struct {
	KeyID        string     `json:"key_id"`
	Name         string     `json:"name"`
	Description  string     `json:"description"`
	Environment  string     `json:"environment"`
	MaskedKey    string     `json:"masked_key"`
	Permissions  []string   `json:"permissions"`
	AllowedIPs   []string   `json:"allowed_ips"`
	RateLimit    int        `json:"rate_limit"`
	Burst        int        `json:"burst"`
	Status       string     `json:"status"`
	CreatedAt    time.Time  `json:"created_at"`
	CreatedBy    string     `json:"created_by"`
	LastUsed     *time.Time `json:"last_used"`
	ExpiresAt    *time.Time `json:"expires_at"`
	RevokedAt    *time.Time `json:"revoked_at"`
	Rotation     *Rotation  `json:"rotation"`
	RequestCount int64      `json:"request_count"`
	ErrorCount   int64      `json:"error_count"`
}

type KeyList struct {
	APIKeys []Key `json:"api_keys"`
	Total   int   `json:"total"`
}

// KeyListQuery filters GET /platform/api-keys.
type KeyListQuery struct {
	Status string `json:"status,omitempty"` // all | active | revoked | expired
	Q      string `json:"q,omitempty"`
	Sort   string `json:"sort,omitempty"` // created | last_used | name
}

type Permission struct {
	ID          string `json:"id"`
	Label       string `json:"label"`
	Description string `json:"description"`
	Dangerous   bool   `json:"dangerous"`
}

type PermissionCategory struct {
	ID          string       `json:"id"`
	Label       string       `json:"label"`
	Permissions []Permission `json:"permissions"`
}

type PermissionCatalog struct {
	Categories []PermissionCategory `json:"categories"`
	Presets    map[string][]string  `json:"presets"` // read_only, full_access, email_sending
}

type CreateKeyRequest struct {
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Environment string     `json:"environment"`
	Permissions []string   `json:"permissions"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	AllowedIPs  []string   `json:"allowed_ips,omitempty"`
}

// CreateKeyResponse carries the only copy of the full secret the platform ever sends.
type CreateKeyResponse struct {
	APIKey  string `json:"api_key"`
	Key     Key    `json:"key"`
	Warning string `json:"warning"`
}

// UpdateKeyRequest is a PATCH: nil fields are left alone. An empty, non-nil
// ExpiresAtClear removes the expiry.
type UpdateKeyRequest struct {
	Name        *string    `json:"name,omitempty"`
	Description *string    `json:"description,omitempty"`
	Permissions *[]string  `json:"permissions,omitempty"`
	AllowedIPs  *[]string  `json:"allowed_ips,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	// NeverExpires removes the expiry date when true.
	NeverExpires bool `json:"never_expires,omitempty"`
}

// RotateKeyRequest is the optional body of a rotation; Grace "" means
// GraceDefault.
type RotateKeyRequest struct {
	Grace string `json:"grace,omitempty"`
}

type RotateKeyResponse struct {
	APIKey               string    `json:"api_key"`
	Key                  Key       `json:"key"`
	PreviousKeyExpiresAt time.Time `json:"previous_key_expires_at"`
}

type RevokeKeyResponse struct {
	Message   string    `json:"message"`
	KeyID     string    `json:"key_id"`
	RevokedAt time.Time `json:"revoked_at"`
}

type DayUsage struct {
	Date     string `json:"date"` // YYYY-MM-DD (UTC)
	Requests int64  `json:"requests"`
	// Errors are client and server errors; a 429 is counted apart, in RateLimited.
	Errors      int64 `json:"errors"`
	RateLimited int64 `json:"rate_limited"`
}

type EndpointCount struct {
	Method   string `json:"method"`
	Endpoint string `json:"endpoint"`
	Requests int64  `json:"requests"`
}

type RecentIP struct {
	IP       string    `json:"ip"`
	LastSeen time.Time `json:"last_seen"`
	Requests int64     `json:"requests"`
}

// ActorSystem is the actor of what the platform does by itself (e.g. the
// demo keys it creates), as opposed to a signed-in user or an API key.
const ActorSystem = "system"

type AuditEvent struct {
	ID     string         `json:"id"`
	At     time.Time      `json:"at"`
	Kind   string         `json:"kind"` // created | rotated | revoked | permissions_changed | updated | new_ip
	Actor  string         `json:"actor"`
	Detail map[string]any `json:"detail,omitempty"`
}

// KeyDetails is GET /platform/api-keys/{key_id}.
type KeyDetails struct {
	Key
	UsageByDay   []DayUsage      `json:"usage_by_day"`
	TopEndpoints []EndpointCount `json:"top_endpoints"`
	RecentIPs    []RecentIP      `json:"recent_ips"`
	Audit        []AuditEvent    `json:"audit"`
}

// ---- usage analytics (SPEC §2.5) ----

type UsageQuery struct {
	Range string // 1h | 24h | 7d | 30d (ignored when From/To are set)
	From  *time.Time
	To    *time.Time
	KeyID string
}

type UsageRange struct {
	From        time.Time `json:"from"`
	To          time.Time `json:"to"`
	Granularity string    `json:"granularity"` // minute | hour | day
}

type UsageSummary struct {
	TotalRequests     int64   `json:"total_requests"`
	SuccessRate       float64 `json:"success_rate"`
	AvgLatencyMs      float64 `json:"avg_latency_ms"`
	P95LatencyMs      float64 `json:"p95_latency_ms"`
	RateLimitUsagePct float64 `json:"rate_limit_usage_pct"`
	PeakRPM           int64   `json:"peak_rpm"`
	RateLimitedCount  int64   `json:"rate_limited_count"`
}

type SeriesPoint struct {
	T            time.Time `json:"t"`
	Total        int64     `json:"total"`
	Success      int64     `json:"success"`
	ClientErrors int64     `json:"client_errors"`
	ServerErrors int64     `json:"server_errors"`
	RateLimited  int64     `json:"rate_limited"`
}

type RateLimitPoint struct {
	T       time.Time `json:"t"`
	PeakRPM int64     `json:"peak_rpm"`
	Limit   int64     `json:"limit"`
}

type EndpointStats struct {
	Method       string  `json:"method"`
	Endpoint     string  `json:"endpoint"`
	Requests     int64   `json:"requests"`
	SuccessRate  float64 `json:"success_rate"`
	AvgLatencyMs float64 `json:"avg_latency_ms"`
	// Errors are client and server errors; a 429 is counted apart, in RateLimited.
	Errors      int64 `json:"errors"`
	RateLimited int64 `json:"rate_limited"`
}

type StatusCount struct {
	Status int     `json:"status"`
	Count  int64   `json:"count"`
	Pct    float64 `json:"pct"`
}

type RecentError struct {
	At       time.Time `json:"at"`
	KeyID    string    `json:"key_id"`
	Method   string    `json:"method"`
	Endpoint string    `json:"endpoint"`
	Status   int       `json:"status"`
	Error    string    `json:"error"`
	Message  string    `json:"message"`
	IP       string    `json:"ip"`
	// RequestID finds the request in the request log (SPEC §8.4).
	RequestID string `json:"request_id,omitempty"`
}

type KeyUsage struct {
	KeyID       string     `json:"key_id"`
	Name        string     `json:"name"`
	Requests    int64      `json:"requests"`
	SuccessRate float64    `json:"success_rate"`
	LastUsed    *time.Time `json:"last_used"`
}

// APIUsage is GET /tenant/analytics/api-usage.
type APIUsage struct {
	Range           UsageRange       `json:"range"`
	Summary         UsageSummary     `json:"summary"`
	Series          []SeriesPoint    `json:"series"`
	RateLimitSeries []RateLimitPoint `json:"rate_limit_series"`
	Endpoints       []EndpointStats  `json:"endpoints"`
	ErrorsByStatus  []StatusCount    `json:"errors_by_status"`
	RecentErrors    []RecentError    `json:"recent_errors"`
	Keys            []KeyUsage       `json:"keys"`
	GeneratedAt     time.Time        `json:"generated_at"`
}

// LiveMessage is one frame of the live usage websocket. Type is "tick",
// "security_event" or "log"; the other fields belong to one of them.
type LiveMessage struct {
	Type string    `json:"type"`
	T    time.Time `json:"t"`
	// tick
	Requests     int64   `json:"requests,omitempty"`
	Errors       int64   `json:"errors,omitempty"`
	RateLimited  int64   `json:"rate_limited,omitempty"`
	RPM          int64   `json:"rpm,omitempty"`
	Limit        int64   `json:"limit,omitempty"`
	Remaining    int64   `json:"remaining,omitempty"`
	AvgLatencyMs float64 `json:"avg_latency_ms,omitempty"`
	// security_event
	Event *SecurityEvent `json:"event,omitempty"`
	// log: a request log entry, only to subscribers who asked (?logs=1)
	Log *LogEntry `json:"log,omitempty"`
}

// SecurityEvent kinds.
const (
	SecIPViolation    = "ip_not_allowed"
	SecRevokedKeyUsed = "revoked_key_used"
	SecExpiredKeyUsed = "expired_key_used"
	SecSudoFailed     = "sudo_failed"
)

type SecurityEvent struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	KeyID   string    `json:"key_id,omitempty"`
	KeyName string    `json:"key_name,omitempty"`
	IP      string    `json:"ip,omitempty"`
	Method  string    `json:"method,omitempty"`
	Path    string    `json:"path,omitempty"`
	UserID  string    `json:"user_id,omitempty"`
	Message string    `json:"message"`
	// Count is how many identical events (same kind, key, user and IP)
	// within a minute of At this one stands for; LastAt is the latest.
	Count  int        `json:"count"`
	LastAt *time.Time `json:"last_at,omitempty"`
}

type SecurityEventList struct {
	Events []SecurityEvent `json:"events"`
}

// ---- mail (SPEC §2.6) ----

// Notification kinds.
const (
	NotifyKeyExpiry = "key_expiry"
	NotifyErrorRate = "error_rate"
	NotifyRateLimit = "rate_limit"
	NotifySecurity  = "security"
	// NotifyKeyRotation is the reminder to rotate a key every 90 days of age.
	NotifyKeyRotation = "key_rotation"
	// NotifyKeyChange is the platform's notice to admins that a key was
	// created or revoked.
	NotifyKeyChange = "key_change"
)

type NotificationRequest struct {
	Kind    string `json:"kind"`
	KeyID   string `json:"key_id,omitempty"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// IdempotencyKey travels as the Idempotency-Key header: the platform
	// sends one email per key within IdempotencyRetention, however many
	// consoles ask (see ReminderIdempotencyKey, AlertIdempotencyKey).
	IdempotencyKey string `json:"-"`
}

type NotificationResponse struct {
	ID         string   `json:"id"`
	Recipients []string `json:"recipients"`
	// Replayed is true when the platform answered 200 with the first answer
	// to the same Idempotency-Key: nothing new was sent.
	Replayed bool `json:"-"`
}

type OutboxEmail struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	To        []string  `json:"to"`
	From      string    `json:"from"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	KeyID     string    `json:"key_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

type Outbox struct {
	Emails []OutboxEmail `json:"emails"`
}

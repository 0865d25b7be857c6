package wire

import (
	"encoding/json"
	"time"
)

// ---- request log and audit log (SPEC §8.4) ----

// RequestIDHeader carries the id of every answer; error bodies repeat it as
// request_id.
const RequestIDHeader = "X-Request-Id"

// LogEntry is one gateway request as the request log keeps it. The list
// answers leave out headers and bodies; GET /tenant/logs/{request_id} has them.
type LogEntry struct {
	RequestID    string    `json:"request_id"`
	At           time.Time `json:"at"`
	KeyID        string    `json:"key_id"`
	KeyName      string    `json:"key_name"`
	Environment  string    `json:"environment"`
	MaskedKey    string    `json:"masked_key"`
	IP           string    `json:"ip"`
	Method       string    `json:"method"`
	Route        string    `json:"route"`
	Path         string    `json:"path"`
	Query        string    `json:"query"`
	Status       int       `json:"status"`
	Error        string    `json:"error"`
	Message      string    `json:"message"`
	LatencyMs    float64   `json:"latency_ms"`
	RequestSize  int64     `json:"request_size"`
	ResponseSize int64     `json:"response_size"`
	UserAgent    string    `json:"user_agent"`
	// Detail only.
	RequestHeaders  map[string]string `json:"request_headers,omitempty"`
	ResponseHeaders map[string]string `json:"response_headers,omitempty"`
	RequestBody     json.RawMessage   `json:"request_body,omitempty"`
	ResponseBody    json.RawMessage   `json:"response_body,omitempty"`
	// BodiesLogged is false when the tenant had body logging off.
	BodiesLogged          bool `json:"bodies_logged"`
	RequestBodyTruncated  bool `json:"request_body_truncated,omitempty"`
	ResponseBodyTruncated bool `json:"response_body_truncated,omitempty"`
}

// LogPage is GET /tenant/logs: newest first; NextCursor is "" on the last page.
type LogPage struct {
	Entries    []LogEntry `json:"entries"`
	NextCursor string     `json:"next_cursor"`
}

// LogQuery filters the request log. Status is 2xx, 4xx, 429, 5xx, an exact
// status such as 404, or an error code such as key_revoked.
type LogQuery struct {
	From      *time.Time
	To        *time.Time
	Status    string
	KeyID     string
	Method    string
	Path      string // prefix
	IP        string
	RequestID string
	Cursor    string
	Limit     int
}

// AuditEntry is one tenant-wide audit record.
type AuditEntry struct {
	ID        string         `json:"id"`
	At        time.Time      `json:"at"`
	Action    string         `json:"action"`
	Actor     string         `json:"actor"` // an email, "api" or "system"
	Role      string         `json:"role"`
	IP        string         `json:"ip"`
	UserAgent string         `json:"user_agent"`
	Target    string         `json:"target"` // a key id, an email, a notification id…
	Detail    map[string]any `json:"detail,omitempty"`
	// Count is how many failed sign-ins this entry stands for, when it folds
	// repeated failures with unknown addresses from one IP within a minute
	// (absent: one action); LastAt is the latest of them.
	Count  int        `json:"count,omitempty"`
	LastAt *time.Time `json:"last_at,omitempty"`
}

// Audit actions.
const (
	AuditSignIn          = "sign_in"
	AuditSignInFailed    = "sign_in_failed"
	AuditSudoConfirmed   = "sudo_confirmed"
	AuditSudoFailed      = "sudo_failed"
	AuditKeyCreated      = "key_created"
	AuditKeyUpdated      = "key_updated"
	AuditKeyRotated      = "key_rotated"
	AuditKeyRevoked      = "key_revoked"
	AuditPermissions     = "permissions_changed"
	AuditNotification    = "notification_sent"
	AuditSecurityEvent   = "security_event"
	AuditSettingsChanged = "settings_changed"
)

// AuditActions lists every action, for validation and the UI's filter.
var AuditActions = []string{AuditSignIn, AuditSignInFailed, AuditSudoConfirmed, AuditSudoFailed,
	AuditKeyCreated, AuditKeyUpdated, AuditKeyRotated, AuditKeyRevoked, AuditPermissions,
	AuditNotification, AuditSecurityEvent, AuditSettingsChanged}

// AuditPage is GET /tenant/audit.
type AuditPage struct {
	Entries    []AuditEntry `json:"entries"`
	NextCursor string       `json:"next_cursor"`
}

// AuditQuery filters the audit log.
type AuditQuery struct {
	From   *time.Time
	To     *time.Time
	Actor  string
	Action string
	Target string
	Cursor string
	Limit  int
}

// TenantSettings is GET/PATCH /tenant/settings.
type TenantSettings struct {
	LogBodies bool `json:"log_bodies"`
}

// TenantSettingsPatch changes TenantSettings; nil fields are left alone.
type TenantSettingsPatch struct {
	LogBodies *bool `json:"log_bodies,omitempty"`
}

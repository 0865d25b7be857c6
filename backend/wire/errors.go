package wire

import (
	"fmt"
	"strings"
)

// Error codes of SPEC §2.1.
const (
	CodeInvalidRequest          = "invalid_request"
	CodeInvalidJSON             = "invalid_json"
	CodeUnauthorized            = "unauthorized"
	CodeInvalidCredentials      = "invalid_credentials"
	CodeInvalidToken            = "invalid_token"
	CodeKeyRevoked              = "key_revoked"
	CodeKeyExpired              = "key_expired"
	CodeInsufficientPermissions = "insufficient_permissions"
	CodeIPNotAllowed            = "ip_not_allowed"
	CodeSudoRequired            = "sudo_required"
	CodeForbidden               = "forbidden"
	CodeNotFound                = "not_found"
	CodeAlreadyRevoked          = "already_revoked"
	// CodeTooManyPreviousSecrets: a rotation would leave more than 3 live
	// previous secrets on the key (SPEC §8.1); 409.
	CodeTooManyPreviousSecrets = "too_many_previous_secrets"
	// CodeConflict is a 409 whose answer carries no code of its own.
	CodeConflict          = "conflict"
	CodeRateLimitExceeded = "rate_limit_exceeded"
	CodePayloadTooLarge   = "payload_too_large"
	CodeInternal          = "internal"
	// CodeTooManyAttempts: too many failed sign-in or sudo attempts; the
	// answer is 429 with retry_after (seconds) and Retry-After.
	CodeTooManyAttempts = "too_many_attempts"
	// CodeTooManyStreams: the session already holds the most live streams it
	// may (429).
	CodeTooManyStreams = "too_many_streams"
	// CodeRequestTimeout: the request body did not arrive within the
	// server's read timeout (408).
	CodeRequestTimeout = "request_timeout"
	// CodeUnsupportedMediaType: a JSON endpoint was given a body that is not
	// sent as application/json (415).
	CodeUnsupportedMediaType = "unsupported_media_type"
	// CodeUnreachable is the console's own: the platform could not be reached.
	CodeUnreachable = "platform_unreachable"
	// CodeTimeout is the console's own: the platform did not answer within
	// the call's deadline.
	CodeTimeout = "platform_timeout"
	// CodeCanceled is the console's own: the call was given up.
	CodeCanceled = "cancelled"
)

// The product's words (SPEC §2.1). They appear exactly like this in the API
// and in the UI. A key body's field problems are apikey's (Msg*).
const (
	MsgInvalidToken            = "API key is invalid or expired"
	MsgKeyRevoked              = "This key has already been revoked and cannot be used."
	MsgInsufficientPermissions = "Insufficient permissions. Update key permissions in settings."
	MsgRateLimitExceeded       = "Rate limit exceeded. Upgrade plan for higher limits."
	MsgInvalidCredentials      = "Invalid email or password"
	MsgWrongPassword           = "Incorrect password. Try again."
	MsgUnauthorized            = "Sign in to continue"
	MsgSudoRequired            = "Confirm your password to continue"
	MsgIPNotAllowed            = "Requests from this IP address are not allowed for this key"
	MsgForbidden               = "Your role does not allow this action"
	MsgNotFound                = "Not found"
	MsgInternal                = "Something went wrong on our side. Try again."
	MsgPayloadTooLarge         = "Request body is larger than 1 MiB"
	MsgValidation              = "Some fields are not valid"
	MsgKeyWarning              = "Store this key securely. It will not be shown again."
	MsgKeyRevokedDone          = "API key revoked"
	MsgMissingKey              = "Missing API key. Send it as Authorization: Bearer pm_live_..."
	MsgDangerousAdminOnly      = "Only admins can grant full_access, manage_api_keys or manage_billing"
	MsgTooManyStreams          = "At most 8 live connections per session. Close one to open another."
	MsgRequestTimeout          = "The request body did not arrive in time. Send it again."
)

// TooManyAttemptsMessage says how long to wait after too many failed
// password attempts (sign-in or sudo).
func TooManyAttemptsMessage(seconds int) string {
	m := (seconds + 59) / 60
	unit := "minutes"
	if m == 1 {
		unit = "minute"
	}
	return fmt.Sprintf("Too many failed attempts. Try again in %d %s.", m, unit)
}

// TooManyPreviousSecretsMessage says why a rotation was refused and what to
// do instead; next is when the first of the live previous secrets stops.
func TooManyPreviousSecretsMessage(next string) string {
	return fmt.Sprintf("This key already has %d previous secrets that still work, the most a key may hold. "+
		"Wait until the next one stops working (%s), or rotate with grace \"now\" to end the current secret at once.",
		MaxLivePreviousSecrets, next)
}

// GraceProblem is the field message for an unknown grace choice.
const GraceProblem = "grace must be now, 1h, 24h, 3d or 7d"

// KeyExpiredMessage says when a key expired, as the key_expired answer does.
func KeyExpiredMessage(at string) string {
	return "API key expired on " + at
}

// APIError is every error answer of the platform, decoded. Wire form:
// {"error": CODE, "message": TEXT, "fields": {...}, "retry_after": N, ...}.
type APIError struct {
	Status     int               `json:"-"`
	Code       string            `json:"error"`
	Message    string            `json:"message"`
	Fields     map[string]string `json:"fields,omitempty"`
	RetryAfter int               `json:"retry_after,omitempty"`
	Required   []string          `json:"required,omitempty"`
	UpgradeURL string            `json:"upgrade_url,omitempty"`
	// RequestID names the request in the tenant's request log (SPEC §8.4).
	RequestID string `json:"request_id,omitempty"`
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s: %s", e.Status, e.Code, e.Message)
	for k, v := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", k, v)
	}
	return b.String()
}

// Is lets errors.Is match on the code: errors.Is(err, &APIError{Code: CodeKeyRevoked}).
func (e *APIError) Is(target error) bool {
	t, ok := target.(*APIError)
	return ok && t.Code != "" && t.Code == e.Code
}

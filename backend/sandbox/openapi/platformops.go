package openapi

import (
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// sessionOps are sign-in, the session and sudo mode (SPEC §2.2).
func sessionOps() []Op {
	return []Op{
		{Auth: AuthNone, Method: http.MethodPost, Path: "/auth/login", ID: "login", tag: "Sessions", summary: "Sign in",
			desc: "Answers a session token. Failed sign-ins are limited per email and client IP, and per email from " +
				"anywhere: then 429 too_many_attempts with `retry_after`.",
			body: "LoginRequest", result: "NewSession", tooManyAttempts: true},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/auth/me", ID: "getCurrentSession", tag: "Sessions",
			summary: "The signed-in user", desc: "The user, the tenant and when the session ends.", result: "CurrentSession"},
		{Auth: AuthSession, Method: http.MethodPost, Path: "/auth/logout", ID: "logout", tag: "Sessions", summary: "Sign out",
			desc:   "Ends the session; its live streams close at once (close code 4001) and its sudo token stops working.",
			result: "SignedOut"},
		{Auth: AuthSession, Method: http.MethodPost, Path: "/auth/sudo", ID: "confirmSudo", tag: "Sessions",
			summary: "Confirm the password (sudo mode)",
			desc: "Answers a sudo token for the `X-Sudo-Token` header, valid 15 minutes and only in this session. " +
				"Creating, changing, rotating and revoking keys need it. A wrong password answers 401 invalid_credentials " +
				"and is a security event; after 5 in 15 minutes, 429 too_many_attempts.",
			body: "SudoRequest", result: "SudoGrant", tooManyAttempts: true},
	}
}

func rangeParams() openapi3.Parameters {
	q := func(name, desc string, s *openapi3.Schema, ex any) *openapi3.ParameterRef {
		return &openapi3.ParameterRef{Value: &openapi3.Parameter{Name: name, In: "query", Description: desc,
			Schema: &openapi3.SchemaRef{Value: s}, Example: ex}}
	}
	return openapi3.Parameters{
		q("range", "The last hour, day, week or 30 days; ignored when from and to are given.",
			&openapi3.Schema{Type: types("string"), Enum: []any{"1h", "24h", "7d", "30d"}, Default: "24h"}, "7d"),
		q("from", "Start of a custom range (with to), at most 400 days long.", timeSchema("").Value, exTime),
		q("to", "End of a custom range (with from).", timeSchema("").Value, exTime),
		q("key_id", "Only this key's requests.", strSchema("").Value, exKey),
	}
}

// usageOps are usage analytics and the live stream (SPEC §2.5).
func usageOps() []Op {
	return []Op{
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/analytics/api-usage", ID: "getApiUsage", tag: "Usage",
			summary: "API usage", desc: "Totals, series, endpoints, errors and keys over the range. Cached by clients for a minute.",
			params: rangeParams(), result: "APIUsage", notFound: true,
			headers: openapi3.Headers{"Cache-Control": {Value: &openapi3.Header{Parameter: openapi3.Parameter{
				Description: "`private, max-age=60`.", Schema: strSchema("")}}}}},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/analytics/api-usage/errors.csv", ID: "exportUsageErrors", tag: "Usage",
			summary: "Export the error log as CSV", desc: "Every refused or failed request in the range, as CSV.",
			params: rangeParams(), csv: true, notFound: true},
		{Auth: AuthStream, Method: http.MethodGet, Path: "/tenant/analytics/api-usage/live", ID: "openLiveStream", tag: "Usage",
			summary: "Live usage (websocket)",
			desc: "A websocket (`GET` with `Upgrade: websocket`). The server sends JSON text frames (schema `LiveMessage`): " +
				"`tick` about once a second (requests, errors, rate limited, rpm, limit, remaining, average latency), " +
				"`security_event` at once when one happens, and with `?logs=1` every request log entry as it is written " +
				"(`log`; best effort: a slow reader misses entries, the log itself stays complete). Send nothing; pings keep it open.\n\n" +
				"Browsers cannot set headers on a handshake, so the session token may come as `?token=`. A session holds at most " +
				"8 streams: the 9th answers 429 too_many_streams. Signing out closes the session's streams at once and an " +
				"expired session's on the next tick, with close code 4001.",
			params: openapi3.Parameters{
				{Value: &openapi3.Parameter{Name: "token", In: "query", Description: "The session token, for clients that cannot send Authorization.", Schema: strSchema("")}},
				{Value: &openapi3.Parameter{Name: "logs", In: "query", Description: "`1`: also send request log entries (frames of type `log`).",
					Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string"), Enum: []any{"1"}}}}},
			},
			stream: true, tooManyAttempts: true,
			ok: "Switched to the websocket protocol; frames are LiveMessage objects."},
	}
}

// mailOps are notifications, the outbox and security events (SPEC §2.5, §2.6).
func mailOps() []Op {
	return []Op{
		{Auth: AuthSession, Method: http.MethodPost, Path: "/platform/notifications", ID: "sendNotification", tag: "Notifications",
			summary: "Email the tenant's admins",
			desc: "The platform emails the tenant's admins (and the key's creator, with `key_id`) through its own mail " +
				"pipeline; the console's reminder and alert jobs use it. With an `Idempotency-Key`, the first call sends " +
				"and answers 202; the same key within 30 days answers 200 with that first answer and sends nothing, " +
				"whatever the body says. Consoles name the event: `key_expiry:{key_id}:{expiry date}` for reminders, " +
				"`{kind}:{cool-down window start}` for alerts. Any role may call it.",
			params: openapi3.Parameters{{Value: &openapi3.Parameter{Name: wire.IdempotencyHeader, In: "header",
				Description: "1 to 255 characters naming the event; the same key within 30 days sends nothing new.",
				Schema:      &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string"), MinLength: 1, MaxLength: ptr(uint64(wire.MaxIdempotencyKey))}},
				Example:     "key_expiry:" + exKey + ":2026-03-05"}}},
			body: "NotificationRequest", result: "NotificationResponse", notFound: true,
			accepted: "Sent (the first call with this Idempotency-Key, or a call without one).",
			ok:       "Already sent for this Idempotency-Key: the first answer, and nothing new was sent."},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/platform/outbox", ID: "getOutbox", tag: "Notifications",
			summary: "The outbox", desc: "Every email the platform sent for the tenant (kept 90 days), newest first.", result: "Outbox"},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/platform/security-events", ID: "listSecurityEvents", tag: "Security",
			summary: "Security events",
			desc: "IP violations, uses of revoked or expired keys and failed sudo attempts, newest first, kept 90 days. " +
				"Identical events within a minute are one event with `count` and `last_at`.",
			result: "SecurityEventList"},
	}
}

// docOps are this document and the health check.
func docOps() []Op {
	return []Op{
		{Auth: AuthNone, Method: http.MethodGet, Path: "/openapi.json", ID: "getOpenApiDocument", tag: "Docs",
			summary: "This document", desc: "The OpenAPI 3.1 document of the platform API; cache it by `info.version`.",
			result: "OpenApiDocument"},
		{Auth: AuthNone, Root: true, Method: http.MethodGet, Path: "/healthz", ID: "getHealth", tag: "Docs",
			summary: "Health check", desc: "200 while the platform serves requests. At the server's root, not under /api/v1.",
			result: "Health"},
	}
}

func platformSchemas(add func(string, *openapi3.Schema)) {
	add("SignedOut", object("The session ended.", []string{"message"}, props{"message": strSchema("")}))
	add("Health", object("The platform is up.", []string{"status"}, props{
		"status": {Value: &openapi3.Schema{Type: types("string"), Enum: []any{"ok"}}}}))
	doc := &openapi3.Schema{Type: types("object"), Description: "An OpenAPI 3.1 document (this one).",
		Required: []string{"openapi", "info", "paths"}}
	add("OpenApiDocument", doc)
}

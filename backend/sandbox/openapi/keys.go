package openapi

import (
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// Key management routes (SPEC §2.3, §8.1): session sign-in, and for changes
// also a sudo token. Documented so far: rotation, with the Key it answers.

const exKeyMasked = "pm_live_a1b...o5p6"

func keyOps() []sessionOp {
	graces := []string{}
	for _, g := range wire.GraceChoices {
		graces = append(graces, "`"+g.Name+"`")
	}
	return []sessionOp{
		{method: http.MethodPost, path: "/platform/api-keys/{key_id}/rotate", id: "rotateKey", tag: "Keys",
			summary: "Rotate a key",
			desc: "Issues a new secret, shown only in this answer. The replaced secret keeps working for `grace` " +
				"(one of " + joinOr(graces) + "; 24h when the body or `grace` is left out), then answers 401 key_revoked. " +
				"`now` ends it at once: the choice for a key that leaked. Each previous secret keeps its own deadline; " +
				"a key holds at most 3 that still work, and one more rotation with a grace answers 409 " +
				"`too_many_previous_secrets` (`now` is always allowed). Needs a sudo token.",
			params:       openapi3.Parameters{keyIDParam()},
			body:         "RotateKeyRequest",
			bodyOptional: true,
			result:       "RotateKeyResponse", notFound: true, sudo: true, conflict: true},
		{method: http.MethodPost, path: "/platform/notifications", id: "sendNotification", tag: "Notifications",
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
	}
}

func keyIDParam() *openapi3.ParameterRef {
	return &openapi3.ParameterRef{Value: &openapi3.Parameter{Name: "key_id", In: "path", Required: true,
		Description: "The key's id.", Schema: strSchema(""), Example: exKey}}
}

func joinOr(xs []string) string {
	out := ""
	for i, x := range xs {
		switch {
		case i == 0:
		case i == len(xs)-1:
			out += " or "
		default:
			out += ", "
		}
		out += x
	}
	return out
}

func keySchemas(add func(string, *openapi3.Schema)) {
	graces := []any{}
	for _, g := range wire.GraceChoices {
		graces = append(graces, g.Name)
	}
	nullTime := func(desc string) *openapi3.SchemaRef {
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string", "null"), Format: "date-time", Description: desc}}
	}
	add("RotateKeyRequest", object("How long the replaced secret keeps working.", nil, props{
		"grace": {Value: &openapi3.Schema{Type: types("string"), Enum: graces, Default: wire.GraceDefault,
			Description: "`now` ends the replaced secret at once (a leaked key); otherwise it works this much longer."}},
	}))
	add("PreviousSecret", object("A previous secret that still works, until its own deadline.",
		[]string{"masked_key", "rotated_at", "expires_at", "requests_since_rotation", "last_used"}, props{
			"masked_key":              strSchema(""),
			"rotated_at":              timeSchema("When the rotation replaced it."),
			"expires_at":              timeSchema("Its deadline; from then on it answers key_revoked."),
			"requests_since_rotation": intSchema("Requests made with it since the rotation."),
			"last_used":               nullTime("Its last use since the rotation; null if none."),
		}))
	add("Rotation", object("The key's previous secrets that still work (at most 3), newest rotation first. "+
		"The previous_* fields repeat previous_secrets[0].",
		[]string{"previous_masked_key", "previous_expires_at", "previous_last_used", "previous_requests", "previous_secrets"}, props{
			"previous_masked_key": strSchema(""),
			"previous_expires_at": timeSchema(""),
			"previous_last_used":  nullTime(""),
			"previous_requests":   intSchema(""),
			"previous_secrets":    {Value: &openapi3.Schema{Type: types("array"), Items: schemaRef("PreviousSecret"), MinItems: 1, MaxItems: ptr(uint64(wire.MaxLivePreviousSecrets))}},
		}))
	add("Key", object("An API key; never its secret.",
		[]string{"key_id", "name", "description", "environment", "masked_key", "permissions", "allowed_ips", "rate_limit", "burst",
			"status", "created_at", "created_by", "last_used", "expires_at", "revoked_at", "rotation", "request_count", "error_count"}, props{
			"key_id":        strSchema(""),
			"name":          strSchema(""),
			"description":   strSchema(""),
			"environment":   {Value: &openapi3.Schema{Type: types("string"), Enum: []any{"live", "test"}}},
			"masked_key":    strSchema("The current secret, masked."),
			"permissions":   strList(""),
			"allowed_ips":   strList("IP addresses and CIDR ranges; empty means any."),
			"rate_limit":    intSchema("Requests per minute (the tenant's plan)."),
			"burst":         intSchema(""),
			"status":        {Value: &openapi3.Schema{Type: types("string"), Enum: []any{wire.StatusActive, wire.StatusRevoked, wire.StatusExpired}}},
			"created_at":    timeSchema(""),
			"created_by":    strSchema("The creator's email."),
			"last_used":     nullTime(""),
			"expires_at":    nullTime("null: never expires."),
			"revoked_at":    nullTime(""),
			"rotation":      {Value: &openapi3.Schema{OneOf: openapi3.SchemaRefs{schemaRef("Rotation"), {Value: &openapi3.Schema{Type: types("null")}}}, Description: "null when no previous secret still works."}},
			"request_count": intSchema(""),
			"error_count":   intSchema("Requests answered with a client or server error (4xx other than 429, and 5xx); a 429 is counted as rate limited, not as an error."),
		}))
	add("NotificationRequest", object("An email to the tenant's admins.", []string{"kind", "subject", "body"}, props{
		"kind": {Value: &openapi3.Schema{Type: types("string"), Enum: []any{wire.NotifyKeyExpiry, wire.NotifyKeyRotation, wire.NotifyErrorRate,
			wire.NotifyRateLimit, wire.NotifySecurity}}},
		"key_id":  strSchema("The key it is about; its creator is emailed too."),
		"subject": {Value: &openapi3.Schema{Type: types("string"), MinLength: 1, MaxLength: ptr(uint64(200))}},
		"body":    {Value: &openapi3.Schema{Type: types("string"), MinLength: 1, MaxLength: ptr(uint64(100000))}},
	}))
	add("NotificationResponse", object("The email the platform sent.", []string{"id", "recipients"}, props{
		"id":         strSchema("The email's id in the outbox."),
		"recipients": strList(""),
	}))
	add("RotateKeyResponse", object("The new secret (shown only here) and the key.", []string{"api_key", "key", "previous_key_expires_at"}, props{
		"api_key":                 strSchema("The new secret. Store it now: it is never shown again."),
		"key":                     schemaRef("Key"),
		"previous_key_expires_at": timeSchema("When the replaced secret stops working (now, for grace `now`)."),
	}))
}

package openapi

import (
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// Key management routes (SPEC §2.3, §8.1): session sign-in, and for changes
// also a sudo token.

const exKeyMasked = "pm_live_a1b...o5p6"

// admins may do everything; keyEditors may change keys (developers only
// their own, which the handlers check); support only reads.
var (
	admins     = []string{wire.RoleAdmin}
	keyEditors = []string{wire.RoleAdmin, wire.RoleDeveloper}
)

// keyLinks lead from an answer holding a key to what can be done with it
// next: the key lifecycle (create → get, update, rotate, revoke).
func keyLinks(idExpr string, ids ...string) openapi3.Links {
	words := map[string]string{
		"getKey":    "The key with its usage and audit trail.",
		"updateKey": "Change its name, permissions, expiry or allow-list.",
		"rotateKey": "Replace its secret, keeping the old one working for a grace.",
		"revokeKey": "Revoke it: its secrets stop working at once.",
	}
	l := openapi3.Links{}
	for _, id := range ids {
		l[id] = &openapi3.LinkRef{Value: &openapi3.Link{OperationID: id, Description: words[id],
			Parameters: map[string]any{"key_id": idExpr}}}
	}
	return l
}

func keyOps() []Op {
	graces := []string{}
	for _, g := range wire.GraceChoices {
		graces = append(graces, "`"+g.Name+"`")
	}
	listParam := func(name, desc string, vals ...any) *openapi3.ParameterRef {
		s := &openapi3.Schema{Type: types("string")}
		if len(vals) > 0 {
			s.Enum, s.Default = vals, vals[0]
		}
		return &openapi3.ParameterRef{Value: &openapi3.Parameter{Name: name, In: "query", Description: desc,
			Schema: &openapi3.SchemaRef{Value: s}}}
	}
	return []Op{
		{Auth: AuthSession, Method: http.MethodGet, Path: "/platform/api-keys", ID: "listKeys", tag: "Keys",
			summary: "List API keys", desc: "The tenant's keys (never their secrets), filtered and sorted.",
			params: openapi3.Parameters{
				listParam("status", "Which keys.", "all", "active", "revoked", "expired"),
				listParam("q", "Text in the name or the id (case-insensitive)."),
				listParam("sort", "Order: newest first, most recently used first, or by name.", "created", "last_used", "name"),
			},
			result: "KeyList"},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/platform/api-keys/permissions", ID: "getPermissionCatalog", tag: "Keys",
			summary: "The permission catalog", desc: "Every permission by category, with which are dangerous, and the presets " +
				"`read_only`, `full_access` and `email_sending`.", result: "PermissionCatalog"},
		{Auth: AuthSudo, Roles: keyEditors, Method: http.MethodPost, Path: "/platform/api-keys", ID: "createKey", tag: "Keys",
			summary: "Create an API key",
			desc: "Creates a key and answers its secret, the only time the platform ever sends it. Developers may not grant " +
				"`full_access`, `manage_api_keys` or `manage_billing`. Needs a sudo token.",
			body: "CreateKeyRequest", status: http.StatusCreated, result: "CreatedKey",
			links: keyLinks("$response.body#/key/key_id", "getKey", "updateKey", "rotateKey", "revokeKey")},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/platform/api-keys/{key_id}", ID: "getKey", tag: "Keys",
			summary: "Get an API key", desc: "A key with its usage by day (30 days), top endpoints, last 10 IPs and last 50 audit events.",
			params: openapi3.Parameters{keyIDParam()}, result: "KeyDetails", notFound: true,
			links: keyLinks("$response.body#/key_id", "updateKey", "rotateKey", "revokeKey")},
		{Auth: AuthSudo, Roles: keyEditors, Method: http.MethodPatch, Path: "/platform/api-keys/{key_id}", ID: "updateKey", tag: "Keys",
			summary: "Change an API key", desc: "Changes any of name, description, permissions, allowed IPs and expiry. " +
				"Developers may change only keys they created. Needs a sudo token.",
			params: openapi3.Parameters{keyIDParam()}, body: "UpdateKeyRequest", result: "Key", notFound: true,
			links: keyLinks("$response.body#/key_id", "getKey", "rotateKey", "revokeKey")},
		{Auth: AuthSudo, Roles: keyEditors, Method: http.MethodPost, Path: "/platform/api-keys/{key_id}/rotate", ID: "rotateKey", tag: "Keys",
			summary: "Rotate a key",
			desc: "Issues a new secret, shown only in this answer. The replaced secret keeps working for `grace` " +
				"(one of " + joinOr(graces) + "; 24h when the body or `grace` is left out), then answers 401 key_revoked. " +
				"`now` ends it at once: the choice for a key that leaked. Each previous secret keeps its own deadline; " +
				"a key holds at most 3 that still work, and one more rotation with a grace answers 409 " +
				"`too_many_previous_secrets` (`now` is always allowed). Needs a sudo token.",
			params:       openapi3.Parameters{keyIDParam()},
			body:         "RotateKeyRequest",
			bodyOptional: true,
			result:       "RotatedKey", notFound: true, conflict: true,
			links: keyLinks("$response.body#/key/key_id", "getKey", "rotateKey", "revokeKey")},
		{Auth: AuthSudo, Roles: keyEditors, Method: http.MethodDelete, Path: "/platform/api-keys/{key_id}", ID: "revokeKey", tag: "Keys",
			summary: "Revoke an API key", desc: "Every secret of the key stops working at once (401 key_revoked). " +
				"A second revocation answers 409 already_revoked. Needs a sudo token.",
			params: openapi3.Parameters{keyIDParam()}, result: "RevokedKey", notFound: true, conflict: true,
			links: keyLinks("$response.body#/key_id", "getKey")},
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
	add("RotatedKey", object("The new secret (shown only here) and the key.", []string{"api_key", "key", "previous_key_expires_at"}, props{
		"api_key":                 strSchema("The new secret. Store it now: it is never shown again."),
		"key":                     schemaRef("Key"),
		"previous_key_expires_at": timeSchema("When the replaced secret stops working (now, for grace `now`)."),
	}))
}

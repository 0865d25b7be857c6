package openapi

import (
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// gatewayError is one error answer the gateway can give.
type gatewayError struct {
	status  int
	code    string
	meaning string
	example map[string]any
}

// gatewayErrors lists every code of SPEC §2.1 the gateway can answer (plus
// payload_too_large, request_timeout and unsupported_media_type), with the
// product's messages as examples.
var gatewayErrors = []gatewayError{
	{400, wire.CodeInvalidRequest, "A field is not valid or not known; `fields` names each one.",
		map[string]any{"error": wire.CodeInvalidRequest, "message": wire.MsgValidation,
			"fields": map[string]any{"to": `"bob@" is not a valid email address`}}},
	{400, wire.CodeInvalidJSON, "The body is not JSON; the message says where it broke.",
		map[string]any{"error": wire.CodeInvalidJSON,
			"message": "Malformed JSON at line 1, column 9 (offset 9): invalid character '}' looking for beginning of value"}},
	{401, wire.CodeInvalidToken, "The API key is missing, malformed, or unknown.",
		map[string]any{"error": wire.CodeInvalidToken, "message": wire.MsgInvalidToken}},
	{401, wire.CodeKeyRevoked, "The key was revoked, or it is a previous secret of a rotation whose grace period is over.",
		map[string]any{"error": wire.CodeKeyRevoked, "message": wire.MsgKeyRevoked}},
	{401, wire.CodeKeyExpired, "The key is past its expiry date.",
		map[string]any{"error": wire.CodeKeyExpired, "message": wire.KeyExpiredMessage("2026-01-31T00:00:00Z")}},
	{403, wire.CodeIPNotAllowed, "The caller's IP is outside the key's allow-list. The tenant's admins are alerted.",
		map[string]any{"error": wire.CodeIPNotAllowed, "message": wire.MsgIPNotAllowed}},
	{403, wire.CodeInsufficientPermissions, "The key lacks the permission in `required`.",
		map[string]any{"error": wire.CodeInsufficientPermissions, "message": wire.MsgInsufficientPermissions,
			"required": []any{"send_email"}}},
	{404, wire.CodeNotFound, "No such resource in your tenant.",
		map[string]any{"error": wire.CodeNotFound, "message": wire.MsgNotFound}},
	{408, wire.CodeRequestTimeout, "The body did not arrive within 30 seconds of the request's start.",
		map[string]any{"error": wire.CodeRequestTimeout, "message": wire.MsgRequestTimeout}},
	{413, wire.CodePayloadTooLarge, "The body is larger than 1 MiB.",
		map[string]any{"error": wire.CodePayloadTooLarge, "message": wire.MsgPayloadTooLarge}},
	{415, wire.CodeUnsupportedMediaType, "A body was sent with a Content-Type other than application/json, or with none.",
		map[string]any{"error": wire.CodeUnsupportedMediaType,
			"message": "Send the body as JSON with Content-Type: application/json (got Content-Type text/plain)"}},
	{429, wire.CodeRateLimitExceeded, "Over the plan's rate limit; retry after `retry_after` seconds.",
		map[string]any{"error": wire.CodeRateLimitExceeded, "message": wire.MsgRateLimitExceeded,
			"retry_after": 12, "upgrade_url": "https://penguinmails.com/pricing"}},
	{500, wire.CodeInternal, "Something failed on our side; retry later.",
		map[string]any{"error": wire.CodeInternal, "message": wire.MsgInternal}},
}

func errorSchema() *openapi3.Schema {
	codes := []any{}
	seen := map[string]bool{}
	for _, e := range gatewayErrors {
		if !seen[e.code] {
			seen[e.code] = true
			codes = append(codes, e.code)
		}
	}
	s := object("An error answer. Branch on `error`; show `message` to people.", []string{"error", "message"}, props{
		"error":   {Value: &openapi3.Schema{Type: types("string"), Enum: codes, Description: "The error code."}},
		"message": strSchema("What went wrong, in words fit to show a user."),
		"fields": {Value: &openapi3.Schema{Type: types("object"), Description: "invalid_request: the problem with each field, by field name.",
			AdditionalProperties: openapi3.AdditionalProperties{Schema: strSchema("")}}},
		"retry_after": {Value: &openapi3.Schema{Type: types("integer"), Min: ptr(1.0),
			Description: "rate_limit_exceeded: seconds to wait before retrying (also in Retry-After)."}},
		"required": {Value: &openapi3.Schema{Type: types("array"), Items: strSchema(""),
			Description: "insufficient_permissions: the permission(s) the operation needs."}},
		"upgrade_url": {Value: &openapi3.Schema{Type: types("string"), Format: "uri",
			Description: "rate_limit_exceeded: where to upgrade the plan."}},
		"request_id": strSchema("The answer's X-Request-Id: quote it to support, or find the request under Logs."),
	})
	return s
}

// errorResponse describes one status with an example for each of its codes.
// perm makes the insufficient_permissions example name the operation's own
// permission.
// A request without a body cannot be invalid_json.
func errorResponse(status int, perm string, hasBody bool) *openapi3.ResponseRef {
	examples := openapi3.Examples{}
	desc := http.StatusText(status) + ":"
	for _, e := range gatewayErrors {
		if e.status != status || (e.code == wire.CodeInvalidJSON && !hasBody) {
			continue
		}
		ex := e.example
		if e.code == wire.CodeInsufficientPermissions {
			ex = map[string]any{"error": e.code, "message": wire.MsgInsufficientPermissions, "required": []any{perm}}
		}
		examples[e.code] = &openapi3.ExampleRef{Value: &openapi3.Example{Summary: e.meaning, Value: ex}}
		desc += fmt.Sprintf(" `%s` (%s)", e.code, e.meaning)
	}
	hs := rateHeaders()
	if status == http.StatusTooManyRequests {
		hs["Retry-After"] = headerRef("Retry-After")
	}
	return &openapi3.ResponseRef{Value: &openapi3.Response{
		Description: &desc,
		Headers:     hs,
		Content: openapi3.Content{"application/json": &openapi3.MediaType{
			Schema: schemaRef("Error"), Examples: examples,
		}},
	}}
}

func headers() openapi3.Headers {
	h := func(desc string, ex int) *openapi3.HeaderRef {
		return &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: desc, Required: true,
			Schema:  &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("integer"), Min: ptr(0.0)}},
			Example: ex,
		}}}
	}
	return openapi3.Headers{
		"X-RateLimit-Limit":     h("The tenant's plan limit, in requests per minute.", 300),
		"X-RateLimit-Remaining": h("Requests that can be sent right now (the rest of the burst).", 299),
		"X-RateLimit-Reset":     h("Seconds until the allowance is full again.", 1),
		"Retry-After":           h("Seconds to wait before the next request can pass.", 12),
		wire.RequestIDHeader: {Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: "The request's id (req_…), on every answer. Error bodies repeat it as request_id.", Required: true,
			Schema: strSchema(""), Example: "req_01jnx4k8v2q9w3e5r7t9y1u3i5"}}},
	}
}

func headerRef(name string) *openapi3.HeaderRef {
	return &openapi3.HeaderRef{Ref: "#/components/headers/" + name, Value: headers()[name].Value}
}

// rateHeaders are on every answer of the gateway.
func rateHeaders() openapi3.Headers {
	return openapi3.Headers{
		"X-RateLimit-Limit":     headerRef("X-RateLimit-Limit"),
		"X-RateLimit-Remaining": headerRef("X-RateLimit-Remaining"),
		"X-RateLimit-Reset":     headerRef("X-RateLimit-Reset"),
		wire.RequestIDHeader:    headerRef(wire.RequestIDHeader),
	}
}

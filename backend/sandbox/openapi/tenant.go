package openapi

import (
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// The request log, the audit log and the tenant settings (SPEC §8.4) are
// platform routes: they take the session token of a signed-in user, not an
// API key. Every role may read them (support included).

// tenantOps are the request log, the audit log and the tenant settings.
func tenantOps() []Op {
	logFilters := openapi3.Parameters{qp("from"), qp("to"), qp("status"), qp("key_id"), qp("method"), qp("path"),
		qp("ip"), qp("request_id")}
	auditFilters := openapi3.Parameters{qp("from"), qp("to"), qp("actor"), qp("action"), qp("target")}
	return []Op{
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/logs", ID: "listRequestLog", tag: "Logs", summary: "Search the request log",
			desc:   "Every API request of the tenant, newest first, kept 30 days. Filters combine; `cursor` (from `next_cursor`) pages on.",
			params: append(append(openapi3.Parameters{}, logFilters...), qp("cursor"), qp("limit_page")), result: "LogPage"},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/logs.csv", ID: "exportRequestLog", tag: "Logs", summary: "Export the request log as CSV",
			desc: "Every entry matching the filters, streamed, however many there are.", params: logFilters, csv: true},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/logs/{request_id}", ID: "getRequestLogEntry", tag: "Logs", summary: "One request",
			desc: "A request with its headers (secrets masked) and its bodies (secret-like fields redacted, 16 KiB each at most).",
			params: openapi3.Parameters{{Value: &openapi3.Parameter{Name: "request_id", In: "path", Required: true,
				Description: "The X-Request-Id of the answer.", Schema: strSchema(""), Example: "req_01jnx4k8v2q9w3e5r7t9y1u3i5"}}},
			result: "LogEntry", notFound: true},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/audit", ID: "listAudit", tag: "Audit", summary: "Search the audit log",
			desc:   "Sign-ins, sudo, key changes, notifications and security events, newest first, kept 90 days.",
			params: append(append(openapi3.Parameters{}, auditFilters...), qp("cursor"), qp("limit_page")), result: "AuditPage"},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/audit.csv", ID: "exportAudit", tag: "Audit", summary: "Export the audit log as CSV",
			desc: "Every entry matching the filters, streamed.", params: auditFilters, csv: true},
		{Auth: AuthSession, Method: http.MethodGet, Path: "/tenant/settings", ID: "getTenantSettings", tag: "Settings", summary: "Tenant settings",
			desc: "Whether the request log keeps bodies.", result: "TenantSettings"},
		{Auth: AuthSession, Method: http.MethodPatch, Path: "/tenant/settings", ID: "updateTenantSettings", tag: "Settings", summary: "Change tenant settings",
			desc: "Admins only. Turning `log_bodies` off stops keeping request and response bodies from now on.",
			body: "TenantSettingsPatch", result: "TenantSettings", Roles: admins},
	}
}

func queryParams() map[string]*openapi3.Parameter {
	s := func(name, desc string, ex any) *openapi3.Parameter {
		return &openapi3.Parameter{Name: name, In: "query", Description: desc, Schema: strSchema(""), Example: ex}
	}
	t := func(name, desc string) *openapi3.Parameter {
		return &openapi3.Parameter{Name: name, In: "query", Description: desc, Schema: timeSchema(""), Example: exTime}
	}
	return map[string]*openapi3.Parameter{
		"from":       t("from", "Only entries at or after this time."),
		"to":         t("to", "Only entries before this time."),
		"status":     s("status", "2xx, 4xx, 429, 5xx, an exact status such as 404, or an error code such as key_revoked.", "4xx"),
		"key_id":     s("key_id", "Only requests made with this key.", exKey),
		"method":     s("method", "GET, POST, PATCH or DELETE.", "POST"),
		"path":       s("path", "A path prefix; /emails means /api/v1/emails.", "/api/v1/emails"),
		"ip":         s("ip", "The caller's IP address.", "203.0.113.7"),
		"request_id": s("request_id", "One request, by its X-Request-Id.", "req_01jnx4k8v2q9w3e5r7t9y1u3i5"),
		"actor":      s("actor", "Who acted: an email, `api` or `system`.", "admin@demo.penguinmails.test"),
		"action":     {Name: "action", In: "query", Description: "What was done.", Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string"), Enum: anyList(wire.AuditActions)}}},
		"target":     s("target", "What it was done to: a key id, an email, a notification id.", exKey),
		"cursor":     s("cursor", "`next_cursor` of the previous page.", nil),
		"limit_page": {Name: "limit", In: "query", Description: "Entries per page, 1 to 200.",
			Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("integer"), Min: ptr(1.0), Max: ptr(200.0), Default: 50}}},
	}
}

func anyList(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func qp(name string) *openapi3.ParameterRef {
	return &openapi3.ParameterRef{Ref: "#/components/parameters/q_" + name}
}

func addQueryParams(m openapi3.ParametersMap) {
	for name, p := range queryParams() {
		m["q_"+name] = &openapi3.ParameterRef{Value: p}
	}
}

func tenantSchemas(add func(string, *openapi3.Schema)) {
	pe := errorSchema()
	pe.Description = "An error answer of a platform (session) route. Branch on `error`; show `message` to people."
	code := *pe.Properties["error"].Value
	code.Enum = nil
	pe.Properties["error"] = &openapi3.SchemaRef{Value: &code}
	add("PlatformError", pe)

	nstr := func(desc string) *openapi3.SchemaRef {
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string"), Description: desc}}
	}
	num := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("number"), Min: ptr(0.0)}}
	strMapRef := strMap("")
	anyJSON := &openapi3.SchemaRef{Value: &openapi3.Schema{Description: "The body as JSON (a string when it was not JSON or was cut at 16 KiB)."}}
	entry := props{
		"request_id": nstr("The answer's X-Request-Id."), "at": timeSchema(""), "key_id": nstr(""), "key_name": nstr(""),
		"environment": nstr("live or test"), "masked_key": nstr("The secret used, masked."), "ip": nstr(""),
		"method": nstr(""), "route": nstr("The route template, e.g. /api/v1/emails/{id}."), "path": nstr(""),
		"query": nstr("The query string (key secrets masked)."), "status": intSchema(""), "error": nstr("The error code, empty on success."),
		"message": nstr(""), "latency_ms": num, "request_size": intSchema("bytes"), "response_size": intSchema("bytes"),
		"user_agent":      nstr(""),
		"request_headers": strMapRef, "response_headers": strMapRef, "request_body": anyJSON, "response_body": anyJSON,
		"bodies_logged":          {Value: &openapi3.Schema{Type: types("boolean"), Description: "false when the tenant had body logging off."}},
		"request_body_truncated": {Value: &openapi3.Schema{Type: types("boolean")}}, "response_body_truncated": {Value: &openapi3.Schema{Type: types("boolean")}},
	}
	summaryFields := []string{"request_id", "at", "key_id", "key_name", "environment", "masked_key", "ip", "method", "route",
		"path", "query", "status", "error", "message", "latency_ms", "request_size", "response_size", "user_agent", "bodies_logged"}
	add("LogEntry", object("One API request. Lists leave out headers and bodies.", summaryFields, entry))
	add("LogPage", object("A page of the request log, newest first.", []string{"entries", "next_cursor"}, props{
		"entries":     listOf("LogEntry"),
		"next_cursor": nstr("Pass as cursor for the next page; empty on the last page."),
	}))
	add("AuditEntry", object("One audited action.", []string{"id", "at", "action", "actor", "role", "ip", "user_agent", "target"}, props{
		"id": nstr(""), "at": timeSchema(""),
		"action":     {Value: &openapi3.Schema{Type: types("string"), Enum: anyList(wire.AuditActions)}},
		"actor":      nstr("An email, api (a caller with a key) or system."),
		"role":       nstr("admin, developer or support; empty for api and system."),
		"ip":         nstr(""),
		"user_agent": nstr(""),
		"target":     nstr("A key id, an email, a notification id or the tenant."),
		"detail":     {Value: &openapi3.Schema{Type: types("object"), Description: "What changed; for key and settings changes, before and after."}},
		"count": intSchema("How many failed sign-ins this entry stands for: failures with addresses no user has, from one IP " +
			"within a minute, are one entry (detail: the first emails tried and other_attempts; a tenant's overflow entry, " +
			"with no ip, lists the first ips). Absent for a single action."),
		"last_at": timeSchema("The latest of the failures a count stands for."),
	}))
	add("AuditPage", object("A page of the audit log, newest first.", []string{"entries", "next_cursor"}, props{
		"entries":     listOf("AuditEntry"),
		"next_cursor": nstr("Pass as cursor for the next page; empty on the last page."),
	}))
	add("TenantSettings", object("The tenant's settings.", []string{"log_bodies"}, props{
		"log_bodies": {Value: &openapi3.Schema{Type: types("boolean"), Description: "Whether the request log keeps bodies."}},
	}))
	add("TenantSettingsPatch", object("Settings to change.", nil, props{
		"log_bodies": {Value: &openapi3.Schema{Type: types("boolean")}},
	}))
}

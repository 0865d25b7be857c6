package openapi

import (
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// The request log, the audit log and the tenant settings (SPEC §8.4) are
// platform routes: they take the session token of a signed-in user, not an
// API key. Every role may read them (support included).

// sessionOp is one session-auth operation.
type sessionOp struct {
	method, path, id, tag, summary, desc string
	params                               openapi3.Parameters
	body                                 string // request schema, "" for none
	result                               string // JSON answer schema; "" with csv
	csv                                  bool
	notFound                             bool
	adminOnly                            bool
	bodyOptional                         bool   // the body may be left out
	sudo                                 bool   // also needs X-Sudo-Token (403 sudo_required)
	conflict                             bool   // may answer 409
	accepted                             string // a 202 answer's meaning (then 200 is described by ok)
	ok                                   string // the 200 answer's meaning; "" is "OK"
}

func sessionOps() []sessionOp {
	logFilters := openapi3.Parameters{qp("from"), qp("to"), qp("status"), qp("key_id"), qp("method"), qp("path"),
		qp("ip"), qp("request_id")}
	auditFilters := openapi3.Parameters{qp("from"), qp("to"), qp("actor"), qp("action"), qp("target")}
	ops := []sessionOp{
		{method: http.MethodGet, path: "/tenant/logs", id: "listRequestLog", tag: "Logs", summary: "Search the request log",
			desc:   "Every API request of the tenant, newest first, kept 30 days. Filters combine; `cursor` (from `next_cursor`) pages on.",
			params: append(append(openapi3.Parameters{}, logFilters...), qp("cursor"), qp("limit_page")), result: "LogPage"},
		{method: http.MethodGet, path: "/tenant/logs.csv", id: "exportRequestLog", tag: "Logs", summary: "Export the request log as CSV",
			desc: "Every entry matching the filters, streamed, however many there are.", params: logFilters, csv: true},
		{method: http.MethodGet, path: "/tenant/logs/{request_id}", id: "getRequestLogEntry", tag: "Logs", summary: "One request",
			desc: "A request with its headers (secrets masked) and its bodies (secret-like fields redacted, 16 KiB each at most).",
			params: openapi3.Parameters{{Value: &openapi3.Parameter{Name: "request_id", In: "path", Required: true,
				Description: "The X-Request-Id of the answer.", Schema: strSchema(""), Example: "req_01jnx4k8v2q9w3e5r7t9y1u3i5"}}},
			result: "LogEntry", notFound: true},
		{method: http.MethodGet, path: "/tenant/audit", id: "listAudit", tag: "Audit", summary: "Search the audit log",
			desc:   "Sign-ins, sudo, key changes, notifications and security events, newest first, kept 90 days.",
			params: append(append(openapi3.Parameters{}, auditFilters...), qp("cursor"), qp("limit_page")), result: "AuditPage"},
		{method: http.MethodGet, path: "/tenant/audit.csv", id: "exportAudit", tag: "Audit", summary: "Export the audit log as CSV",
			desc: "Every entry matching the filters, streamed.", params: auditFilters, csv: true},
		{method: http.MethodGet, path: "/tenant/settings", id: "getTenantSettings", tag: "Settings", summary: "Tenant settings",
			desc: "Whether the request log keeps bodies.", result: "TenantSettings"},
		{method: http.MethodPatch, path: "/tenant/settings", id: "updateTenantSettings", tag: "Settings", summary: "Change tenant settings",
			desc: "Admins only. Turning `log_bodies` off stops keeping request and response bodies from now on.",
			body: "TenantSettingsPatch", result: "TenantSettings", adminOnly: true},
	}
	return append(ops, keyOps()...)
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

func (op sessionOp) build() *openapi3.Operation {
	o := &openapi3.Operation{
		OperationID: op.id, Tags: []string{op.tag}, Summary: op.summary, Description: op.desc, Parameters: op.params,
		Security:   &openapi3.SecurityRequirements{{"sessionAuth": []string{}}},
		Extensions: map[string]any{"x-session-auth": true},
	}
	if op.sudo {
		o.Security = &openapi3.SecurityRequirements{{"sessionAuth": []string{}, "sudoToken": []string{}}}
	}
	if op.body != "" {
		o.RequestBody = &openapi3.RequestBodyRef{Value: &openapi3.RequestBody{Required: !op.bodyOptional,
			Content: openapi3.Content{"application/json": &openapi3.MediaType{Schema: schemaRef(op.body)}}}}
	}
	resp := openapi3.NewResponses()
	resp.Delete("default")
	ok := "OK"
	if op.ok != "" {
		ok = op.ok
	}
	content := openapi3.Content{"application/json": &openapi3.MediaType{Schema: schemaRef(op.result)}}
	if op.csv {
		content = openapi3.Content{"text/csv": &openapi3.MediaType{Schema: strSchema("RFC 4180 CSV with a header row.")}}
	}
	resp.Set("200", &openapi3.ResponseRef{Value: &openapi3.Response{Description: &ok, Content: content,
		Headers: openapi3.Headers{wire.RequestIDHeader: headerRef(wire.RequestIDHeader)}}})
	if op.accepted != "" {
		resp.Set("202", &openapi3.ResponseRef{Value: &openapi3.Response{Description: &op.accepted, Content: content,
			Headers: openapi3.Headers{wire.RequestIDHeader: headerRef(wire.RequestIDHeader)}}})
	}
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusInternalServerError}
	if op.notFound {
		statuses = append(statuses, http.StatusNotFound)
	}
	if op.adminOnly || op.sudo {
		statuses = append(statuses, http.StatusForbidden)
	}
	if op.conflict {
		statuses = append(statuses, http.StatusConflict)
	}
	if op.body != "" {
		statuses = append(statuses, http.StatusUnsupportedMediaType)
	}
	for _, st := range statuses {
		d := http.StatusText(st)
		resp.Set(strconv.Itoa(st), &openapi3.ResponseRef{Value: &openapi3.Response{Description: &d,
			Headers: openapi3.Headers{wire.RequestIDHeader: headerRef(wire.RequestIDHeader)},
			Content: openapi3.Content{"application/json": &openapi3.MediaType{Schema: schemaRef("PlatformError")}}}})
	}
	o.Responses = resp
	return o
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
		"path", "query", "status", "error", "message", "latency_ms", "request_size", "response_size", "user_agent"}
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

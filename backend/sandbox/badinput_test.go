package sandbox

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// Every bad input of issue 10 gets a 4xx naming the field with a plain
// message, and nothing is written.
func TestBadInputRefused(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	now := e.clock.Now()
	gwKey := e.createKey(a, allPerms("test"))
	k := e.createKey(a, wire.CreateKeyRequest{Name: "Target", Environment: "test", Permissions: []string{PermSendEmail}})
	key := func(extra map[string]any) map[string]any {
		b := map[string]any{"name": "ok", "environment": "live", "permissions": []string{"send_email"}}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	var unknown []string
	for i := 0; i < 900; i++ {
		unknown = append(unknown, fmt.Sprintf("perm_%d_%s", i, strings.Repeat("x", 900)))
	}
	long := strings.Repeat("l", 10_000) + "@example.com"
	type bad struct {
		name          string
		method, path  string
		body          any
		hdr           []string
		status        int
		code, field   string
		want          string // in fields[field] (or the message when field is "")
		maxAnswerSize int
	}
	keys, contacts := "/api/v1/platform/api-keys", "/api/v1/contacts"
	usageURL, session := "/api/v1/tenant/analytics/api-usage", bearerH(a.tok)
	gw := bearerH(gwKey.APIKey)
	cases := []bad{
		{name: "IPv4-mapped range wider than IPv4", method: "POST", path: keys, body: key(map[string]any{"allowed_ips": []string{"::ffff:0.0.0.0/64"}}),
			status: 400, field: "allowed_ips", want: "IPv4-mapped range wider than the IPv4 space"},
		{name: "expiry 30 s ahead", method: "POST", path: keys, body: key(map[string]any{"expires_at": now.Add(30 * time.Second)}),
			status: 400, field: "expires_at", want: "Expiry date must be at least 1 minute in the future"},
		{name: "expiry not a date", method: "POST", path: keys, body: key(map[string]any{"expires_at": "31/01/2027"}),
			status: 400, field: "expires_at", want: "must be a date like 2027-01-31T09:00:00Z"},
		{name: "expiry a number", method: "POST", path: keys, body: key(map[string]any{"expires_at": 1769850000}),
			status: 400, field: "expires_at", want: "must be a date like 2027-01-31T09:00:00Z"},
		{name: "name a number", method: "POST", path: keys, body: key(map[string]any{"name": 5}),
			status: 400, field: "name", want: "must be a string"},
		{name: "900 unknown permissions", method: "POST", path: keys, body: key(map[string]any{"permissions": unknown}),
			status: 400, field: "permissions", want: " and 895 more", maxAnswerSize: 2000},
		{name: "description over 500 characters", method: "POST", path: keys, body: key(map[string]any{"description": strings.Repeat("é", 501)}),
			status: 400, field: "description", want: "Description must be at most 500 characters"},
		{name: "null name", method: "POST", path: keys, body: key(map[string]any{"name": nil}),
			status: 400, field: "name", want: "must not be null"},
		{name: "null permissions", method: "POST", path: keys, body: key(map[string]any{"permissions": nil}),
			status: 400, field: "permissions", want: "must not be null"},
		{name: "null in permissions", method: "POST", path: keys, body: key(map[string]any{"permissions": []any{"send_email", nil}}),
			status: 400, field: "permissions", want: "must not contain null"},
		{name: "PATCH null name", method: "PATCH", path: keys + "/" + k.Key.KeyID, body: map[string]any{"name": nil},
			status: 400, field: "name", want: "must not be null"},
		{name: "PATCH expiry not a date", method: "PATCH", path: keys + "/" + k.Key.KeyID, body: map[string]any{"expires_at": "tomorrow"},
			status: 400, field: "expires_at", want: "must be a date like 2027-01-31T09:00:00Z"},
		{name: "JSON sent as text/plain", method: "POST", path: keys, body: key(nil), hdr: []string{"Content-Type", "text/plain"},
			status: 415, code: wire.CodeUnsupportedMediaType, want: "Content-Type: application/json (got Content-Type text/plain)"},
		{name: "JSON sent without Content-Type", method: "POST", path: keys, body: key(nil), hdr: []string{"Content-Type", ""},
			status: 415, code: wire.CodeUnsupportedMediaType, want: "(got no Content-Type)"},
		{name: "form body to the gateway", method: "POST", path: contacts, body: "email=a@example.com", hdr: append([]string{"Content-Type", "application/x-www-form-urlencoded"}, gw...),
			status: 415, code: wire.CodeUnsupportedMediaType, want: "application/json"},
		{name: "local part of 65 characters", method: "POST", path: contacts, body: map[string]any{"email": strings.Repeat("a", 65) + "@example.com"}, hdr: gw,
			status: 400, field: "email", want: "has 65 characters before the @; at most 64 are allowed"},
		{name: "address of 255 characters", method: "POST", path: contacts, body: map[string]any{"email": "a@" + strings.Repeat("d", 249) + ".com"}, hdr: gw,
			status: 400, field: "email", want: "has 255 characters; an email address may have at most 254"},
		{name: "recipient of 10,000 characters", method: "POST", path: "/api/v1/emails/send", body: map[string]any{"to": long, "subject": "s", "text_body": "b"}, hdr: gw,
			status: 400, field: "to", want: "at most 64 are allowed", maxAnswerSize: 1000},
		{name: "null inside variables", method: "POST", path: "/api/v1/emails/send", body: map[string]any{"to": "a@example.com", "subject": "s", "text_body": "b",
			"variables": map[string]any{"first_name": "Ada", "plan": nil}}, hdr: gw, status: 400, field: "variables", want: "must not contain null (at plan)"},
		{name: "null deep inside variables", method: "POST", path: "/api/v1/emails/send", body: map[string]any{"to": "a@example.com", "subject": "s", "text_body": "b",
			"variables": map[string]any{"order": map[string]any{"items": []any{"x", nil}}}}, hdr: gw, status: 400, field: "variables", want: "must not contain null (at order.items[1])"},
		{name: "null inside attributes", method: "POST", path: contacts, body: map[string]any{"email": "n@example.com", "attributes": map[string]any{"plan": nil}}, hdr: gw,
			status: 400, field: "attributes", want: "must not contain null (at plan)"},
		{name: "recipient a number", method: "POST", path: "/api/v1/emails/send", body: map[string]any{"to": 5, "subject": "s", "text_body": "b"}, hdr: gw,
			status: 400, field: "to", want: "must be an email address or an array of email addresses"},
		{name: "sender of 10,000 characters", method: "POST", path: "/api/v1/emails/send", body: map[string]any{"to": "a@example.com", "from": long, "subject": "s", "text_body": "b"}, hdr: gw,
			status: 400, field: "from", want: "at most 64 are allowed", maxAnswerSize: 1000},
		{name: "first name of 101 characters", method: "POST", path: contacts, body: map[string]any{"email": "b@example.com", "first_name": strings.Repeat("é", 101)}, hdr: gw,
			status: 400, field: "first_name", want: "first_name must be at most 100 characters"},
		{name: "empty limit", method: "GET", path: contacts + "?limit=", hdr: gw,
			status: 400, field: "limit", want: "limit must be a number from 1 to 100"},
		{name: "campaign date not a date", method: "POST", path: "/api/v1/campaigns", body: map[string]any{"name": "c", "subject": "s", "scheduled_at": "next week"}, hdr: gw,
			status: 400, field: "scheduled_at", want: "must be a date like 2027-01-31T09:00:00Z"},
		{name: "usage range of 2 days", method: "GET", path: usageURL + "?range=2d", hdr: session,
			status: 400, field: "range", want: "range must be 1h, 24h, 7d or 30d"},
		{name: "usage range ending before it starts", method: "GET", path: usageURL + "?from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z", hdr: session,
			status: 400, field: "to", want: "to must be after from"},
		{name: "usage range of 401 days", method: "GET", path: usageURL + "?from=2025-01-01T00:00:00Z&to=2026-02-06T00:00:00Z", hdr: session,
			status: 400, field: "from", want: "the range may span at most 400 days"},
		{name: "usage from without to", method: "GET", path: usageURL + "?from=2026-03-01T10:00:00Z", hdr: session,
			status: 400, field: "to", want: "to must be a date like 2027-01-31T09:00:00Z, with from"},
		{name: "errors.csv from not a date", method: "GET", path: usageURL + "/errors.csv?from=yesterday&to=2026-03-01T10:00:00Z", hdr: session,
			status: 400, field: "from", want: "from must be a date like 2027-01-31T09:00:00Z"},
		{name: "sign-in address over 254 characters", method: "POST", path: "/api/v1/auth/login", body: map[string]any{"email": strings.Repeat("a", 300) + "@example.com", "password": "x"},
			status: 400, field: "email", want: "An email address has at most 254 characters"},
	}
	countKeys := func() int {
		var l wire.KeyList
		e.req("GET", keys, nil, bearerH(a.tok)...).decode(t, &l)
		return l.Total
	}
	countContacts := func() int {
		var l wire.ContactList
		e.gw("GET", "/contacts", gwKey.APIKey, nil).decode(t, &l)
		return l.Total
	}
	keysBefore, contactsBefore := countKeys(), countContacts()
	before := e.getKey(a, k.Key.KeyID).Key
	for _, c := range cases {
		hdr := c.hdr
		if strings.HasPrefix(c.path, keys) {
			hdr = append(a.h(), hdr...)
		}
		r := e.req(c.method, c.path, c.body, hdr...)
		ae := r.apiErr()
		code := c.code
		if code == "" {
			code = wire.CodeInvalidRequest
		}
		got := ae.Message
		if c.field != "" {
			got = ae.Fields[c.field]
		}
		if r.status != c.status || ae.Code != code || !strings.Contains(got, c.want) {
			t.Errorf("%s: %d %.400s", c.name, r.status, r.body)
			continue
		}
		if strings.Contains(string(r.body), "2006-01-02") || strings.Contains(string(r.body), "parsing time") {
			t.Errorf("%s: a Go layout in the answer: %s", c.name, r.body)
		}
		if c.maxAnswerSize > 0 && len(r.body) > c.maxAnswerSize {
			t.Errorf("%s: answer of %d bytes", c.name, len(r.body))
		}
	}
	if n := countKeys(); n != keysBefore {
		t.Errorf("keys: %d before, %d after", keysBefore, n)
	}
	if n := countContacts(); n != contactsBefore {
		t.Errorf("contacts: %d before, %d after", contactsBefore, n)
	}
	if after := e.getKey(a, k.Key.KeyID).Key; after.Name != before.Name || !equalTimePtr(after.ExpiresAt, before.ExpiresAt) {
		t.Errorf("PATCH changed the key: %+v", after)
	}
}

// Inputs at the limits are accepted: lengths are counted in characters, an
// IPv4-mapped range is stored as the IPv4 range it means and matches IPv4
// callers, and an expiry a minute ahead is fine.
func TestInputAtLimitsAccepted(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, wire.CreateKeyRequest{Name: "Mapped", Environment: "test", Permissions: []string{PermFullAccess},
		Description: strings.Repeat("é", 500), AllowedIPs: []string{"::ffff:127.0.0.0/104", "::ffff:198.51.100.5"},
		ExpiresAt: timePtr(e.clock.Now().Add(time.Minute))})
	if got := strings.Join(k.Key.AllowedIPs, ","); got != "127.0.0.0/8,198.51.100.5" {
		t.Fatalf("stored allow-list %s", got)
	}
	if r := e.gw("GET", "/contacts", k.APIKey, nil); r.status != 200 {
		t.Fatalf("127.0.0.1 under ::ffff:127.0.0.0/104: %d %s", r.status, r.body)
	}
	r := e.gw("POST", "/contacts", k.APIKey, map[string]any{"email": strings.Repeat("a", 64) + "@example.com", "first_name": strings.Repeat("é", 100)})
	if r.status != 201 {
		t.Fatalf("64-character local part, 100-character name: %d %s", r.status, r.body)
	}
	if r := e.req("POST", "/api/v1/contacts", map[string]any{"email": "d@example.com"}, append(bearerH(k.APIKey), "Content-Type", "application/json; charset=utf-8")...); r.status != 201 {
		t.Fatalf("JSON with charset: %d %s", r.status, r.body)
	}
}

package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

func TestKeyLifecycle(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	now := e.clock.Now()
	c := e.createKey(a, wire.CreateKeyRequest{Name: "Billing service", Description: "sends receipts", Environment: "test",
		Permissions: []string{PermSendEmail, PermReadAnalytics, PermSendEmail}, AllowedIPs: []string{"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"},
		ExpiresAt: timePtr(now.Add(90 * 24 * time.Hour))})
	if !strings.HasPrefix(c.APIKey, "pm_test_") || c.Warning != wire.MsgKeyWarning {
		t.Fatalf("create: %+v", c)
	}
	k := c.Key
	if !strings.HasPrefix(k.KeyID, "key_") || k.MaskedKey != c.APIKey[:11]+"..."+c.APIKey[len(c.APIKey)-4:] || k.Status != "active" ||
		k.RateLimit != 300 || k.Burst != 500 || k.CreatedBy != "admin@demo.penguinmails.test" || len(k.Permissions) != 2 || k.Environment != "test" {
		t.Fatalf("key: %+v", k)
	}
	// The list never carries the secret.
	r := e.req("GET", "/api/v1/platform/api-keys?status=active&q=billing&sort=name", nil, bearerH(a.tok)...)
	if r.status != 200 || strings.Contains(string(r.body), c.APIKey) || !strings.Contains(string(r.body), k.KeyID) {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	if r := e.gw("POST", "/emails/send", c.APIKey, map[string]any{"to": "Ann <ann@example.com>", "subject": "Hi", "text_body": "Hello"}); r.status != 202 {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	// PATCH: permissions and name.
	r = e.req("PATCH", "/api/v1/platform/api-keys/"+k.KeyID, map[string]any{"name": "Billing", "permissions": []string{"read_contacts"}, "never_expires": true}, a.h()...)
	var pk wire.Key
	r.decode(t, &pk)
	if r.status != 200 || pk.Name != "Billing" || pk.ExpiresAt != nil || len(pk.Permissions) != 1 {
		t.Fatalf("patch: %d %s", r.status, r.body)
	}
	if r := e.gw("POST", "/emails/send", c.APIKey, map[string]any{"to": "ann@example.com", "subject": "Hi", "text_body": "Hello"}); r.status != 403 {
		t.Fatalf("permission change not applied at once: %d", r.status)
	}
	var rot wire.RotateKeyResponse
	e.req("POST", "/api/v1/platform/api-keys/"+k.KeyID+"/rotate", nil, a.h()...).decode(t, &rot)
	var rv wire.RevokeKeyResponse
	r = e.req("DELETE", "/api/v1/platform/api-keys/"+k.KeyID, nil, a.h()...)
	r.decode(t, &rv)
	if r.status != 200 || rv.KeyID != k.KeyID || rv.Message != wire.MsgKeyRevokedDone {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	for _, key := range []string{c.APIKey, rot.APIKey} {
		if r := e.gw("GET", "/contacts", key, nil); r.apiErr().Code != wire.CodeKeyRevoked {
			t.Fatalf("after revoke: %s", r.body)
		}
	}
	d := e.getKey(a, k.KeyID)
	kinds := []string{}
	for _, ev := range d.Audit {
		kinds = append(kinds, ev.Kind)
	}
	want := "revoked,rotated,updated,permissions_changed,new_ip,created"
	if strings.Join(kinds, ",") != want {
		t.Fatalf("audit %v, want %s", kinds, want)
	}
	if d.Status != "revoked" || d.RevokedAt == nil || d.RequestCount != 4 || d.ErrorCount != 3 || d.LastUsed == nil {
		t.Fatalf("details: %+v", d.Key)
	}
	if strings.Contains(d.Audit[1].Detail["masked_key"].(string), rot.APIKey) {
		t.Fatal("secret in audit")
	}
	// Filters.
	var l wire.KeyList
	e.req("GET", "/api/v1/platform/api-keys?status=revoked", nil, bearerH(a.tok)...).decode(t, &l)
	if l.Total != 1 {
		t.Fatalf("revoked filter: %+v", l)
	}
	e.req("GET", "/api/v1/platform/api-keys?status=active", nil, bearerH(a.tok)...).decode(t, &l)
	if l.Total != 0 {
		t.Fatalf("active filter: %+v", l)
	}
	if r := e.req("GET", "/api/v1/platform/api-keys?sort=size", nil, bearerH(a.tok)...); r.status != 400 || r.apiErr().Fields["sort"] == "" {
		t.Fatalf("bad sort: %s", r.body)
	}
}

func TestDeveloperManagesOwnKeys(t *testing.T) {
	e := newEnv(t, envOpts{})
	dtok := e.login("developer@demo.penguinmails.test")
	d := sess{dtok, e.sudo(dtok)}
	k := e.createKey(d, wire.CreateKeyRequest{Name: "dev key", Environment: "test", Permissions: []string{PermSendEmail}})
	if r := e.req("POST", "/api/v1/platform/api-keys/"+k.Key.KeyID+"/rotate", nil, d.h()...); r.status != 200 {
		t.Fatalf("developer rotates own key: %d %s", r.status, r.body)
	}
	if r := e.req("PATCH", "/api/v1/platform/api-keys/"+k.Key.KeyID, map[string]any{"permissions": []string{"manage_billing"}}, d.h()...); r.status != 403 {
		t.Fatalf("developer grants dangerous via patch: %d", r.status)
	}
	// Support can read everything.
	sup := e.login("support@demo.penguinmails.test")
	for _, p := range []string{"/platform/api-keys", "/platform/api-keys/" + k.Key.KeyID, "/platform/api-keys/permissions", "/platform/outbox", "/platform/security-events", "/tenant/analytics/api-usage?range=7d"} {
		if r := e.req("GET", "/api/v1"+p, nil, bearerH(sup)...); r.status != 200 {
			t.Fatalf("support GET %s: %d %s", p, r.status, r.body)
		}
	}
}

func TestKeyValidation(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	now := e.clock.Now()
	cases := []struct {
		body  any
		field string
		msg   string
	}{
		{map[string]any{"name": "", "environment": "live", "permissions": []string{"send_email"}}, "name", apikey.MsgNameInvalid},
		{map[string]any{"name": strings.Repeat("n", 51), "environment": "live", "permissions": []string{"send_email"}}, "name", apikey.MsgNameInvalid},
		{map[string]any{"name": "bad/name", "environment": "live", "permissions": []string{"send_email"}}, "name", apikey.MsgNameChars},
		{map[string]any{"name": "ok", "environment": "live", "permissions": []string{}}, "permissions", apikey.MsgSelectPermission},
		{map[string]any{"name": "ok", "environment": "live"}, "permissions", apikey.MsgSelectPermission},
		{map[string]any{"name": "ok", "environment": "live", "permissions": []string{"send_email", "fly"}}, "permissions", `Unknown permission: "fly"`},
		{map[string]any{"name": "ok", "environment": "prod", "permissions": []string{"send_email"}}, "environment", `Environment must be "live" or "test"`},
		{map[string]any{"name": "ok", "environment": "live", "permissions": []string{"send_email"}, "expires_at": now.Add(-time.Minute)}, "expires_at", "Expiry date must be at least 1 minute in the future"},
		{map[string]any{"name": "ok", "environment": "live", "permissions": []string{"send_email"}, "allowed_ips": []string{"10.0.0.1", "10.0.0.0/33"}}, "allowed_ips", `"10.0.0.0/33" has an invalid prefix length (0-32)`},
		{map[string]any{"name": "ok", "environment": "live", "permissions": []string{"send_email"}, "allowed_ips": []string{"300.1.1.1"}}, "allowed_ips", `"300.1.1.1" is not a valid IP address or CIDR range`},
		{map[string]any{"name": "ok", "environment": "live", "permissions": []string{"send_email"}, "colour": "red", "size": 1}, "colour", "Unknown field"},
		{map[string]any{"name": 5, "environment": "live", "permissions": []string{"send_email"}}, "name", "must be a string"},
		{map[string]any{"name": "ok", "environment": "live", "permissions": "send_email"}, "permissions", "must be an array of strings"},
	}
	for _, c := range cases {
		r := e.req("POST", "/api/v1/platform/api-keys", c.body, a.h()...)
		ae := r.apiErr()
		if r.status != 400 || ae.Code != wire.CodeInvalidRequest || ae.Fields[c.field] != c.msg {
			t.Errorf("%v: %d %s", c.body, r.status, r.body)
		}
	}
	r := e.req("POST", "/api/v1/platform/api-keys", map[string]any{"name": "ok", "colour": "red", "size": 1}, a.h()...)
	if ae := r.apiErr(); ae.Message != "Unknown field(s): colour, size" || ae.Fields["size"] != "Unknown field" {
		t.Errorf("unknown fields: %s", r.body)
	}
	// Malformed JSON says where it broke.
	r = e.req("POST", "/api/v1/platform/api-keys", "{\n  \"name\": \"x\",\n  \"environment\": live\n}", a.h()...)
	if ae := r.apiErr(); r.status != 400 || ae.Code != wire.CodeInvalidJSON || !strings.Contains(ae.Message, "line 3, column 18") {
		t.Errorf("malformed: %d %s", r.status, r.body)
	}
	r = e.req("POST", "/api/v1/platform/api-keys", `{"name": "x"`, a.h()...)
	if ae := r.apiErr(); ae.Code != wire.CodeInvalidJSON || !strings.Contains(ae.Message, "offset 12") {
		t.Errorf("truncated JSON: %s", r.body)
	}
	// Oversize bodies.
	big := `{"name":"` + strings.Repeat("a", 1<<20) + `"}`
	r = e.req("POST", "/api/v1/platform/api-keys", big, a.h()...)
	if ae := r.apiErr(); r.status != http.StatusRequestEntityTooLarge || ae.Code != wire.CodePayloadTooLarge || ae.Message != wire.MsgPayloadTooLarge {
		t.Errorf("oversize: %d %s", r.status, r.body)
	}
	// PATCH checks too.
	k := e.createKey(a, allPerms("live"))
	r = e.req("PATCH", "/api/v1/platform/api-keys/"+k.Key.KeyID, map[string]any{"permissions": []string{}, "allowed_ips": []string{"nope"}}, a.h()...)
	if ae := r.apiErr(); r.status != 400 || ae.Fields["permissions"] != apikey.MsgSelectPermission || ae.Fields["allowed_ips"] == "" {
		t.Errorf("patch validation: %s", r.body)
	}
	var cat wire.PermissionCatalog
	e.req("GET", "/api/v1/platform/api-keys/permissions", nil, bearerH(a.tok)...).decode(t, &cat)
	dangerous := 0
	for _, c := range cat.Categories {
		for _, p := range c.Permissions {
			if p.Dangerous {
				dangerous++
			}
			if p.Label == "" || p.Description == "" {
				t.Errorf("permission %s without label/description", p.ID)
			}
		}
	}
	if dangerous != 3 || cat.Presets["full_access"][0] != PermFullAccess {
		t.Errorf("catalog: %+v", cat)
	}
	// The presets as the docs define them: every read permission, and only
	// the email permissions.
	if got := strings.Join(cat.Presets["read_only"], ","); got != "read_campaigns,read_contacts,read_analytics,read_inbox" {
		t.Errorf("read_only preset = %s", got)
	}
	if got := strings.Join(cat.Presets["email_sending"], ","); got != "send_email,send_bulk_email" {
		t.Errorf("email_sending preset = %s", got)
	}
	if l := cat.Categories[0].Permissions[1].Label; l != "Send bulk email (requires approval)" {
		t.Errorf("bulk label = %q", l)
	}
}

func TestPublicEndpoints(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, allPerms("live")).APIKey
	// emails
	r := e.gw("POST", "/emails/send", k, map[string]any{"to": []string{"a@example.com", "not an address"}, "subject": "s", "text_body": "b"})
	if r.status != 400 || r.apiErr().Fields["to"] != `"not an address" is not a valid email address` {
		t.Fatalf("bad to: %s", r.body)
	}
	if r := e.gw("POST", "/emails/send", k, map[string]any{"to": "a@example.com"}); r.status != 400 || r.apiErr().Fields["subject"] == "" {
		t.Fatalf("no subject: %s", r.body)
	}
	var sent wire.SendEmailResponse
	r = e.gw("POST", "/emails/send", k, map[string]any{"to": "a@example.com", "subject": "Welcome", "html_body": "<p>hi</p>", "tags": []string{"welcome"}})
	r.decode(t, &sent)
	if r.status != 202 || sent.Status != "queued" || sent.To[0] != "a@example.com" || !strings.HasPrefix(sent.ID, "em_") {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	var em wire.Email
	e.gw("GET", "/emails/"+sent.ID, k, nil).decode(t, &em)
	if em.Subject != "Welcome" || !strings.Contains(em.From, "no-reply@demo-tenant.penguinmails.test") {
		t.Fatalf("get email: %+v", em)
	}
	if r := e.gw("GET", "/emails/em_nope", k, nil); r.status != 404 {
		t.Fatalf("missing email: %d", r.status)
	}
	var ob wire.Outbox
	e.req("GET", "/api/v1/platform/outbox", nil, bearerH(a.tok)...).decode(t, &ob)
	if !slices.ContainsFunc(ob.Emails, func(m wire.OutboxEmail) bool { return m.ID == sent.ID }) {
		t.Fatalf("outbox: %+v", ob)
	}
	// contacts
	if r := e.gw("POST", "/contacts", k, map[string]any{"email": "Bob@Example.com", "first_name": "Bob", "tags": []string{"vip"}}); r.status != 201 {
		t.Fatalf("contact: %d %s", r.status, r.body)
	}
	if r := e.gw("POST", "/contacts", k, map[string]any{"email": "bob@example.com"}); r.status != 400 || r.apiErr().Fields["email"] != "A contact with this email already exists" {
		t.Fatalf("duplicate contact: %s", r.body)
	}
	e.clock.Advance(time.Second)
	e.gw("POST", "/contacts", k, map[string]any{"email": "carol@example.com"})
	var cl wire.ContactList
	e.gw("GET", "/contacts", k, nil).decode(t, &cl)
	if cl.Total != 2 || cl.Contacts[0].Email != "carol@example.com" {
		t.Fatalf("contacts: %+v", cl)
	}
	// campaigns
	var cp wire.Campaign
	r = e.gw("POST", "/campaigns", k, map[string]any{"name": "Spring", "subject": "Sale", "contact_tags": []string{"vip"}, "scheduled_at": e.clock.Now().Add(time.Hour)})
	r.decode(t, &cp)
	if r.status != 201 || cp.Status != "scheduled" {
		t.Fatalf("campaign: %d %s", r.status, r.body)
	}
	var st wire.CampaignStats
	e.gw("GET", "/analytics/campaigns/"+cp.ID, k, nil).decode(t, &st)
	if st.Recipients != 1 || st.Sent != 0 || st.Status != "scheduled" {
		t.Fatalf("stats before: %+v", st)
	}
	e.clock.Advance(2 * time.Hour)
	e.gw("GET", "/analytics/campaigns/"+cp.ID, k, nil).decode(t, &st)
	if st.Sent != 1 || st.Status != "sent" {
		t.Fatalf("stats after: %+v", st)
	}
	var cpl wire.CampaignList
	e.gw("GET", "/campaigns", k, nil).decode(t, &cpl)
	if cpl.Total != 1 {
		t.Fatalf("campaigns: %+v", cpl)
	}
	if r := e.gw("DELETE", "/contacts/bob@example.com", k, nil); r.status != 200 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := e.gw("DELETE", "/contacts/bob@example.com", k, nil); r.status != 404 {
		t.Fatalf("delete again: %d", r.status)
	}
	if r := e.gw("POST", "/contacts", k, `{"email": "x@example.com", "nickname": "x"}`); r.status != 400 || r.apiErr().Fields["nickname"] != "Unknown field" {
		t.Fatalf("unknown field on gateway: %s", r.body)
	}
	if r := e.req("GET", "/healthz", nil); r.status != 200 || strings.TrimSpace(string(r.body)) != `{"status":"ok"}` {
		t.Fatalf("healthz: %s", r.body)
	}
}

func TestNotifications(t *testing.T) {
	e := newEnv(t, envOpts{})
	dtok := e.login("developer@demo.penguinmails.test")
	d := sess{dtok, e.sudo(dtok)}
	k := e.createKey(d, wire.CreateKeyRequest{Name: "dev", Environment: "test", Permissions: []string{PermSendEmail}})
	sup := e.login("support@demo.penguinmails.test")
	var nr wire.NotificationResponse
	r := e.req("POST", "/api/v1/platform/notifications", wire.NotificationRequest{Kind: "key_expiry", KeyID: k.Key.KeyID, Subject: "Key expires soon", Body: "Rotate it."}, bearerH(sup)...)
	r.decode(t, &nr)
	if r.status != 202 || len(nr.Recipients) != 2 || nr.Recipients[0] != "admin@demo.penguinmails.test" || nr.Recipients[1] != "developer@demo.penguinmails.test" {
		t.Fatalf("notify: %d %s", r.status, r.body)
	}
	if r := e.req("POST", "/api/v1/platform/notifications", map[string]any{"kind": "party", "subject": "", "body": "x"}, bearerH(sup)...); r.status != 400 || len(r.apiErr().Fields) != 2 {
		t.Fatalf("bad notify: %s", r.body)
	}
	var ob wire.Outbox
	e.req("GET", "/api/v1/platform/outbox", nil, bearerH(sup)...).decode(t, &ob)
	ob.Emails = slices.DeleteFunc(ob.Emails, func(m wire.OutboxEmail) bool { return m.Kind == wire.NotifyKeyChange })
	if len(ob.Emails) != 1 || ob.Emails[0].Subject != "Key expires soon" || ob.Emails[0].Kind != "key_expiry" {
		t.Fatalf("outbox: %+v", ob)
	}
}

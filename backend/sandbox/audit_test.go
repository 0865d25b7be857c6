package sandbox

import (
	"encoding/csv"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

func (e *env) auditPage(tok string, q url.Values) wire.AuditPage {
	e.t.Helper()
	return getOK[wire.AuditPage](e, tok, "/api/v1/tenant/audit", q)
}

// Every platform change and attempt becomes a tenant-wide audit entry with
// the actor, role, IP and user agent.
func TestAuditEntriesForEachAction(t *testing.T) {
	e := newEnv(t, envOpts{})
	const ua = "audit-test/1.0"
	admin := "admin@demo.penguinmails.test"
	e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: admin, Password: "Wr0ng-Secret-77"}, "User-Agent", ua)
	tok := e.login(admin)
	e.req("POST", "/api/v1/auth/sudo", wire.SudoRequest{Password: "Wr0ng-Secret-77"}, append(bearerH(tok), "User-Agent", ua)...)
	a := sess{tok, e.sudo(tok)}
	h := append(a.h(), "User-Agent", ua)
	var k wire.CreateKeyResponse
	e.req("POST", "/api/v1/platform/api-keys", wire.CreateKeyRequest{Name: "Audited", Environment: "live",
		Permissions: []string{PermSendEmail}}, h...).decode(t, &k)
	e.req("PATCH", "/api/v1/platform/api-keys/"+k.Key.KeyID, map[string]any{"name": "Renamed",
		"permissions": []string{PermSendEmail, PermReadContacts}}, h...)
	e.req("POST", "/api/v1/platform/api-keys/"+k.Key.KeyID+"/rotate", nil, h...)
	e.req("DELETE", "/api/v1/platform/api-keys/"+k.Key.KeyID, nil, h...)
	e.req("POST", "/api/v1/platform/notifications", wire.NotificationRequest{Kind: wire.NotifyKeyExpiry,
		KeyID: k.Key.KeyID, Subject: "Expiring", Body: "Soon"}, append(bearerH(tok), "User-Agent", ua)...)
	e.gw("GET", "/contacts", k.APIKey, nil) // a revoked key used: a security event
	// an IP violation: a security event and the platform's own alert email
	var fenced wire.CreateKeyResponse
	e.req("POST", "/api/v1/platform/api-keys", wire.CreateKeyRequest{Name: "Fenced", Environment: "live",
		Permissions: []string{PermSendEmail}, AllowedIPs: []string{"203.0.113.0/24"}}, h...).decode(t, &fenced)
	e.gw("GET", "/emails/em_x", fenced.APIKey, nil)

	p := e.auditPage(tok, url.Values{"limit": {"200"}})
	byAction := map[string]wire.AuditEntry{}
	for _, en := range p.Entries {
		if en.Target == fenced.Key.KeyID || en.Actor == "system" {
			continue // the IP violation's entries are checked below
		}
		if _, ok := byAction[en.Action]; !ok {
			byAction[en.Action] = en // newest of each
		}
	}
	for _, action := range []string{wire.AuditSignInFailed, wire.AuditSignIn, wire.AuditSudoFailed,
		wire.AuditSudoConfirmed, wire.AuditKeyCreated, wire.AuditKeyUpdated, wire.AuditPermissions,
		wire.AuditKeyRotated, wire.AuditKeyRevoked, wire.AuditNotification, wire.AuditSecurityEvent} {
		en, ok := byAction[action]
		if !ok {
			t.Errorf("no %s entry", action)
			continue
		}
		if en.IP != "127.0.0.1" || en.At.IsZero() || !strings.HasPrefix(en.ID, "aud_") {
			t.Errorf("%s: ip %q at %v id %q", action, en.IP, en.At, en.ID)
		}
		if action == wire.AuditSecurityEvent {
			if en.Actor != "api" || en.Target != k.Key.KeyID {
				t.Errorf("security event entry %+v", en)
			}
			continue
		}
		wantUA := ua
		if action == wire.AuditSignIn || action == wire.AuditSudoConfirmed {
			wantUA = "Go-http-client/1.1" // the helpers' own requests
		}
		if en.Actor != admin || en.Role != wire.RoleAdmin || en.UserAgent != wantUA {
			t.Errorf("%s: actor %q role %q ua %q", action, en.Actor, en.Role, en.UserAgent)
		}
	}
	var alert *wire.AuditEntry
	for _, en := range p.Entries {
		if en.Action == wire.AuditNotification && en.Actor == "system" {
			alert = &en
			break
		}
	}
	if alert == nil || alert.Detail["key_id"] != fenced.Key.KeyID || alert.Detail["kind"] != wire.NotifySecurity || alert.IP != "127.0.0.1" {
		t.Errorf("the IP violation's alert email is not audited as sent by system: %+v", alert)
	}
	perm := byAction[wire.AuditPermissions]
	before, _ := perm.Detail["before"].([]any)
	after, _ := perm.Detail["after"].([]any)
	if len(before) != 1 || len(after) != 2 || perm.Target != k.Key.KeyID {
		t.Errorf("permissions entry: %+v", perm)
	}
	upd := byAction[wire.AuditKeyUpdated]
	if b, _ := upd.Detail["before"].(map[string]any); b["name"] != "Audited" {
		t.Errorf("update entry: %+v", upd)
	}
	// the entries carry no secret
	raw := e.req("GET", "/api/v1/tenant/audit?limit=200", nil, bearerH(tok)...).body
	if strings.Contains(string(raw), k.APIKey) || strings.Contains(string(raw), "Wr0ng-Secret-77") {
		t.Errorf("audit holds a secret: %s", raw)
	}

	// filters
	check := func(q url.Values, want func(wire.AuditEntry) bool, min int) {
		t.Helper()
		p := e.auditPage(tok, q)
		if len(p.Entries) < min {
			t.Errorf("%s: %d entries", q.Encode(), len(p.Entries))
		}
		for _, en := range p.Entries {
			if !want(en) {
				t.Errorf("%s: entry %+v", q.Encode(), en)
			}
		}
	}
	check(url.Values{"action": {wire.AuditKeyRotated}}, func(en wire.AuditEntry) bool { return en.Action == wire.AuditKeyRotated }, 1)
	check(url.Values{"target": {k.Key.KeyID}}, func(en wire.AuditEntry) bool { return en.Target == k.Key.KeyID }, 6)
	check(url.Values{"actor": {"API"}}, func(en wire.AuditEntry) bool { return en.Actor == "api" }, 1)
	check(url.Values{"actor": {admin}, "action": {wire.AuditSignIn}}, func(en wire.AuditEntry) bool {
		return en.Actor == admin && en.Action == wire.AuditSignIn
	}, 1)
	if r := e.req("GET", "/api/v1/tenant/audit?action=dance", nil, bearerH(tok)...); r.status != 400 || r.apiErr().Fields["action"] == "" {
		t.Errorf("bad action: %d %s", r.status, r.body)
	}
	// paging: every entry once
	seen := map[string]bool{}
	for cursor, pages := "", 0; pages == 0 || cursor != ""; pages++ {
		q := url.Values{"limit": {"3"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		p := e.auditPage(tok, q)
		for _, en := range p.Entries {
			if seen[en.ID] {
				t.Errorf("%s twice", en.ID)
			}
			seen[en.ID] = true
		}
		cursor = p.NextCursor
	}
	if len(seen) != len(e.auditPage(tok, url.Values{"limit": {"200"}}).Entries) {
		t.Errorf("paging saw %d entries", len(seen))
	}
	// the CSV export has them all
	r := e.req("GET", "/api/v1/tenant/audit.csv", nil, bearerH(tok)...)
	rows, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil || len(rows) != len(seen)+1 || !slices.Equal(rows[0][:3], []string{"at", "id", "action"}) {
		t.Errorf("audit.csv: %v, %d rows for %d entries", err, len(rows), len(seen))
	}
}

// Audit entries are kept 90 days.
func TestAuditRetention(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.login("admin@demo.penguinmails.test")
	e.clock.Advance(89 * 24 * time.Hour)
	e.srv.pruneLogs()
	tok := e.login("admin@demo.penguinmails.test")
	if n := len(e.auditPage(tok, url.Values{"action": {wire.AuditSignIn}}).Entries); n != 2 {
		t.Fatalf("after 89 days: %d sign-ins", n)
	}
	e.clock.Advance(2 * 24 * time.Hour)
	e.srv.pruneLogs()
	tok = e.login("admin@demo.penguinmails.test")
	if n := len(e.auditPage(tok, url.Values{"action": {wire.AuditSignIn}}).Entries); n != 2 {
		t.Errorf("after 91 days: %d sign-ins, want the 2 recent ones", n)
	}
}

// A guessed address at the tenant's domain is audited by that tenant, and
// the failure that starts a lockout says so; an address of no tenant's
// domain reaches no tenant's audit.
func TestAuditUnknownEmailsAndLockouts(t *testing.T) {
	e := newEnv(t, envOpts{})
	guess := "ceo@demo.penguinmails.test"
	for i := 0; i < pairMax; i++ {
		e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: guess, Password: "guess-" + string(rune('a'+i))})
	}
	e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: "root@elsewhere.example", Password: "x"})
	tok := e.login("admin@demo.penguinmails.test")
	p := e.auditPage(tok, url.Values{"action": {wire.AuditSignInFailed}, "limit": {"50"}})
	var guesses []wire.AuditEntry
	for _, en := range p.Entries {
		if en.Target == "root@elsewhere.example" {
			t.Errorf("an address of no tenant's domain was audited: %+v", en)
		}
		if en.Target == guess {
			guesses = append(guesses, en)
		}
	}
	// One IP's failures within a minute are one entry (signinfolds.go).
	if len(guesses) != 1 || guesses[0].Count != pairMax {
		t.Fatalf("entries for the guessed address: %+v, want one counting %d", guesses, pairMax)
	}
	en := guesses[0]
	if en.Detail["reason"] != "unknown_email" || en.Role != "" || en.IP != "127.0.0.1" {
		t.Errorf("guessed address entry: %+v", en)
	}
	if s, _ := en.Detail["locked_out_seconds"].(float64); s <= 0 {
		t.Errorf("the entry of the failures that started the lockout does not say so: %+v", en.Detail)
	}
}

// The failures of a real user are entries of their own, each saying whether
// it started a lockout.
func TestAuditWrongPasswordsAreNotFolded(t *testing.T) {
	e := newEnv(t, envOpts{})
	const dev = "developer@demo.penguinmails.test"
	for i := 0; i < pairMax; i++ {
		e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: dev, Password: "guess-" + string(rune('a'+i))})
	}
	tok := e.login("admin@demo.penguinmails.test")
	got := e.auditPage(tok, url.Values{"action": {wire.AuditSignInFailed}, "actor": {dev}}).Entries
	if len(got) != pairMax {
		t.Fatalf("%d entries for %d wrong passwords", len(got), pairMax)
	}
	if s, _ := got[0].Detail["locked_out_seconds"].(float64); s <= 0 || got[0].Count != 0 {
		t.Errorf("the failure that started the lockout: %+v", got[0])
	}
	if _, ok := got[1].Detail["locked_out_seconds"]; ok {
		t.Errorf("an earlier failure claims a lockout: %+v", got[1].Detail)
	}
}

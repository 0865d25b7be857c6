package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

func (e *env) notify(tok, idemKey string, req wire.NotificationRequest) resp {
	e.t.Helper()
	h := bearerH(tok)
	if idemKey != "" {
		h = append(h, wire.IdempotencyHeader, idemKey)
	}
	return e.req("POST", "/api/v1/platform/notifications", req, h...)
}

func (e *env) outbox(tok, kind string) []wire.OutboxEmail {
	e.t.Helper()
	var ob wire.Outbox
	e.req("GET", "/api/v1/platform/outbox", nil, bearerH(tok)...).decode(e.t, &ob)
	var out []wire.OutboxEmail
	for _, m := range ob.Emails {
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

// The same Idempotency-Key within 30 days answers 200 with the first answer
// and sends nothing, whatever the body says this time, at the same moment
// from many callers, and after a restart; after
// 30 days, or with another key, it sends again.
func TestNotificationIdempotency(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, envOpts{dir: dir})
	t0 := e.clock.Now()
	admin := e.login("admin@demo.penguinmails.test") // few sign-ins: bcrypt is slow under -race
	const key = "error_rate:2026-03-02T10:00:00Z"
	req := wire.NotificationRequest{Kind: wire.NotifyErrorRate, Subject: "Error rate 40%", Body: "Many requests failed."}

	r := e.notify(admin, key, req)
	var first wire.NotificationResponse
	r.decode(t, &first)
	if r.status != http.StatusAccepted || first.ID == "" {
		t.Fatalf("first: %d %s", r.status, r.body)
	}

	// Another console words it differently a minute later: same event.
	e.clock.Advance(time.Minute)
	again := req
	again.Subject, again.Body = "Error rate 41%", "Even more requests failed."
	r = e.notify(admin, key, again)
	if r.status != http.StatusOK || strings.TrimSpace(string(r.body)) != mustJSON(t, first) {
		t.Fatalf("repeat: %d %s, want 200 %s", r.status, r.body, mustJSON(t, first))
	}

	// Ten callers at once with a new key: one email.
	const key2 = "rate_limit:2026-03-02T10:00:00Z"
	var wg sync.WaitGroup
	statuses := make([]int, 10)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.notify(admin, key2, wire.NotificationRequest{Kind: wire.NotifyRateLimit, Subject: "429s", Body: "Slow down."}).status
		}()
	}
	wg.Wait()
	accepted := 0
	for _, s := range statuses {
		switch s {
		case http.StatusAccepted:
			accepted++
		case http.StatusOK:
		default:
			t.Fatalf("concurrent: %v", statuses)
		}
	}
	if accepted != 1 || len(e.outbox(admin, wire.NotifyRateLimit)) != 1 {
		t.Fatalf("concurrent callers: %v, outbox %d", statuses, len(e.outbox(admin, wire.NotifyRateLimit)))
	}
	if got := e.outbox(admin, wire.NotifyErrorRate); len(got) != 1 || got[0].Subject != "Error rate 40%" {
		t.Fatalf("outbox after a repeat: %+v", got)
	}

	// Without a key every call sends, as before.
	for range 2 {
		if r := e.notify(admin, "", req); r.status != http.StatusAccepted {
			t.Fatalf("no key: %d %s", r.status, r.body)
		}
	}
	if n := len(e.outbox(admin, wire.NotifyErrorRate)); n != 3 {
		t.Fatalf("without a key: %d emails", n)
	}

	// Durable: a restart still knows the key.
	e.srv.Close()
	e2 := newEnv(t, envOpts{dir: dir})
	e2.clock.Set(t0.Add(30*24*time.Hour - time.Second))
	admin2 := e2.login("admin@demo.penguinmails.test") // the session of 30 days ago has expired
	if r := e2.notify(admin2, key, req); r.status != http.StatusOK {
		t.Fatalf("after a restart, 1 s before 30 days: %d %s", r.status, r.body)
	}
	e2.clock.Set(t0.Add(30 * 24 * time.Hour))
	if r := e2.notify(admin2, key, req); r.status != http.StatusAccepted {
		t.Fatalf("after 30 days: %d %s", r.status, r.body)
	}
	if n := len(e2.outbox(admin2, wire.NotifyErrorRate)); n != 4 {
		t.Fatalf("after 30 days: %d emails", n)
	}

	// Another tenant's identical key is its own event.
	if _, _, err := e2.srv.SeedTenant("Other Co", "starter", testPassword); err != nil {
		t.Fatal(err)
	}
	other := e2.login("admin@other-co.penguinmails.test")
	if r := e2.notify(other, key2, req); r.status != http.StatusAccepted {
		t.Fatalf("another tenant: %d %s", r.status, r.body)
	}
}

// A bad Idempotency-Key is refused by name and sends nothing.
func TestNotificationIdempotencyKeyInput(t *testing.T) {
	e := newEnv(t, envOpts{})
	admin := e.login("admin@demo.penguinmails.test")
	req := wire.NotificationRequest{Kind: wire.NotifyErrorRate, Subject: "s", Body: "b"}
	for name, key := range map[string]string{
		"too long":         strings.Repeat("k", wire.MaxIdempotencyKey+1),
		"blank":            "   ",
		"control char":     "key\tx",
		"many characters ": strings.Repeat("é", wire.MaxIdempotencyKey+1),
	} {
		r := e.notify(admin, key, req)
		if r.status != 400 || r.apiErr().Fields[wire.IdempotencyHeader] == "" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	r := e.req("POST", "/api/v1/platform/notifications", req, append(bearerH(admin), wire.IdempotencyHeader, "a")...)
	if r.status != 202 {
		t.Fatalf("a one-character key: %d %s", r.status, r.body)
	}
	if n := len(e.outbox(admin, wire.NotifyErrorRate)); n != 1 {
		t.Fatalf("refused keys sent %d emails", n-1)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The platform reminds by itself of keys expiring within 7 days, once per
// key and expiry date, under the key the consoles use: a console asking
// afterwards gets the platform's answer and sends nothing.
func TestPlatformRemindsUnderTheConsolesKey(t *testing.T) {
	e := newEnv(t, envOpts{})
	t0 := e.clock.Now()
	a := e.admin() // one sign-in: bcrypt is slow under -race
	in3, in10, in2 := t0.Add(3*24*time.Hour), t0.Add(10*24*time.Hour), t0.Add(2*24*time.Hour)
	soon := e.createKey(a, wire.CreateKeyRequest{Name: "Soon", Environment: "test", Permissions: []string{PermSendEmail}, ExpiresAt: &in3})
	e.createKey(a, wire.CreateKeyRequest{Name: "Later", Environment: "test", Permissions: []string{PermSendEmail}, ExpiresAt: &in10})
	gone := e.createKey(a, wire.CreateKeyRequest{Name: "Gone", Environment: "test", Permissions: []string{PermSendEmail}, ExpiresAt: &in2})
	if r := e.req("DELETE", "/api/v1/platform/api-keys/"+gone.Key.KeyID, nil, a.h()...); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}

	for i, want := range []int{1, 0} {
		if n, err := e.srv.remindExpiring(); err != nil || n != want {
			t.Fatalf("run %d: sent %d (%v), want %d", i, n, err, want)
		}
	}
	mails := e.outbox(a.tok, wire.NotifyKeyExpiry)
	if len(mails) != 1 || mails[0].KeyID != soon.Key.KeyID || !strings.Contains(mails[0].Body, soon.Key.MaskedKey) ||
		strings.Join(mails[0].To, ",") != "admin@demo.penguinmails.test" {
		t.Fatalf("platform reminders: %+v", mails)
	}
	r := e.notify(a.tok, wire.ReminderIdempotencyKey(soon.Key.KeyID, in3), wire.NotificationRequest{
		Kind: wire.NotifyKeyExpiry, KeyID: soon.Key.KeyID, Subject: "Soon expires in 3 days", Body: "Rotate it."})
	var res wire.NotificationResponse
	r.decode(t, &res)
	if r.status != http.StatusOK || res.ID != mails[0].ID {
		t.Fatalf("a console after the platform: %d %s", r.status, r.body)
	}
	if n := len(e.outbox(a.tok, wire.NotifyKeyExpiry)); n != 1 {
		t.Fatalf("%d reminders", n)
	}
	var au wire.AuditPage
	e.req("GET", "/api/v1/tenant/audit?action="+wire.AuditNotification, nil, bearerH(a.tok)...).decode(t, &au)
	if len(au.Entries) != 1 || au.Entries[0].Actor != wire.ActorSystem || au.Entries[0].Target != mails[0].ID {
		t.Fatalf("audit: %+v", au.Entries)
	}
}

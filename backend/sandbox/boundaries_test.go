package sandbox

import (
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// The rotation grace lasts exactly 24 hours and expiry is exact, checked a
// second either side on the fake clock.
func TestGraceAndExpiryBoundaries(t *testing.T) {
	e := newEnv(t, envOpts{})
	t0 := e.clock.Now()
	a := e.admin()
	k := e.createKey(a, wire.CreateKeyRequest{Name: "Boundaries", Environment: "live", Permissions: []string{PermReadContacts}, ExpiresAt: timePtr(t0.Add(48 * time.Hour))})
	var rot wire.RotateKeyResponse
	r := e.req("POST", "/api/v1/platform/api-keys/"+k.Key.KeyID+"/rotate", nil, a.h()...)
	r.decode(t, &rot)
	if r.status != 200 || !rot.PreviousKeyExpiresAt.Equal(t0.Add(24*time.Hour)) || rot.APIKey == k.APIKey {
		t.Fatalf("rotate: %d %s", r.status, r.body)
	}
	if rot.Key.Rotation == nil || rot.Key.Rotation.PreviousMaskedKey != k.Key.MaskedKey {
		t.Fatalf("rotation missing: %s", r.body)
	}
	status := func(key string) (int, string) {
		r := e.gw("GET", "/contacts", key, nil)
		return r.status, r.apiErr().Code
	}
	at := func(d time.Duration) { e.clock.Set(t0.Add(d)) }

	at(24*time.Hour - time.Second)
	if s, c := status(k.APIKey); s != 200 {
		t.Fatalf("old secret 1 s before the grace ends: %d %s", s, c)
	}
	if s, _ := status(rot.APIKey); s != 200 {
		t.Fatalf("new secret: %d", s)
	}
	s2 := e.admin()
	d := e.getKey(s2, k.Key.KeyID)
	if d.Rotation == nil || d.Rotation.PreviousRequests != 1 || d.Rotation.PreviousLastUsed == nil || !d.Rotation.PreviousLastUsed.Equal(t0.Add(24*time.Hour-time.Second)) {
		t.Fatalf("rotation usage not tracked: %+v", d.Rotation)
	}
	at(24 * time.Hour)
	if s, c := status(k.APIKey); s != 401 || c != wire.CodeKeyRevoked {
		t.Fatalf("old secret at exactly 24 h: %d %s", s, c)
	}
	at(24*time.Hour + time.Second)
	if s, c := status(k.APIKey); s != 401 || c != wire.CodeKeyRevoked {
		t.Fatalf("old secret 1 s after the grace: %d %s", s, c)
	}
	if s, _ := status(rot.APIKey); s != 200 {
		t.Fatalf("new secret after grace: %d", s)
	}

	at(48*time.Hour - time.Second)
	if s, c := status(rot.APIKey); s != 200 {
		t.Fatalf("1 s before expiry: %d %s", s, c)
	}
	at(48 * time.Hour)
	if s, c := status(rot.APIKey); s != 401 || c != wire.CodeKeyExpired {
		t.Fatalf("at expiry: %d %s", s, c)
	}
	at(48*time.Hour + time.Second)
	r = e.gw("GET", "/contacts", rot.APIKey, nil)
	if ae := r.apiErr(); r.status != 401 || ae.Message != wire.KeyExpiredMessage(t0.Add(48*time.Hour).Format(time.RFC3339)) {
		t.Fatalf("after expiry: %d %s", r.status, r.body)
	}
	s3 := e.admin()
	if d := e.getKey(s3, k.Key.KeyID); d.Status != wire.StatusExpired || d.Rotation != nil {
		t.Fatalf("status %s rotation %+v", d.Status, d.Rotation)
	}
}

// A sudo token opens sensitive actions for exactly 15 minutes; sessions for 12 hours.
func TestSudoAndSessionWindows(t *testing.T) {
	e := newEnv(t, envOpts{})
	t0 := e.clock.Now()
	a := e.admin()
	create := func() resp {
		return e.req("POST", "/api/v1/platform/api-keys", wire.CreateKeyRequest{Name: "w", Environment: "test", Permissions: []string{PermSendEmail}}, a.h()...)
	}
	e.clock.Set(t0.Add(15*time.Minute - time.Second))
	if r := create(); r.status != 201 {
		t.Fatalf("sudo 1 s before 15 min: %d %s", r.status, r.body)
	}
	e.clock.Set(t0.Add(15 * time.Minute))
	if r := create(); r.status != 403 || r.apiErr().Code != wire.CodeSudoRequired {
		t.Fatalf("sudo at 15 min: %d %s", r.status, r.body)
	}
	e.clock.Set(t0.Add(15*time.Minute + time.Second))
	if r := create(); r.status != 403 || r.apiErr().Code != wire.CodeSudoRequired {
		t.Fatalf("sudo after 15 min: %d %s", r.status, r.body)
	}
	var me wire.MeResponse
	e.req("GET", "/api/v1/auth/me", nil, bearerH(a.tok)...).decode(t, &me)
	if !me.ExpiresAt.Equal(t0.Add(12*time.Hour)) || me.User.Role != "admin" || me.Tenant.Name != "Demo Tenant" || me.Tenant.Plan != "professional" {
		t.Fatalf("me: %+v", me)
	}
	e.clock.Set(t0.Add(12*time.Hour - time.Second))
	if r := e.req("GET", "/api/v1/auth/me", nil, bearerH(a.tok)...); r.status != 200 {
		t.Fatalf("session 1 s before 12 h: %d", r.status)
	}
	e.clock.Set(t0.Add(12 * time.Hour))
	if r := e.req("GET", "/api/v1/auth/me", nil, bearerH(a.tok)...); r.status != 401 {
		t.Fatalf("session at 12 h: %d", r.status)
	}
}

// Failed logins and sudo attempts are limited to 5 per 15 minutes.
func TestPasswordAttemptsLimited(t *testing.T) {
	e := newEnv(t, envOpts{})
	bad := wire.LoginRequest{Email: "developer@demo.penguinmails.test", Password: "wrong"}
	for i := 0; i < 5; i++ {
		if r := e.req("POST", "/api/v1/auth/login", bad); r.status != 401 {
			t.Fatalf("attempt %d: %d", i, r.status)
		}
	}
	r := e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: bad.Email, Password: testPassword})
	ae := r.apiErr()
	if r.status != 429 || ae.Code != wire.CodeTooManyAttempts || ae.RetryAfter != 900 || r.header.Get("Retry-After") != "900" ||
		ae.Message != "Too many failed attempts. Try again in 15 minutes." {
		t.Fatalf("6th attempt: %d %s", r.status, r.body)
	}
	// Another account is not affected.
	e.login("support@demo.penguinmails.test")
	e.clock.Advance(15 * time.Minute)
	e.login(bad.Email)

	tok := e.login("admin@demo.penguinmails.test")
	for i := 0; i < 5; i++ {
		e.req("POST", "/api/v1/auth/sudo", wire.SudoRequest{Password: "wrong"}, bearerH(tok)...)
	}
	r = e.req("POST", "/api/v1/auth/sudo", wire.SudoRequest{Password: testPassword}, bearerH(tok)...)
	if r.status != 429 || r.apiErr().Code != wire.CodeTooManyAttempts {
		t.Fatalf("6th sudo: %d %s", r.status, r.body)
	}
}

func TestTestClockControl(t *testing.T) {
	off := newEnv(t, envOpts{})
	if r := off.req("POST", "/api/v1/_test/clock", map[string]any{"advance_seconds": 10}); r.status != 404 {
		t.Fatalf("without the flag: %d", r.status)
	}
	on := newEnv(t, envOpts{testControls: true})
	t0 := on.clock.Now()
	var out struct{ Now time.Time }
	on.req("POST", "/api/v1/_test/clock", map[string]any{"advance_seconds": 90}).decode(t, &out)
	if !out.Now.Equal(t0.Add(90 * time.Second)) {
		t.Fatalf("advance: %v", out.Now)
	}
	target := t0.Add(72 * time.Hour)
	on.req("POST", "/api/v1/_test/clock", map[string]any{"set": target}).decode(t, &out)
	if !out.Now.Equal(target) || !on.srv.now().Equal(target) {
		t.Fatalf("set: %v", out.Now)
	}
}

package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// TestRefusedAuth is the table of refusals: every way in without the right
// key, session, sudo token, role or tenant is refused with the exact status,
// code and message — no escapes.
func TestRefusedAuth(t *testing.T) {
	e := newEnv(t, envOpts{})
	t0 := e.clock.Now()
	a := e.admin()
	oldSession, oldSudo := a.tok, a.sudo

	// Keys made at t0: one to expire after an hour, one rotated whose old
	// secret's grace will be over, one rotated twice.
	expiring := e.createKey(a, wire.CreateKeyRequest{Name: "Expiring", Environment: "live", Permissions: []string{PermFullAccess}, ExpiresAt: timePtr(t0.Add(time.Hour))})
	rot := e.createKey(a, allPerms("live"))
	if r := e.req("POST", "/api/v1/platform/api-keys/"+rot.Key.KeyID+"/rotate", nil, a.h()...); r.status != 200 {
		t.Fatalf("rotate: %d %s", r.status, r.body)
	}
	twice := e.createKey(a, allPerms("test"))
	e.req("POST", "/api/v1/platform/api-keys/"+twice.Key.KeyID+"/rotate", nil, a.h()...)
	e.req("POST", "/api/v1/platform/api-keys/"+twice.Key.KeyID+"/rotate", nil, a.h()...)

	e.clock.Advance(25 * time.Hour) // past the hour, the grace, the session and the sudo window
	a = e.admin()
	dev := e.login("developer@demo.penguinmails.test")
	devSudo := e.sudo(dev)
	sup := e.login("support@demo.penguinmails.test")
	supH := append(bearerH(sup), "X-Sudo-Token", "whatever")

	readContacts := e.createKey(a, wire.CreateKeyRequest{Name: "Reader", Environment: "live", Permissions: []string{PermReadContacts}})
	office := e.createKey(a, wire.CreateKeyRequest{Name: "Office", Environment: "live", Permissions: []string{PermFullAccess}, AllowedIPs: []string{"203.0.113.0/24"}})
	v6only := e.createKey(a, wire.CreateKeyRequest{Name: "V6", Environment: "live", Permissions: []string{PermFullAccess}, AllowedIPs: []string{"::1"}})
	revoked := e.createKey(a, allPerms("live"))
	if r := e.req("DELETE", "/api/v1/platform/api-keys/"+revoked.Key.KeyID, nil, a.h()...); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	full := e.createKey(a, allPerms("live"))
	// Tenant A data that tenant B must not reach.
	var sent wire.SendEmailResponse
	e.gw("POST", "/emails/send", full.APIKey, map[string]any{"to": "a@example.com", "subject": "s", "text_body": "b"}).decode(t, &sent)
	var cmp wire.Campaign
	e.gw("POST", "/campaigns", full.APIKey, map[string]any{"name": "A only", "subject": "s"}).decode(t, &cmp)
	e.gw("POST", "/contacts", full.APIKey, map[string]any{"email": "only-a@example.com"})

	// Tenant B.
	_, bUsers, err := e.srv.SeedTenant("Other Corp", "starter", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	bTok := e.login(bUsers[0].Email)
	b := sess{bTok, e.sudo(bTok)}
	bKey := e.createKey(b, allPerms("live"))

	loggedOut := e.login("admin@demo.penguinmails.test")
	e.req("POST", "/api/v1/auth/logout", nil, bearerH(loggedOut)...)

	k := full.APIKey
	forged := func(i int) string {
		bs := []byte(k)
		if bs[i] == 'x' {
			bs[i] = 'y'
		} else {
			bs[i] = 'x'
		}
		return string(bs)
	}
	unknown, _ := apikey.GenerateKey("live")
	expiredMsg := wire.KeyExpiredMessage(t0.Add(time.Hour).Format(time.RFC3339))
	const (
		invTok = wire.CodeInvalidToken
		unauth = wire.CodeUnauthorized
	)
	gwGet := func(key string) func() resp { return func() resp { return e.gw("GET", "/contacts", key, nil) } }
	gwSend := func(key string) func() resp {
		return func() resp {
			return e.gw("POST", "/emails/send", key, map[string]any{"to": "x@example.com", "subject": "s", "text_body": "b"})
		}
	}
	withHdr := func(method, path string, hdr ...string) func() resp {
		return func() resp { return e.req(method, "/api/v1"+path, nil, hdr...) }
	}
	keyPath := "/platform/api-keys/" + full.Key.KeyID
	cases := []struct {
		name    string
		do      func() resp
		status  int
		code    string
		msg     string
		gateway bool
	}{
		{"gateway: no Authorization", withHdr("GET", "/contacts"), 401, invTok, wire.MsgMissingKey, true},
		{"gateway: empty bearer", withHdr("GET", "/contacts", "Authorization", "Bearer "), 401, invTok, wire.MsgMissingKey, true},
		{"gateway: Basic scheme", withHdr("GET", "/contacts", "Authorization", "Basic "+k), 401, invTok, wire.MsgMissingKey, true},
		{"gateway: malformed", gwGet("pm_live_abc"), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: wrong prefix", gwGet("pk_live_" + k[8:]), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: upper-case prefix", gwGet(strings.ToUpper(k[:8]) + k[8:]), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: bad checksum", gwGet(forged(len(k) - 1)), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: forged body", gwGet(forged(20)), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: truncated", gwGet(k[:len(k)-1]), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: extra char", gwGet(k + "A"), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: session token as key", gwGet(a.tok), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: masked key", gwGet(full.Key.MaskedKey), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: unknown well-formed key", gwGet(unknown), 401, invTok, wire.MsgInvalidToken, true},
		{"gateway: revoked", gwGet(revoked.APIKey), 401, wire.CodeKeyRevoked, wire.MsgKeyRevoked, true},
		{"gateway: revoked on send", gwSend(revoked.APIKey), 401, wire.CodeKeyRevoked, wire.MsgKeyRevoked, true},
		{"gateway: old secret after grace", gwGet(rot.APIKey), 401, wire.CodeKeyRevoked, wire.MsgKeyRevoked, true},
		{"gateway: secret retired by a second rotation", gwGet(twice.APIKey), 401, wire.CodeKeyRevoked, wire.MsgKeyRevoked, true},
		{"gateway: expired", gwGet(expiring.APIKey), 401, wire.CodeKeyExpired, expiredMsg, true},
		{"gateway: outside CIDR", gwGet(office.APIKey), 403, wire.CodeIPNotAllowed, wire.MsgIPNotAllowed, true},
		{"gateway: IPv6-only key from IPv4", gwSend(v6only.APIKey), 403, wire.CodeIPNotAllowed, wire.MsgIPNotAllowed, true},
		{"gateway: wrong scope send", gwSend(readContacts.APIKey), 403, wire.CodeInsufficientPermissions, wire.MsgInsufficientPermissions, true},
		{"gateway: wrong scope delete contact", func() resp { return e.gw("DELETE", "/contacts/only-a@example.com", readContacts.APIKey, nil) }, 403, wire.CodeInsufficientPermissions, wire.MsgInsufficientPermissions, true},
		{"gateway: wrong scope create campaign", func() resp {
			return e.gw("POST", "/campaigns", readContacts.APIKey, map[string]any{"name": "x", "subject": "y"})
		}, 403, wire.CodeInsufficientPermissions, wire.MsgInsufficientPermissions, true},
		{"gateway: wrong scope campaign stats", func() resp { return e.gw("GET", "/analytics/campaigns/"+cmp.ID, readContacts.APIKey, nil) }, 403, wire.CodeInsufficientPermissions, wire.MsgInsufficientPermissions, true},
		{"gateway: other tenant's email id", func() resp { return e.gw("GET", "/emails/"+sent.ID, bKey.APIKey, nil) }, 404, wire.CodeNotFound, wire.MsgNotFound, true},
		{"gateway: other tenant's campaign id", func() resp { return e.gw("GET", "/analytics/campaigns/"+cmp.ID, bKey.APIKey, nil) }, 404, wire.CodeNotFound, wire.MsgNotFound, true},
		{"gateway: other tenant's contact", func() resp { return e.gw("DELETE", "/contacts/only-a@example.com", bKey.APIKey, nil) }, 404, wire.CodeNotFound, wire.MsgNotFound, true},
		{"session: none", withHdr("GET", "/platform/api-keys"), 401, unauth, wire.MsgUnauthorized, false},
		{"session: garbage token", withHdr("GET", "/platform/api-keys", bearerH("pms_nope")...), 401, unauth, wire.MsgUnauthorized, false},
		{"session: API key as session", withHdr("GET", "/platform/api-keys", bearerH(k)...), 401, unauth, wire.MsgUnauthorized, false},
		{"session: expired after 12 h", withHdr("GET", "/auth/me", bearerH(oldSession)...), 401, unauth, wire.MsgUnauthorized, false},
		{"session: logged out", withHdr("GET", "/auth/me", bearerH(loggedOut)...), 401, unauth, wire.MsgUnauthorized, false},
		{"session: security events without session", withHdr("GET", "/platform/security-events"), 401, unauth, wire.MsgUnauthorized, false},
		{"session: live stream without token", withHdr("GET", "/tenant/analytics/api-usage/live"), 401, unauth, wire.MsgUnauthorized, false},
		{"sudo: create without sudo", func() resp {
			return e.req("POST", "/api/v1/platform/api-keys", allPerms("live"), bearerH(a.tok)...)
		}, 403, wire.CodeSudoRequired, wire.MsgSudoRequired, false},
		{"sudo: bogus sudo token", withHdr("POST", keyPath+"/rotate", append(bearerH(a.tok), "X-Sudo-Token", "pmsudo_bogus")...), 403, wire.CodeSudoRequired, wire.MsgSudoRequired, false},
		{"sudo: expired sudo token", withHdr("DELETE", keyPath, append(bearerH(a.tok), "X-Sudo-Token", oldSudo)...), 403, wire.CodeSudoRequired, wire.MsgSudoRequired, false},
		{"sudo: another user's sudo token", withHdr("DELETE", keyPath, append(bearerH(a.tok), "X-Sudo-Token", devSudo)...), 403, wire.CodeSudoRequired, wire.MsgSudoRequired, false},
		{"sudo: patch without sudo", func() resp {
			return e.req("PATCH", "/api/v1"+keyPath, map[string]any{"name": "x"}, bearerH(a.tok)...)
		}, 403, wire.CodeSudoRequired, wire.MsgSudoRequired, false},
		{"role: support creates", func() resp { return e.req("POST", "/api/v1/platform/api-keys", allPerms("live"), supH...) }, 403, wire.CodeForbidden, wire.MsgForbidden, false},
		{"role: support rotates", withHdr("POST", keyPath+"/rotate", supH...), 403, wire.CodeForbidden, wire.MsgForbidden, false},
		{"role: support revokes", withHdr("DELETE", keyPath, supH...), 403, wire.CodeForbidden, wire.MsgForbidden, false},
		{"role: support patches", func() resp { return e.req("PATCH", "/api/v1"+keyPath, map[string]any{"name": "x"}, supH...) }, 403, wire.CodeForbidden, wire.MsgForbidden, false},
		{"role: developer rotates an admin's key", withHdr("POST", keyPath+"/rotate", append(bearerH(dev), "X-Sudo-Token", devSudo)...), 403, wire.CodeForbidden, wire.MsgForbidden, false},
		{"role: developer grants full_access", func() resp {
			return e.req("POST", "/api/v1/platform/api-keys", allPerms("test"), append(bearerH(dev), "X-Sudo-Token", devSudo)...)
		}, 403, wire.CodeForbidden, wire.MsgDangerousAdminOnly, false},
		{"tenant: other tenant reads a key", withHdr("GET", keyPath, bearerH(b.tok)...), 404, wire.CodeNotFound, wire.MsgNotFound, false},
		{"tenant: other tenant rotates a key", withHdr("POST", keyPath+"/rotate", b.h()...), 404, wire.CodeNotFound, wire.MsgNotFound, false},
		{"tenant: other tenant revokes a key", withHdr("DELETE", keyPath, b.h()...), 404, wire.CodeNotFound, wire.MsgNotFound, false},
		{"tenant: other tenant patches a key", func() resp { return e.req("PATCH", "/api/v1"+keyPath, map[string]any{"name": "x"}, b.h()...) }, 404, wire.CodeNotFound, wire.MsgNotFound, false},
		{"tenant: other tenant's usage by key", withHdr("GET", "/tenant/analytics/api-usage?key_id="+full.Key.KeyID, bearerH(b.tok)...), 404, wire.CodeNotFound, wire.MsgNotFound, false},
		{"tenant: other tenant notifies about a key", func() resp {
			return e.req("POST", "/api/v1/platform/notifications", wire.NotificationRequest{Kind: "security", KeyID: full.Key.KeyID, Subject: "s", Body: "b"}, bearerH(b.tok)...)
		}, 404, wire.CodeNotFound, wire.MsgNotFound, false},
		{"login: wrong password", func() resp {
			return e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: "admin@demo.penguinmails.test", Password: "nope"})
		}, 401, wire.CodeInvalidCredentials, wire.MsgInvalidCredentials, false},
		{"login: unknown email", func() resp {
			return e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: "who@demo.penguinmails.test", Password: testPassword})
		}, 401, wire.CodeInvalidCredentials, wire.MsgInvalidCredentials, false},
		{"sudo: wrong password", func() resp {
			return e.req("POST", "/api/v1/auth/sudo", wire.SudoRequest{Password: "nope"}, bearerH(a.tok)...)
		}, 401, wire.CodeInvalidCredentials, wire.MsgWrongPassword, false},
		{"revoke twice", withHdr("DELETE", "/platform/api-keys/"+revoked.Key.KeyID, a.h()...), 409, wire.CodeAlreadyRevoked, wire.MsgKeyRevoked, false},
		{"rotate a revoked key", withHdr("POST", "/platform/api-keys/"+revoked.Key.KeyID+"/rotate", a.h()...), 409, wire.CodeAlreadyRevoked, wire.MsgKeyRevoked, false},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.do()
			ae := r.apiErr()
			if r.status != c.status || ae.Code != c.code || ae.Message != c.msg {
				t.Fatalf("got %d %q %q, want %d %q %q (body %s)", r.status, ae.Code, ae.Message, c.status, c.code, c.msg, r.body)
			}
			if c.gateway {
				for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
					if r.header.Get(h) == "" {
						t.Errorf("refusal without %s", h)
					}
				}
			}
			if c.code == wire.CodeInsufficientPermissions && len(ae.Required) != 1 {
				t.Errorf("required missing: %s", r.body)
			}
		})
	}

	// The refusals of known keys became security events, and the IP
	// violation mailed the admins.
	var sec wire.SecurityEventList
	e.req("GET", "/api/v1/platform/security-events", nil, bearerH(a.tok)...).decode(t, &sec)
	kinds := map[string]int{}
	for _, ev := range sec.Events {
		kinds[ev.Kind]++
	}
	for _, want := range []string{wire.SecIPViolation, wire.SecRevokedKeyUsed, wire.SecExpiredKeyUsed, wire.SecSudoFailed} {
		if kinds[want] == 0 {
			t.Errorf("no %s security event: %v", want, kinds)
		}
	}
	var ob wire.Outbox
	e.req("GET", "/api/v1/platform/outbox", nil, bearerH(a.tok)...).decode(t, &ob)
	found := false
	for _, m := range ob.Emails {
		if strings.HasPrefix(m.Subject, "Security alert: blocked request from IP 127.0.0.1") && slices.Contains(m.To, "admin@demo.penguinmails.test") {
			found = true
		}
	}
	if !found {
		t.Errorf("no IP violation email in %+v", ob.Emails)
	}
	// Tenant B sees none of it.
	var bsec wire.SecurityEventList
	e.req("GET", "/api/v1/platform/security-events", nil, bearerH(b.tok)...).decode(t, &bsec)
	if len(bsec.Events) != 0 {
		t.Errorf("tenant B sees %d security events", len(bsec.Events))
	}
	var bl wire.KeyList
	e.req("GET", "/api/v1/platform/api-keys", nil, bearerH(b.tok)...).decode(t, &bl)
	if bl.Total != 1 || bl.APIKeys[0].KeyID != bKey.Key.KeyID {
		t.Errorf("tenant B lists %s", fmt.Sprint(bl))
	}
}

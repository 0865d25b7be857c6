package sandbox

import (
	"strings"
	"testing"

	"github.com/penguinmails/console/backend/wire"
)

func keyChangeMail(t *testing.T, e *env, tok string) []wire.OutboxEmail {
	t.Helper()
	var ob wire.Outbox
	e.req("GET", "/api/v1/platform/outbox", nil, bearerH(tok)...).decode(t, &ob)
	var out []wire.OutboxEmail
	for _, m := range ob.Emails {
		if m.Kind == wire.NotifyKeyChange {
			out = append(out, m)
		}
	}
	return out
}

// Admins get an email from the platform when someone creates or revokes a
// key: who, from where, which key; the demo keys the platform seeds send none.
func TestAdminsAreToldOfKeyCreationAndRevocation(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	if m := keyChangeMail(t, e, a.tok); len(m) != 0 {
		t.Fatalf("the seeded keys sent notices: %+v", m)
	}
	dtok := e.login("developer@demo.penguinmails.test")
	d := sess{dtok, e.sudo(dtok)}
	k := e.createKey(d, wire.CreateKeyRequest{Name: "Billing worker", Environment: "live", Permissions: []string{PermSendEmail}})
	mails := keyChangeMail(t, e, a.tok)
	if len(mails) != 1 {
		t.Fatalf("after a creation: %+v", mails)
	}
	m := mails[0]
	if m.Subject != `API key "Billing worker" was created` || m.KeyID != k.Key.KeyID || strings.Join(m.To, ",") != "admin@demo.penguinmails.test" {
		t.Fatalf("creation notice: %+v", m)
	}
	for _, want := range []string{"Live API key", k.Key.KeyID, "by developer@demo.penguinmails.test", "from 127.0.0.1", "Permissions: send_email."} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("creation notice body lacks %q: %s", want, m.Body)
		}
	}
	if strings.Contains(m.Body, k.APIKey) {
		t.Fatal("the notice carries the secret")
	}
	if r := e.req("DELETE", "/api/v1/platform/api-keys/"+k.Key.KeyID, nil, d.h()...); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	mails = keyChangeMail(t, e, a.tok)
	if len(mails) != 2 || mails[0].Subject != `API key "Billing worker" was revoked` || !strings.Contains(mails[0].Body, "revoked by developer@demo.penguinmails.test") {
		t.Fatalf("after a revocation: %+v", mails)
	}
	// An edit is not a creation or a revocation: no notice.
	k2 := e.createKey(a, wire.CreateKeyRequest{Name: "Other", Environment: "test", Permissions: []string{PermSendEmail}})
	if r := e.req("PATCH", "/api/v1/platform/api-keys/"+k2.Key.KeyID, map[string]any{"name": "Renamed"}, a.h()...); r.status != 200 {
		t.Fatalf("patch: %d %s", r.status, r.body)
	}
	if n := len(keyChangeMail(t, e, a.tok)); n != 3 {
		t.Fatalf("notices after create, revoke, create, edit: %d, want 3", n)
	}
}

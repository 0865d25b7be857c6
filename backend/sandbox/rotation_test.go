package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// rotate rotates key id with body (nil: no body at all) and decodes the answer.
func (e *env) rotate(s sess, id string, body any) (resp, wire.RotateKeyResponse) {
	e.t.Helper()
	r := e.req("POST", "/api/v1/platform/api-keys/"+id+"/rotate", body, s.h()...)
	var out wire.RotateKeyResponse
	if r.status == 200 {
		r.decode(e.t, &out)
	}
	return r, out
}

func (e *env) keyStatus(key string) (int, string) {
	e.t.Helper()
	r := e.gw("GET", "/contacts", key, nil)
	return r.status, r.apiErr().Code
}

func readKey() wire.CreateKeyRequest {
	return wire.CreateKeyRequest{Name: "Rotating", Environment: "live", Permissions: []string{PermReadContacts}}
}

// Each grace choice gives the replaced secret exactly that long, checked a
// second either side of its deadline on the fake clock; "now" ends it at once.
// (One key per choice, all rotated at t0; few sign-ins: bcrypt is slow under -race.)
func TestRotationGraceChoices(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	t0 := e.clock.Now()
	type rotated struct {
		old, cur string
		grace    time.Duration
	}
	var keys []rotated
	for _, g := range wire.GraceChoices {
		k := e.createKey(a, readKey())
		r, rot := e.rotate(a, k.Key.KeyID, wire.RotateKeyRequest{Grace: g.Name})
		if r.status != 200 || !rot.PreviousKeyExpiresAt.Equal(t0.Add(g.Len)) {
			t.Fatalf("rotate %s: %d %s", g.Name, r.status, r.body)
		}
		if g.Len == 0 {
			if rot.Key.Rotation != nil {
				t.Fatalf("a secret ended now is not a previous secret: %+v", rot.Key.Rotation)
			}
		} else if ps := rot.Key.Rotation.PreviousSecrets; len(ps) != 1 || ps[0].MaskedKey != k.Key.MaskedKey ||
			!ps[0].ExpiresAt.Equal(t0.Add(g.Len)) || !ps[0].RotatedAt.Equal(t0) {
			t.Fatalf("%s: previous secrets %+v", g.Name, ps)
		}
		keys = append(keys, rotated{k.APIKey, rot.APIKey, g.Len})
	}
	for _, k := range keys { // GraceChoices are in ascending order
		if k.grace > 0 {
			e.clock.Set(t0.Add(k.grace - time.Second))
			if s, c := e.keyStatus(k.old); s != 200 {
				t.Fatalf("%v: old secret 1 s before its deadline: %d %s", k.grace, s, c)
			}
		}
		e.clock.Set(t0.Add(k.grace))
		if s, c := e.keyStatus(k.old); s != 401 || c != wire.CodeKeyRevoked {
			t.Fatalf("%v: old secret at its deadline: %d %s", k.grace, s, c)
		}
		if s, c := e.keyStatus(k.cur); s != 200 {
			t.Fatalf("%v: new secret: %d %s", k.grace, s, c)
		}
	}
	var l wire.KeyList
	e.req("GET", "/api/v1/platform/api-keys", nil, bearerH(e.login("admin@demo.penguinmails.test"))...).decode(t, &l)
	for _, k := range l.APIKeys {
		if k.Rotation != nil {
			t.Fatalf("rotation still shown after every deadline: %+v", k.Rotation)
		}
	}
}

// No body and an empty object mean 24 hours; a bad grace is refused by name
// and changes nothing.
func TestRotationGraceInput(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	t0 := e.clock.Now()
	k := e.createKey(a, readKey())
	for _, body := range []any{nil, "{}"} {
		r, rot := e.rotate(a, k.Key.KeyID, body)
		if r.status != 200 || !rot.PreviousKeyExpiresAt.Equal(t0.Add(24*time.Hour)) {
			t.Fatalf("rotate with %v: %d %s", body, r.status, r.body)
		}
	}
	before := e.getKey(a, k.Key.KeyID)
	for _, body := range []string{`{"grace":"2h"}`, `{"grace":"NOW"}`, `{"grace":24}`, `{"grace":null,"extra":1}`, `{"grace":""`} {
		r, _ := e.rotate(a, k.Key.KeyID, body)
		ae := r.apiErr()
		if r.status != 400 {
			t.Fatalf("%s: %d %s", body, r.status, r.body)
		}
		if body == `{"grace":"2h"}` || body == `{"grace":"NOW"}` {
			if ae.Code != wire.CodeInvalidRequest || ae.Fields["grace"] != wire.GraceProblem {
				t.Fatalf("%s: %s", body, r.body)
			}
		}
		if body == `{"grace":24}` && ae.Fields["grace"] == "" {
			t.Fatalf("%s does not name grace: %s", body, r.body)
		}
	}
	after := e.getKey(a, k.Key.KeyID)
	if after.MaskedKey != before.MaskedKey || len(after.Rotation.PreviousSecrets) != 2 || len(after.Audit) != len(before.Audit) {
		t.Fatalf("a refused rotation changed the key: %+v -> %+v", before.Rotation, after.Rotation)
	}
}

// Each previous secret keeps its own deadline and its own use counters, and
// both survive a restart.
func TestRotationPerSecretDeadlines(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, envOpts{dir: dir})
	a := e.admin()
	t0 := e.clock.Now()
	k := e.createKey(a, readKey())
	secrets := []string{k.APIKey}
	masks := []string{k.Key.MaskedKey}
	// 7 days, then 1 hour five minutes later, then 24 hours five minutes later
	// (all within the 15 minutes of one sudo).
	for i, g := range []string{"7d", "1h", "24h"} {
		e.clock.Set(t0.Add(time.Duration(i) * 5 * time.Minute))
		r, rot := e.rotate(a, k.Key.KeyID, wire.RotateKeyRequest{Grace: g})
		if r.status != 200 {
			t.Fatalf("rotate %s: %d %s", g, r.status, r.body)
		}
		secrets, masks = append(secrets, rot.APIKey), append(masks, rot.Key.MaskedKey)
	}
	deadlines := []time.Time{t0.Add(7 * 24 * time.Hour), t0.Add(5*time.Minute + time.Hour), t0.Add(10*time.Minute + 24*time.Hour)}
	// Use the first previous secret twice, the second once, the third never.
	e.clock.Set(t0.Add(30 * time.Minute))
	for _, key := range []string{secrets[0], secrets[0], secrets[1]} {
		if s, c := e.keyStatus(key); s != 200 {
			t.Fatalf("previous secret within its grace: %d %s", s, c)
		}
	}
	check := func(e *env, tok string, wantLive []int, uses map[int]int64) {
		t.Helper()
		d := e.getKey(sess{tok: tok}, k.Key.KeyID)
		if d.Rotation == nil || len(d.Rotation.PreviousSecrets) != len(wantLive) {
			t.Fatalf("want %d previous secrets, got %+v", len(wantLive), d.Rotation)
		}
		for j, i := range wantLive { // newest rotation first
			p := d.Rotation.PreviousSecrets[j]
			if p.MaskedKey != masks[i] || !p.ExpiresAt.Equal(deadlines[i]) || p.RequestsSinceRotation != uses[i] || (uses[i] > 0) != (p.LastUsed != nil) {
				t.Fatalf("previous secret %d: %+v", i, p)
			}
		}
		n := d.Rotation.PreviousSecrets[0]
		if d.Rotation.PreviousMaskedKey != n.MaskedKey || !d.Rotation.PreviousExpiresAt.Equal(n.ExpiresAt) || d.Rotation.PreviousRequests != n.RequestsSinceRotation {
			t.Fatalf("the single-secret fields do not describe the newest rotation: %+v", d.Rotation)
		}
	}
	check(e, a.tok, []int{2, 1, 0}, map[int]int64{0: 2, 1: 1})

	// The 1-hour secret ends at its own deadline; the others keep working.
	e.clock.Set(deadlines[1])
	if s, c := e.keyStatus(secrets[1]); s != 401 || c != wire.CodeKeyRevoked {
		t.Fatalf("1-hour secret at its deadline: %d %s", s, c)
	}
	for _, i := range []int{0, 2, 3} {
		if s, c := e.keyStatus(secrets[i]); s != 200 {
			t.Fatalf("secret %d after another's deadline: %d %s", i, s, c)
		}
	}
	check(e, a.tok, []int{2, 0}, map[int]int64{0: 3, 2: 1})

	// A restart on the same data keeps every deadline and count.
	now := e.clock.Now()
	e.srv.Close()
	e2 := newEnv(t, envOpts{dir: dir})
	e2.clock.Set(now)
	check(e2, e2.login("admin@demo.penguinmails.test"), []int{2, 0}, map[int]int64{0: 3, 2: 1})
	if s, c := e2.keyStatus(secrets[1]); s != 401 || c != wire.CodeKeyRevoked {
		t.Fatalf("1-hour secret after restart: %d %s", s, c)
	}
	e2.clock.Set(deadlines[2])
	if s, c := e2.keyStatus(secrets[2]); s != 401 || c != wire.CodeKeyRevoked {
		t.Fatalf("24-hour secret at its deadline after restart: %d %s", s, c)
	}
	if s, _ := e2.keyStatus(secrets[0]); s != 200 {
		t.Fatalf("7-day secret after restart: %d", s)
	}
}

// A key holds at most 3 working previous secrets: a fourth graced rotation
// is refused with its own 409 code and changes nothing; "now" is still
// allowed (it adds none), and once one deadline passes a graced rotation
// works again.
func TestRotationCap(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	t0 := e.clock.Now()
	k := e.createKey(a, readKey())
	cur := k.APIKey
	for i, g := range []string{"24h", "1h", "3d"} {
		e.clock.Set(t0.Add(time.Duration(i) * time.Minute))
		r, rot := e.rotate(a, k.Key.KeyID, wire.RotateKeyRequest{Grace: g})
		if r.status != 200 {
			t.Fatalf("rotation %d: %d %s", i+1, r.status, r.body)
		}
		cur = rot.APIKey
	}
	before := e.getKey(a, k.Key.KeyID)
	r, _ := e.rotate(a, k.Key.KeyID, nil)
	ae := r.apiErr()
	firstEnd := t0.Add(time.Minute + time.Hour).Format(time.RFC3339)
	if r.status != 409 || ae.Code != wire.CodeTooManyPreviousSecrets ||
		ae.Message != wire.TooManyPreviousSecretsMessage(firstEnd) || !strings.Contains(ae.Message, "3 previous secrets") {
		t.Fatalf("fourth graced rotation: %d %s", r.status, r.body)
	}
	after := e.getKey(a, k.Key.KeyID)
	if after.MaskedKey != before.MaskedKey || len(after.Rotation.PreviousSecrets) != 3 || len(after.Audit) != len(before.Audit) {
		t.Fatal("a refused rotation changed the key")
	}
	if s, c := e.keyStatus(cur); s != 200 {
		t.Fatalf("current secret after a refused rotation: %d %s", s, c)
	}

	// A leaked key can always be rotated now.
	r, rot := e.rotate(a, k.Key.KeyID, wire.RotateKeyRequest{Grace: wire.GraceNow})
	if r.status != 200 || len(rot.Key.Rotation.PreviousSecrets) != 3 {
		t.Fatalf("rotate now at the cap: %d %s", r.status, r.body)
	}
	if s, c := e.keyStatus(cur); s != 401 || c != wire.CodeKeyRevoked {
		t.Fatalf("secret ended now: %d %s", s, c)
	}

	// Once the 1-hour secret has ended, there is room for one more.
	e.clock.Set(t0.Add(time.Minute + time.Hour))
	r, rot = e.rotate(e.admin(), k.Key.KeyID, wire.RotateKeyRequest{Grace: "7d"})
	if r.status != 200 || len(rot.Key.Rotation.PreviousSecrets) != 3 {
		t.Fatalf("rotation after a deadline passed: %d %s", r.status, r.body)
	}
}

// Data written when a key had one previous secret keeps its grace and its
// counters after an upgrade.
func TestRotationLegacyRecord(t *testing.T) {
	end := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	used := end.Add(-time.Hour)
	r := keyRec{PrevHash: "ab", PrevMasked: "pm_live_old...1a1a", PrevExpiresAt: &end}
	c := keyCounters{PrevRequests: 7, PrevLastUsed: &used}
	r.migrateLegacy(&c)
	if len(r.Previous) != 1 || r.Previous[0].Hash != "ab" || !r.Previous[0].ExpiresAt.Equal(end) || r.PrevHash != "" {
		t.Fatalf("record: %+v", r)
	}
	if u := c.Previous["ab"]; u.Requests != 7 || !u.LastUsed.Equal(used) || c.PrevRequests != 0 {
		t.Fatalf("counters: %+v", c)
	}
}

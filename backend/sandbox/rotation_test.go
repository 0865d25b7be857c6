package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
)

// rotate rotates key id with body (nil: no body at all) and decodes the answer.
func (e *env) rotate(s sess, id string, body any) (resp, platform.RotateKeyResponse) {
	e.t.Helper()
	r := e.req("POST", "/api/v1/platform/api-keys/"+id+"/rotate", body, s.h()...)
	var out platform.RotateKeyResponse
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

func readKey() platform.CreateKeyRequest {
	return platform.CreateKeyRequest{Name: "Rotating", Environment: "live", Permissions: []string{PermReadContacts}}
}

// Each grace choice gives the replaced secret exactly that long, checked a
// second either side of its deadline on the fake clock; "now" ends it at once.
func TestRotationGraceChoices(t *testing.T) {
	e := newEnv(t, envOpts{})
	for _, g := range platform.GraceChoices {
		t.Run(g.Name, func(t *testing.T) {
			t0 := e.clock.Now()
			a := e.admin() // sudo lasts 15 minutes of the fake clock
			k := e.createKey(a, readKey())
			r, rot := e.rotate(a, k.Key.KeyID, platform.RotateKeyRequest{Grace: g.Name})
			if r.status != 200 || !rot.PreviousKeyExpiresAt.Equal(t0.Add(g.Len)) {
				t.Fatalf("rotate %s: %d %s", g.Name, r.status, r.body)
			}
			if s, c := e.keyStatus(rot.APIKey); s != 200 {
				t.Fatalf("new secret: %d %s", s, c)
			}
			if g.Len == 0 {
				if s, c := e.keyStatus(k.APIKey); s != 401 || c != platform.CodeKeyRevoked {
					t.Fatalf("old secret right after rotating now: %d %s", s, c)
				}
				if rot.Key.Rotation != nil {
					t.Fatalf("a secret ended now is not a previous secret: %+v", rot.Key.Rotation)
				}
				return
			}
			ps := rot.Key.Rotation.PreviousSecrets
			if len(ps) != 1 || ps[0].MaskedKey != k.Key.MaskedKey || !ps[0].ExpiresAt.Equal(t0.Add(g.Len)) || !ps[0].RotatedAt.Equal(t0) {
				t.Fatalf("previous secrets: %+v", ps)
			}
			e.clock.Set(t0.Add(g.Len - time.Second))
			if s, c := e.keyStatus(k.APIKey); s != 200 {
				t.Fatalf("old secret 1 s before its deadline: %d %s", s, c)
			}
			e.clock.Set(t0.Add(g.Len))
			if s, c := e.keyStatus(k.APIKey); s != 401 || c != platform.CodeKeyRevoked {
				t.Fatalf("old secret at its deadline: %d %s", s, c)
			}
			if d := e.getKey(e.admin(), k.Key.KeyID); d.Rotation != nil { // sessions last 12 hours
				t.Fatalf("rotation still shown after the deadline: %+v", d.Rotation)
			}
			e.clock.Set(t0.Add(g.Len + time.Second)) // the next subtest starts later
		})
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
			if ae.Code != platform.CodeInvalidRequest || ae.Fields["grace"] != platform.GraceProblem {
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
	// 7 days, then 1 hour ten minutes later, then 24 hours ten minutes later.
	for i, g := range []string{"7d", "1h", "24h"} {
		e.clock.Set(t0.Add(time.Duration(i) * 10 * time.Minute))
		a = e.admin() // sudo lasts 15 minutes of the fake clock
		r, rot := e.rotate(a, k.Key.KeyID, platform.RotateKeyRequest{Grace: g})
		if r.status != 200 {
			t.Fatalf("rotate %s: %d %s", g, r.status, r.body)
		}
		secrets, masks = append(secrets, rot.APIKey), append(masks, rot.Key.MaskedKey)
	}
	deadlines := []time.Time{t0.Add(7 * 24 * time.Hour), t0.Add(10*time.Minute + time.Hour), t0.Add(20*time.Minute + 24*time.Hour)}
	// Use the first previous secret twice, the second once, the third never.
	e.clock.Set(t0.Add(30 * time.Minute))
	for _, key := range []string{secrets[0], secrets[0], secrets[1]} {
		if s, c := e.keyStatus(key); s != 200 {
			t.Fatalf("previous secret within its grace: %d %s", s, c)
		}
	}
	check := func(e *env, wantLive []int, uses map[int]int64) {
		t.Helper()
		d := e.getKey(e.admin(), k.Key.KeyID)
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
	check(e, []int{2, 1, 0}, map[int]int64{0: 2, 1: 1})

	// The 1-hour secret ends at its own deadline; the others keep working.
	e.clock.Set(deadlines[1])
	if s, c := e.keyStatus(secrets[1]); s != 401 || c != platform.CodeKeyRevoked {
		t.Fatalf("1-hour secret at its deadline: %d %s", s, c)
	}
	for _, i := range []int{0, 2, 3} {
		if s, c := e.keyStatus(secrets[i]); s != 200 {
			t.Fatalf("secret %d after another's deadline: %d %s", i, s, c)
		}
	}
	check(e, []int{2, 0}, map[int]int64{0: 3, 2: 1})

	// A restart on the same data keeps every deadline and count.
	now := e.clock.Now()
	e.srv.Close()
	e2 := newEnv(t, envOpts{dir: dir})
	e2.clock.Set(now)
	check(e2, []int{2, 0}, map[int]int64{0: 3, 2: 1})
	if s, c := e2.keyStatus(secrets[1]); s != 401 || c != platform.CodeKeyRevoked {
		t.Fatalf("1-hour secret after restart: %d %s", s, c)
	}
	e2.clock.Set(deadlines[2])
	if s, c := e2.keyStatus(secrets[2]); s != 401 || c != platform.CodeKeyRevoked {
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
		r, rot := e.rotate(a, k.Key.KeyID, platform.RotateKeyRequest{Grace: g})
		if r.status != 200 {
			t.Fatalf("rotation %d: %d %s", i+1, r.status, r.body)
		}
		cur = rot.APIKey
	}
	before := e.getKey(a, k.Key.KeyID)
	r, _ := e.rotate(a, k.Key.KeyID, nil)
	ae := r.apiErr()
	firstEnd := t0.Add(time.Minute + time.Hour).Format(time.RFC3339)
	if r.status != 409 || ae.Code != platform.CodeTooManyPreviousSecrets ||
		ae.Message != platform.TooManyPreviousSecretsMessage(firstEnd) || !strings.Contains(ae.Message, "3 previous secrets") {
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
	r, rot := e.rotate(a, k.Key.KeyID, platform.RotateKeyRequest{Grace: platform.GraceNow})
	if r.status != 200 || len(rot.Key.Rotation.PreviousSecrets) != 3 {
		t.Fatalf("rotate now at the cap: %d %s", r.status, r.body)
	}
	if s, c := e.keyStatus(cur); s != 401 || c != platform.CodeKeyRevoked {
		t.Fatalf("secret ended now: %d %s", s, c)
	}

	// Once the 1-hour secret has ended, there is room for one more.
	e.clock.Set(t0.Add(time.Minute + time.Hour))
	r, rot = e.rotate(e.admin(), k.Key.KeyID, platform.RotateKeyRequest{Grace: "7d"})
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

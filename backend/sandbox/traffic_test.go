package sandbox

import (
	"bytes"
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// Concurrent requests at one instant: exactly the burst passes; refused ones
// carry Retry-After, retry_after and upgrade_url; after 30 s half a minute's
// worth more passes, and a 60 s window never admits more than limit + burst.
func TestConcurrentRateLimit(t *testing.T) {
	e := newEnv(t, envOpts{plan: "starter"}) // 60/min, burst 100
	a := e.admin()
	k := e.createKey(a, wire.CreateKeyRequest{Name: "burst", Environment: "live", Permissions: []string{PermReadCampaigns}}).APIKey
	fire := func(n int) (ok, limited int64) {
		var wg sync.WaitGroup
		jobs := make(chan struct{})
		for w := 0; w < 16; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range jobs {
					r := e.gw("GET", "/campaigns?limit=1", k, nil)
					switch r.status {
					case 200:
						atomic.AddInt64(&ok, 1)
					case 429:
						atomic.AddInt64(&limited, 1)
						ae := r.apiErr()
						if ae.Code != wire.CodeRateLimitExceeded || ae.Message != wire.MsgRateLimitExceeded || ae.RetryAfter < 1 ||
							ae.UpgradeURL == "" || r.header.Get("Retry-After") != strconv.Itoa(ae.RetryAfter) || r.header.Get("X-RateLimit-Remaining") != "0" {
							t.Errorf("429: %s %v", r.body, r.header)
						}
					default:
						t.Errorf("status %d %s", r.status, r.body)
					}
				}
			}()
		}
		for i := 0; i < n; i++ {
			jobs <- struct{}{}
		}
		close(jobs)
		wg.Wait()
		return
	}
	ok, limited := fire(300)
	if ok != 100 || limited != 200 {
		t.Fatalf("at once: %d admitted, %d limited; want 100/200", ok, limited)
	}
	e.clock.Advance(30 * time.Second)
	ok2, _ := fire(100)
	if ok2 != 30 {
		t.Fatalf("after 30 s: %d admitted, want 30", ok2)
	}
	e.clock.Advance(29 * time.Second)
	ok3, _ := fire(100)
	if total := ok + ok2 + ok3; total > 60+100 {
		t.Fatalf("%d admitted within 59 s", total)
	}
	r := e.gw("GET", "/campaigns", k, nil)
	if r.header.Get("X-RateLimit-Limit") != "60" {
		t.Fatalf("limit header %q", r.header.Get("X-RateLimit-Limit"))
	}
}

// Every gateway request that names a tenant's key is counted in the rollups,
// exactly, and the key's counters agree; a restart keeps both.
func TestRollupCountsExact(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, envOpts{dir: dir, plan: "starter"})
	a := e.admin()
	k1 := e.createKey(a, wire.CreateKeyRequest{Name: "one", Environment: "live", Permissions: []string{PermReadContacts, PermWriteContacts}})
	k2 := e.createKey(a, wire.CreateKeyRequest{Name: "two", Environment: "test", Permissions: []string{PermSendEmail}})
	want := map[int]int64{}
	send := func(r resp) { want[r.status]++ }
	for i := 0; i < 40; i++ {
		send(e.gw("GET", "/contacts", k1.APIKey, nil))
	}
	for i := 0; i < 7; i++ {
		send(e.gw("POST", "/contacts", k1.APIKey, map[string]any{"email": "dup@example.com"})) // 1×201, 6×400
	}
	for i := 0; i < 5; i++ {
		send(e.gw("GET", "/contacts", k2.APIKey, nil)) // 403
	}
	for i := 0; i < 60; i++ {
		send(e.gw("POST", "/emails/send", k2.APIKey, map[string]any{"to": "x@example.com", "subject": "s", "text_body": "b"})) // 202 until the burst runs out
	}
	var total int64
	for _, n := range want {
		total += n
	}
	if want[429] == 0 || want[202] == 0 || want[400] != 6 || want[403] != 5 {
		t.Fatalf("unexpected mix %v", want)
	}
	check := func(e *env, s sess) {
		t.Helper()
		var u wire.APIUsage
		r := e.req("GET", "/api/v1/tenant/analytics/api-usage?range=1h", nil, bearerH(s.tok)...)
		r.decode(t, &u)
		if r.header.Get("Cache-Control") != "private, max-age=60" {
			t.Errorf("cache-control %q", r.header.Get("Cache-Control"))
		}
		if u.Summary.TotalRequests != total || u.Summary.RateLimitedCount != want[429] {
			t.Fatalf("rollup total %d (429s %d), sent %d (%v)", u.Summary.TotalRequests, u.Summary.RateLimitedCount, total, want)
		}
		got := map[int]int64{}
		for _, sc := range u.ErrorsByStatus {
			got[sc.Status] = sc.Count
		}
		for st, n := range want {
			if st >= 400 && got[st] != n {
				t.Errorf("status %d: rollup %d, sent %d", st, got[st], n)
			}
		}
		var series int64
		for _, p := range u.Series {
			series += p.Total
		}
		if series != total {
			t.Errorf("series sum %d, sent %d", series, total)
		}
		d1, d2 := e.getKey(s, k1.Key.KeyID), e.getKey(s, k2.Key.KeyID)
		if d1.RequestCount+d2.RequestCount != total || d1.RequestCount != 47 || d1.ErrorCount != 6 {
			t.Errorf("key counters %d+%d (errors %d), sent %d", d1.RequestCount, d2.RequestCount, d1.ErrorCount, total)
		}
		var day int64
		for _, du := range d1.UsageByDay {
			day += du.Requests
		}
		if day != 47 {
			t.Errorf("usage_by_day of key one: %d", day)
		}
	}
	check(e, a)
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, envOpts{dir: dir, plan: "starter"})
	e2.clock.Set(e.clock.Now())
	check(e2, e2.admin())
}

// After creating, rotating and using keys, no full secret (nor its random
// body) is in any file of the data directory or in the logs.
func TestNoSecretsAtRest(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, envOpts{dir: dir})
	a := e.admin()
	var secrets []string
	for i := 0; i < 3; i++ {
		c := e.createKey(a, wire.CreateKeyRequest{Name: "s" + strconv.Itoa(i), Environment: "live", Permissions: []string{PermSendEmail}, AllowedIPs: []string{"127.0.0.1", "203.0.113.0/24"}})
		secrets = append(secrets, c.APIKey)
		e.gw("POST", "/emails/send", c.APIKey, map[string]any{"to": "x@example.com", "subject": "s", "text_body": "b"})
		var rot wire.RotateKeyResponse
		e.req("POST", "/api/v1/platform/api-keys/"+c.Key.KeyID+"/rotate", nil, a.h()...).decode(t, &rot)
		secrets = append(secrets, rot.APIKey)
		e.gw("GET", "/emails/em_x", rot.APIKey, nil)
		e.gw("GET", "/emails/em_x", c.APIKey+"x", nil) // malformed
	}
	office := e.createKey(a, wire.CreateKeyRequest{Name: "office", Environment: "live", Permissions: []string{PermSendEmail}, AllowedIPs: []string{"203.0.113.0/24"}})
	secrets = append(secrets, office.APIKey)
	e.gw("POST", "/emails/send", office.APIKey, map[string]any{"to": "x@example.com", "subject": "s", "text_body": "b"})
	e.req("DELETE", "/api/v1/platform/api-keys/"+office.Key.KeyID, nil, a.h()...)
	e.gw("GET", "/contacts", office.APIKey, nil)
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	needles := [][]byte{[]byte(testPassword), []byte(a.tok), []byte(a.sudo)}
	for _, s := range secrets {
		body := s[len(apikey.PrefixLive) : len(s)-6] // without the 6-char checksum tail
		raw, _ := base64.RawURLEncoding.DecodeString(body)
		needles = append(needles, []byte(s), []byte(body), raw)
	}
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for i, n := range needles {
			if bytes.Contains(b, n) {
				t.Errorf("secret %d found in %s", i, p)
			}
		}
		return nil
	})
	if err != nil || files == 0 {
		t.Fatalf("walk: %v (%d files)", err, files)
	}
	logs := e.logs.Bytes()
	if len(logs) == 0 {
		t.Fatal("no logs captured")
	}
	for i, n := range needles {
		if bytes.Contains(logs, n) {
			t.Errorf("secret %d in logs", i)
		}
	}
}

// A restart keeps tenants, users, keys (with their changes) and the outbox.
func TestRestartKeepsState(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, envOpts{dir: dir})
	a := e.admin()
	k := e.createKey(a, allPerms("live"))
	e.req("PATCH", "/api/v1/platform/api-keys/"+k.Key.KeyID, map[string]any{"name": "Renamed", "allowed_ips": []string{"127.0.0.0/8"}}, a.h()...)
	revoked := e.createKey(a, allPerms("test"))
	e.req("DELETE", "/api/v1/platform/api-keys/"+revoked.Key.KeyID, nil, a.h()...)
	e.gw("POST", "/emails/send", k.APIKey, map[string]any{"to": "x@example.com", "subject": "kept", "text_body": "b"})
	_, bUsers, err := e.srv.SeedTenant("Second", "business", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopen without the demo password: the sign-ins still work.
	clock := newFakeClock()
	srv, err := New(Config{DataDir: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	url, _ := srv.Listen("127.0.0.1:0")
	e2 := &env{t: t, srv: srv, url: url, clock: clock, dir: dir, logs: &bytes.Buffer{}, hc: e.hc}
	defer srv.Close()
	if u := srv.DemoUsers(); len(u) != 3 || u[0].Password != "" {
		t.Fatalf("demo users after restart: %+v", u)
	}
	a2 := e2.admin()
	var me wire.MeResponse
	e2.req("GET", "/api/v1/auth/me", nil, bearerH(a2.tok)...).decode(t, &me)
	if me.Tenant.Plan != "professional" {
		t.Fatalf("plan changed without being asked: %s", me.Tenant.Plan)
	}
	d := e2.getKey(a2, k.Key.KeyID)
	if d.Name != "Renamed" || len(d.AllowedIPs) != 1 || d.RequestCount != 1 {
		t.Fatalf("key after restart: %+v", d.Key)
	}
	if r := e2.gw("GET", "/contacts", k.APIKey, nil); r.status != 200 {
		t.Fatalf("key does not work after restart: %d", r.status)
	}
	if r := e2.gw("GET", "/contacts", revoked.APIKey, nil); r.apiErr().Code != wire.CodeKeyRevoked {
		t.Fatalf("revoked key after restart: %s", r.body)
	}
	var ob wire.Outbox
	e2.req("GET", "/api/v1/platform/outbox", nil, bearerH(a2.tok)...).decode(t, &ob)
	ob.Emails = slices.DeleteFunc(ob.Emails, func(m wire.OutboxEmail) bool { return m.Kind == wire.NotifyKeyChange })
	if len(ob.Emails) != 1 || ob.Emails[0].Subject != "kept" {
		t.Fatalf("outbox after restart: %+v", ob)
	}
	e2.login(bUsers[0].Email)
	srv.Close()

	// Asking for another plan moves the demo tenant to it.
	e3 := newEnv(t, envOpts{dir: dir, plan: "business"})
	e3.req("GET", "/api/v1/auth/me", nil, bearerH(e3.login("admin@demo.penguinmails.test"))...).decode(t, &me)
	if me.Tenant.Plan != "business" {
		t.Fatalf("plan not changed: %s", me.Tenant.Plan)
	}
	if r := e3.gw("GET", "/contacts", k.APIKey, nil); r.header.Get("X-RateLimit-Limit") != "1000" {
		t.Fatalf("limit after plan change: %q", r.header.Get("X-RateLimit-Limit"))
	}
}

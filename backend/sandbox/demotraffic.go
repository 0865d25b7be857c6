package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/sandbox/usage"
	"github.com/penguinmails/console/backend/wire"
)

const kBackfilled = "sb/meta/demo-backfilled"

// demoKeySpec describes one of the demo traffic keys.
type demoKeySpec struct {
	name, env string
	perms     []string
	allowed   []string
}

var demoKeySpecs = []demoKeySpec{
	{"Demo backend", "live", []string{PermSendEmail, PermSendBulkEmail, PermReadContacts, PermWriteContacts, PermReadCampaigns, PermWriteCampaigns, PermReadAnalytics}, nil},
	{"Demo reporting", "test", []string{PermReadCampaigns, PermReadContacts, PermReadAnalytics}, nil},
	{"Office only", "live", []string{PermSendEmail}, []string{"203.0.113.0/24"}},
}

// demoDescription marks the keys the demo driver owns; it is what a user
// reads under the key's name. Keys made before it read legacyDemoDescription
// and stay the demo's (a changed mark must not seed a second set of keys).
const (
	demoDescription       = "Demo key: the embedded platform's demo traffic sends requests with it"
	legacyDemoDescription = "Created by --demo-traffic"
)

func isDemoDescription(d string) bool { return d == demoDescription || d == legacyDemoDescription }

// DemoOption changes what RunDemoTraffic sends.
type DemoOption func(*demoDriver)

// WithRateLimitEpisodes adds a burst over the tenant's allowance about 30 s
// in and every 5 minutes after, so 429s and a red rate-limit tile can be
// shown on purpose. Without it the live traffic (about two requests a second,
// some 120 a minute) stays well inside every plan: a new user's first look
// must not say the demo alone exceeds their plan.
func WithRateLimitEpisodes() DemoOption { return func(d *demoDriver) { d.episodes = true } }

// RunDemoTraffic makes the sandbox look lived-in: a few demo keys (created
// once, by "system", the first time), 30 days of backfilled history through
// the usage ingestion path (first run only), then a few requests per second
// through the real gateway over loopback — some 4xx and one IP violation;
// 429 bursts only WithRateLimitEpisodes. The driver authenticates with credentials that exist
// only in this process's memory (see driverSecret), so a restart changes
// nothing about the keys: no rotation, no new key, no audit entry. It returns
// when ctx ends or the server closes. It needs Listen to have run.
func (s *Server) RunDemoTraffic(ctx context.Context, opts ...DemoOption) {
	if s.baseURL == "" {
		s.log.Warn("demo traffic needs a listening sandbox")
		return
	}
	select {
	case <-s.stop:
		return
	default:
	}
	s.bg.Add(1) // Close waits for us: we write to Badger and the usage store
	defer s.bg.Done()
	var tenantID string
	if err := s.db.GetJSON([]byte(kSeeded), &tenantID); err != nil {
		s.log.WithError(err).Warn("demo traffic: no demo tenant")
		return
	}
	var admin userRec
	if err := s.db.GetJSON([]byte(pUser+demoRoles[0].email), &admin); err != nil {
		s.log.WithError(err).Warn("demo traffic: no demo admin")
		return
	}
	keys := make([]demoKey, len(demoKeySpecs))
	ids := make([]string, len(demoKeySpecs))
	for i, spec := range demoKeySpecs {
		e, err := s.demoKeyEntry(tenantID, admin, spec)
		if err != nil {
			s.log.WithError(err).Warn("demo traffic: key")
			return
		}
		sec, err := s.keys.driverSecret(e, spec.env)
		if err != nil {
			s.log.WithError(err).Warn("demo traffic: key")
			return
		}
		keys[i], ids[i] = demoKey{secret: sec, entry: e}, e.state.Load().rec.ID
	}
	s.backfill(tenantID, ids)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	d := &demoDriver{s: s, base: s.baseURL + "/api/v1", keys: keys, tenantID: tenantID,
		client: &http.Client{Timeout: 5 * time.Second}, rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))}
	for _, o := range opts {
		o(d)
	}
	d.run(ctx)
}

// demoKey is a demo key as the driver holds it.
type demoKey struct {
	secret string // the driver's in-memory credential for the key
	entry  *keyEntry
}

// demoKeyEntry finds the demo key of spec (the newest one, revoked or not:
// a key the user revoked stays revoked and the driver leaves it alone), or
// creates it on the first run. The creation is the platform's own action,
// so its audit entry's actor is "system"; the key's real secret is made and
// dropped at once — no one ever sees it.
func (s *Server) demoKeyEntry(tenantID string, admin userRec, spec demoKeySpec) (*keyEntry, error) {
	s.keyWrite.Lock()
	defer s.keyWrite.Unlock()
	var found *keyEntry
	for _, e := range s.keys.ofTenant(tenantID) {
		r := e.state.Load().rec
		if r.Name == spec.name && isDemoDescription(r.Description) && (found == nil || r.CreatedAt.After(found.state.Load().rec.CreatedAt)) {
			found = e
		}
	}
	if found != nil {
		return found, nil
	}
	secret, err := apikey.GenerateKey(spec.env)
	if err != nil {
		return nil, err
	}
	now := s.now()
	_, allowed, _ := apikey.ParseAllowList(spec.allowed)
	if allowed == nil {
		allowed = []string{}
	}
	rec := keyRec{ID: newID("key_"), TenantID: tenantID, Name: spec.name, Description: demoDescription, Environment: spec.env,
		Permissions: spec.perms, AllowedIPs: allowed, CreatedAt: now, CreatedBy: admin.Email, CreatedByID: admin.ID,
		Hash: hashHex(apikey.HashKey(secret)), Masked: apikey.Mask(secret)}
	ev := wire.AuditEvent{Kind: "created", Actor: wire.ActorSystem,
		Detail: map[string]any{"environment": spec.env, "permissions": spec.perms, "reason": "demo traffic"}}
	return s.storeKey(actor{}, rec, ev) // no user: the tenant-wide audit says "system"
}

// backfill feeds 30 days of plausible history (a daily rhythm, a few errors,
// rare 429s) through usage.Store.Ingest, once per data directory.
func (s *Server) backfill(tenantID string, keyIDs []string) {
	if _, err := s.db.Get([]byte(kBackfilled)); err == nil {
		return
	}
	// The history is some 60,000 events through the ingestion path: a
	// one-off burst of about 80 MB of short-lived allocations. Its memory
	// goes back to the OS at once rather than staying with the process
	// until the heap has grown that large again (the window's memory bar,
	// SPEC §6).
	defer debug.FreeOSMemory()
	now := s.now()
	rng := rand.New(rand.NewPCG(42, 42))
	routes := []struct {
		method, route string
		weight        int
	}{
		{"POST", "/api/v1/emails/send", 50}, {"GET", "/api/v1/emails/{id}", 15}, {"GET", "/api/v1/contacts", 12},
		{"POST", "/api/v1/contacts", 8}, {"GET", "/api/v1/campaigns", 6}, {"POST", "/api/v1/campaigns", 2},
		{"GET", "/api/v1/analytics/campaigns/{id}", 5}, {"DELETE", "/api/v1/contacts/{email}", 2},
	}
	ips := []string{"198.51.100.7", "198.51.100.23", "192.0.2.10", "127.0.0.1"}
	start := now.Add(-30 * 24 * time.Hour).Truncate(time.Hour)
	counts := make([]int64, len(keyIDs))
	errs := make([]int64, len(keyIDs))
	for h := start; h.Before(now.Truncate(time.Hour)); h = h.Add(time.Hour) {
		// Busier in the working day (UTC), quieter at night and at weekends.
		base := 40 + 80*math.Max(0, math.Sin(float64(h.Hour()-6)/24*2*math.Pi))
		if wd := h.Weekday(); wd == time.Saturday || wd == time.Sunday {
			base *= 0.4
		}
		n := int(base) + rng.IntN(20)
		for i := 0; i < n; i++ {
			ki := rng.IntN(2) // the first two keys carry the history
			r := routes[0]
			for i, w := 0, rng.IntN(100); i < len(routes); i++ { // weights sum to 100
				if w -= routes[i].weight; w < 0 {
					r = routes[i]
					break
				}
			}
			ev := usage.Event{At: h.Add(time.Duration(rng.Int64N(int64(time.Hour)))), TenantID: tenantID, KeyID: keyIDs[ki],
				Method: r.method, Route: r.route, IP: ips[rng.IntN(len(ips))], Status: 200,
				Latency: time.Duration(8+rng.ExpFloat64()*25) * time.Millisecond}
			if r.method == "POST" && r.route != "/api/v1/emails/send" {
				ev.Status = 201
			} else if r.route == "/api/v1/emails/send" {
				ev.Status = 202
			}
			switch x := rng.IntN(1000); {
			case x < 25:
				ev.Status, ev.Code, ev.Message = 400, wire.CodeInvalidRequest, wire.MsgValidation
			case x < 35:
				ev.Status, ev.Code, ev.Message = 404, wire.CodeNotFound, wire.MsgNotFound
			case x < 40:
				ev.Status, ev.Code, ev.Message = 403, wire.CodeInsufficientPermissions, wire.MsgInsufficientPermissions
			case x < 43:
				ev.Status, ev.Code, ev.Message = 429, wire.CodeRateLimitExceeded, wire.MsgRateLimitExceeded
			case x < 45:
				ev.Status, ev.Code, ev.Message = 500, wire.CodeInternal, wire.MsgInternal
			}
			s.usage.Ingest(ev)
			counts[ki]++
			if usage.IsError(ev.Status) {
				errs[ki]++
			}
		}
	}
	add := map[*keyEntry]*counterDelta{}
	for i, id := range keyIDs {
		if e := s.keys.get(tenantID, id); e != nil && counts[i] > 0 {
			add[e] = &counterDelta{requests: counts[i], errors: errs[i], lastUsed: now.Add(-time.Hour).UnixNano()}
		}
	}
	// the history and its counters are durable before the mark says so
	if err := s.usage.Checkpoint(); err != nil {
		s.log.WithError(err).Warn("save backfilled usage")
		return
	}
	if err := s.addCounters(add); err != nil {
		s.log.WithError(err).Warn("save backfilled key counters")
		return
	}
	if err := s.db.Set([]byte(kBackfilled), []byte(now.Format(time.RFC3339)), 0); err != nil {
		s.log.WithError(err).Warn("mark backfill")
	}
}

// demoDriver sends the live demo traffic.
type demoDriver struct {
	s        *Server
	base     string
	keys     []demoKey // backend, reporting, office-only
	tenantID string
	client   *http.Client
	rng      *rand.Rand
	emailIDs []string
	n        int
	episodes bool // rate-limit bursts (WithRateLimitEpisodes)
}

func (d *demoDriver) run(ctx context.Context) {
	tick := time.NewTicker(450 * time.Millisecond) // about two requests a second
	defer tick.Stop()
	d.keyed(ctx, "POST", "/emails/send", d.keys[2], map[string]any{"to": "ops@example.com", "subject": "From the office", "text_body": "hi"}) // the IP violation
	// The first 429 burst comes about 30 s in, then one every 5 minutes.
	lastBurst := time.Now().Add(-4*time.Minute - 30*time.Second)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		d.n++
		d.one(ctx)
		if d.burstDue(time.Now(), lastBurst) {
			lastBurst = time.Now()
			d.burst(ctx)
		}
	}
}

// burstDue says whether a rate-limit episode starts now: only when asked
// for, 5 minutes after the last one.
func (d *demoDriver) burstDue(now, last time.Time) bool {
	return d.episodes && now.Sub(last) > 5*time.Minute
}

func (d *demoDriver) one(ctx context.Context) {
	backend, reporting := d.keys[0], d.keys[1]
	do := d.keyed
	switch x := d.rng.IntN(20); {
	case x < 7:
		to := fmt.Sprintf("customer%d@example.com", d.rng.IntN(500))
		if d.rng.IntN(15) == 0 {
			to = "not-an-address"
		}
		var out wire.SendEmailResponse
		if do(ctx, "POST", "/emails/send", backend, map[string]any{"to": to, "subject": "Your receipt", "text_body": "Thanks for your order."}, &out) == 202 {
			d.emailIDs = append(d.emailIDs[max(0, len(d.emailIDs)-50):], out.ID)
		}
	case x < 10:
		id := "em_missing"
		if len(d.emailIDs) > 0 && d.rng.IntN(6) != 0 {
			id = d.emailIDs[d.rng.IntN(len(d.emailIDs))]
		}
		do(ctx, "GET", "/emails/"+id, backend, nil)
	case x < 13:
		do(ctx, "GET", "/contacts?limit=20", reporting, nil)
	case x < 15:
		do(ctx, "POST", "/contacts", backend, map[string]any{"email": fmt.Sprintf("lead%d@example.com", d.rng.IntN(300)), "first_name": "Lead"})
	case x < 17:
		do(ctx, "GET", "/campaigns", reporting, nil)
	case x < 18:
		do(ctx, "POST", "/campaigns", backend, map[string]any{"name": fmt.Sprintf("Newsletter %d", d.n), "subject": "News"})
	case x < 19:
		do(ctx, "POST", "/emails/send", reporting, map[string]any{"to": "x@example.com", "subject": "s", "text_body": "b"}) // 403: read-only key
	default:
		d.do(ctx, "GET", "/emails/em_x", "pm_live_not-a-real-key", nil) // 401
	}
}

// burst exceeds the tenant's allowance a little so a few 429s appear; it is
// bounded by the limiter's current allowance plus 20.
func (d *demoDriver) burst(ctx context.Context) {
	g := d.s.limiter(d.tenantID)
	if g == nil {
		return
	}
	n := int(min(g.available(d.s.now()), 3000)) + 20
	var wg sync.WaitGroup
	jobs := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				d.keyed(ctx, "GET", "/campaigns?limit=1", d.keys[1], nil)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
}

// keyed sends with a demo key, unless the user revoked it: then the demo
// leaves it alone rather than filling the security log.
func (d *demoDriver) keyed(ctx context.Context, method, path string, k demoKey, body any, out ...any) int {
	if k.entry.state.Load().revoked {
		return 0
	}
	return d.do(ctx, method, path, k.secret, body, out...)
}

func (d *demoDriver) do(ctx context.Context, method, path, key string, body any, out ...any) int {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, rd)
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if len(out) > 0 && resp.StatusCode < 300 {
		json.NewDecoder(resp.Body).Decode(out[0])
	}
	return resp.StatusCode
}

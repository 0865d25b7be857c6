package usage

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// fakeClock is the injected time source of the tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

var t0 = time.Date(2026, 3, 10, 12, 30, 15, 0, time.UTC)

func newStore(t *testing.T, db *cache.DB, clk *fakeClock) *Store {
	t.Helper()
	s, err := Open(db, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ev(at time.Time, key, method, route string, status int, lat time.Duration) Event {
	e := Event{At: at, TenantID: "t1", KeyID: key, Method: method, Route: route, Status: status,
		Latency: lat, IP: "198.51.100.7"}
	if status >= 400 {
		e.Code = map[int]string{400: "invalid_request", 401: "invalid_token", 403: "insufficient_permissions",
			404: "not_found", 429: "rate_limit_exceeded", 500: "internal"}[status]
		e.Message = "failed: " + e.Code
	}
	return e
}

func TestExactCountsMixedStream(t *testing.T) {
	clk := &fakeClock{t: t0}
	s := newStore(t, nil, clk)
	defer s.Close()

	type spec struct {
		key, method, route string
		status, n          int
	}
	specs := []spec{
		{"k1", "POST", "/api/v1/emails/send", 200, 700},
		{"k1", "POST", "/api/v1/emails/send", 400, 31},
		{"k1", "POST", "/api/v1/emails/send", 429, 17},
		{"k2", "GET", "/api/v1/contacts", 200, 250},
		{"k2", "GET", "/api/v1/contacts", 403, 9},
		{"k2", "GET", "/api/v1/emails/{id}", 404, 12},
		{"k3", "POST", "/api/v1/campaigns", 500, 3},
		{"k3", "POST", "/api/v1/campaigns", 201, 40},
	}
	var wg sync.WaitGroup
	for i, sp := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < sp.n; j++ {
				at := t0.Add(-time.Duration(j%50) * time.Minute).Add(-time.Duration(i) * time.Second)
				s.Ingest(ev(at, sp.key, sp.method, sp.route, sp.status, 20*time.Millisecond))
			}
		}()
	}
	wg.Wait()

	u, err := s.Query("t1", wire.UsageQuery{Range: "1h"}, 300, map[string]string{"k1": "Prod", "k2": "CRM"})
	if err != nil {
		t.Fatal(err)
	}
	sm := u.Summary
	if sm.TotalRequests != 1062 {
		t.Fatalf("total = %d, want 1062", sm.TotalRequests)
	}
	if sm.RateLimitedCount != 17 {
		t.Errorf("rate limited = %d, want 17", sm.RateLimitedCount)
	}
	wantRate := float64(990) * 100 / 1062
	if diff := sm.SuccessRate - wantRate; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("success rate = %v, want %v", sm.SuccessRate, wantRate)
	}
	if sm.AvgLatencyMs != 20 {
		t.Errorf("avg latency = %v, want 20", sm.AvgLatencyMs)
	}
	var total, success, client, server, limited int64
	for _, p := range u.Series {
		total += p.Total
		success += p.Success
		client += p.ClientErrors
		server += p.ServerErrors
		limited += p.RateLimited
	}
	if total != 1062 || success != 990 || client != 52 || server != 3 || limited != 17 {
		t.Errorf("series sums total=%d success=%d client=%d server=%d limited=%d", total, success, client, server, limited)
	}
	eps := map[string]wire.EndpointStats{}
	for _, e := range u.Endpoints {
		eps[e.Method+" "+e.Endpoint] = e
	}
	// errors are client and server errors; its 17 429s are counted apart
	if e := eps["POST /api/v1/emails/send"]; e.Requests != 748 || e.Errors != 31 || e.RateLimited != 17 {
		t.Errorf("emails/send = %+v", e)
	}
	if u.Endpoints[0].Endpoint != "/api/v1/emails/send" {
		t.Errorf("top endpoint = %s", u.Endpoints[0].Endpoint)
	}
	st := map[int]int64{}
	for _, c := range u.ErrorsByStatus {
		st[c.Status] = c.Count
	}
	if st[400] != 31 || st[429] != 17 || st[403] != 9 || st[404] != 12 || st[500] != 3 || len(st) != 5 {
		t.Errorf("errors by status = %v", u.ErrorsByStatus)
	}
	keys := map[string]wire.KeyUsage{}
	for _, k := range u.Keys {
		keys[k.KeyID] = k
	}
	if keys["k1"].Requests != 748 || keys["k1"].Name != "Prod" || keys["k3"].Requests != 43 {
		t.Errorf("keys = %+v", u.Keys)
	}
	if keys["k1"].LastUsed == nil {
		t.Error("k1 last_used missing")
	}
	if len(u.RecentErrors) != 72 {
		t.Errorf("recent errors = %d, want 72 (all errors)", len(u.RecentErrors))
	}
	for i := 1; i < len(u.RecentErrors); i++ {
		if u.RecentErrors[i].At.After(u.RecentErrors[i-1].At) {
			t.Fatal("recent errors not newest first")
		}
	}

	// a key filter narrows everything to the key
	k, err := s.Query("t1", wire.UsageQuery{Range: "1h", KeyID: "k2"}, 300, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k.Summary.TotalRequests != 271 || len(k.Keys) != 1 || len(k.Endpoints) != 2 {
		t.Errorf("k2 filter: total=%d keys=%d endpoints=%d", k.Summary.TotalRequests, len(k.Keys), len(k.Endpoints))
	}
	for _, e := range k.RecentErrors {
		if e.KeyID != "k2" {
			t.Fatalf("error of %s in k2's answer", e.KeyID)
		}
	}
	// another tenant sees nothing
	o, _ := s.Query("t2", wire.UsageQuery{Range: "1h"}, 300, nil)
	if o.Summary.TotalRequests != 0 || len(o.Series) != 60 || len(o.RecentErrors) != 0 {
		t.Errorf("tenant t2 sees %d requests", o.Summary.TotalRequests)
	}
}

func TestSeriesBucketing(t *testing.T) {
	clk := &fakeClock{t: t0} // 12:30:15
	s := newStore(t, nil, clk)
	defer s.Close()
	s.Ingest(ev(t0.Add(-10*time.Second), "k", "GET", "/a", 200, time.Millisecond)) // 12:30:05 → minute 12:30
	s.Ingest(ev(t0.Add(-20*time.Second), "k", "GET", "/a", 500, time.Millisecond)) // 12:29:55 → 12:29
	s.Ingest(ev(t0.Add(-30*time.Minute), "k", "GET", "/a", 429, time.Millisecond)) // 12:00:15
	s.Ingest(ev(t0.Add(-2*time.Hour), "k", "GET", "/a", 200, time.Millisecond))    // outside 1h
	s.Ingest(ev(t0.Add(-3*24*time.Hour), "k", "GET", "/a", 404, time.Millisecond)) // 3 days ago

	u, err := s.Query("t1", wire.UsageQuery{Range: "1h"}, 60, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u.Range.Granularity != "minute" || len(u.Series) != 60 || len(u.RateLimitSeries) != 60 {
		t.Fatalf("1h: granularity %s, %d points", u.Range.Granularity, len(u.Series))
	}
	last := u.Series[59]
	if !last.T.Equal(time.Date(2026, 3, 10, 12, 30, 0, 0, time.UTC)) || last.Success != 1 || last.Total != 1 {
		t.Errorf("last point = %+v", last)
	}
	if p := u.Series[58]; p.ServerErrors != 1 {
		t.Errorf("12:29 point = %+v", p)
	}
	if p := u.Series[29]; !p.T.Equal(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)) || p.RateLimited != 1 {
		t.Errorf("12:00 point = %+v", p)
	}
	if u.Summary.TotalRequests != 3 || u.Summary.PeakRPM != 1 {
		t.Errorf("1h summary = %+v", u.Summary)
	}
	if rl := u.RateLimitSeries[59]; rl.PeakRPM != 1 || rl.Limit != 60 {
		t.Errorf("rate limit point = %+v", rl)
	}

	w, _ := s.Query("t1", wire.UsageQuery{Range: "7d"}, 60, nil)
	if w.Range.Granularity != "hour" || len(w.Series) != 168 || w.Summary.TotalRequests != 5 {
		t.Errorf("7d: %s, %d points, %d requests", w.Range.Granularity, len(w.Series), w.Summary.TotalRequests)
	}
	m, _ := s.Query("t1", wire.UsageQuery{Range: "30d"}, 60, nil)
	if m.Range.Granularity != "hour" || len(m.Series) != 720 || m.Summary.TotalRequests != 5 {
		t.Errorf("30d: %s, %d points, %d requests", m.Range.Granularity, len(m.Series), m.Summary.TotalRequests)
	}
	d, _ := s.Query("t1", wire.UsageQuery{Range: "24h"}, 60, nil)
	if d.Summary.TotalRequests != 4 || len(d.Series) != 1440 {
		t.Errorf("24h: %d requests, %d points", d.Summary.TotalRequests, len(d.Series))
	}

	// custom ranges pick the granularity by length
	from, to := t0.Add(-90*time.Minute), t0
	c, _ := s.Query("t1", wire.UsageQuery{From: &from, To: &to}, 60, nil)
	if c.Range.Granularity != "minute" || c.Summary.TotalRequests != 3 {
		t.Errorf("custom 90m: %s, %d", c.Range.Granularity, c.Summary.TotalRequests)
	}
	from = t0.Add(-100 * 24 * time.Hour)
	c, _ = s.Query("t1", wire.UsageQuery{From: &from, To: &to}, 60, nil)
	if c.Range.Granularity != "day" || c.Summary.TotalRequests != 5 {
		t.Errorf("custom 100d: %s, %d", c.Range.Granularity, c.Summary.TotalRequests)
	}
	if _, err := s.Query("t1", wire.UsageQuery{Range: "2w"}, 60, nil); err == nil {
		t.Error("range 2w accepted")
	}
	if _, err := s.Query("t1", wire.UsageQuery{From: &to, To: &from}, 60, nil); err == nil {
		t.Error("from after to accepted")
	}
}

func TestP95FromHistogram(t *testing.T) {
	clk := &fakeClock{t: t0}
	s := newStore(t, nil, clk)
	defer s.Close()
	// 1..1000 ms, once each: the true p95 is 950 ms
	for i := 1; i <= 1000; i++ {
		s.Ingest(ev(t0.Add(-time.Duration(i%40)*time.Minute), "k", "GET", "/a", 200, time.Duration(i)*time.Millisecond))
	}
	for _, r := range []string{"1h", "30d"} {
		u, _ := s.Query("t1", wire.UsageQuery{Range: r}, 60, nil)
		lo, hi := histBounds(histIndex(950_000))
		got := u.Summary.P95LatencyMs * 1000
		if got < lo || got > hi {
			t.Errorf("%s: p95 = %.1f ms, outside the bucket of 950 ms [%.1f, %.1f) ms", r, got/1000, lo/1000, hi/1000)
		}
		if u.Summary.AvgLatencyMs != 500.5 {
			t.Errorf("%s: avg = %v, want 500.5", r, u.Summary.AvgLatencyMs)
		}
	}
}

func TestRestartKeepsCounts(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{t: t0}
	db, err := cache.Open(dir, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t, db, clk)
	for i := 0; i < 500; i++ {
		s.Ingest(ev(t0.Add(-time.Duration(i)*time.Minute), "k1", "POST", "/api/v1/emails/send", []int{200, 200, 400, 429}[i%4], 5*time.Millisecond))
	}
	for i := 0; i < 40; i++ { // backfilled history beyond the minute retention
		s.Ingest(ev(t0.Add(-time.Duration(5+i%20)*24*time.Hour), "k2", "GET", "/api/v1/contacts", 200, time.Millisecond))
	}
	if err := s.Commit(Record{Event: Event{At: t0, TenantID: "t1", KeyID: "k1", Method: "GET", Route: "/a", Status: 200, IP: "203.0.113.9"}}); err != nil {
		t.Fatal(err)
	}
	before := map[string]wire.APIUsage{}
	for _, r := range []string{"1h", "24h", "7d", "30d"} {
		before[r], _ = s.Query("t1", wire.UsageQuery{Range: r}, 300, nil)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Close saved whole rollups and dropped the journal entries they
	// include, so the next Open reads a few records, not every event.
	journal, records := 0, 0
	db.Scan(prefixJournal, false, func(_, _ []byte) error { journal++; return nil })
	db.Scan(prefixRecord, false, func(_, _ []byte) error { records++; return nil })
	if journal != 0 || records == 0 {
		t.Errorf("after Close: %d journal entries, %d records", journal, records)
	}
	db.Close()

	// twice, to be sure a restored rollup is not counted again
	for round := 0; round < 2; round++ {
		db, err = cache.Open(dir, cache.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s = newStore(t, db, clk)
		for r, b := range before {
			a, _ := s.Query("t1", wire.UsageQuery{Range: r}, 300, nil)
			if a.Summary != b.Summary {
				t.Errorf("round %d %s: summary after restart %+v, before %+v", round, r, a.Summary, b.Summary)
			}
			if len(a.RecentErrors) != len(b.RecentErrors) || len(a.Endpoints) != len(b.Endpoints) {
				t.Errorf("round %d %s: %d errors/%d endpoints after restart, %d/%d before", round, r,
					len(a.RecentErrors), len(a.Endpoints), len(b.RecentErrors), len(b.Endpoints))
			}
		}
		if b := before["30d"].Summary.TotalRequests; b != 541 {
			t.Errorf("30d total = %d, want 541", b)
		}
		if _, _, ips := s.KeyStats("t1", "k1"); len(ips) != 2 {
			t.Errorf("recent IPs after restart = %v", ips)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
}

func TestRetentionByClock(t *testing.T) {
	clk := &fakeClock{t: t0}
	s := newStore(t, nil, clk)
	defer s.Close()
	for i := 0; i < 10; i++ {
		s.Ingest(ev(t0, "k", "GET", "/a", 200, time.Millisecond))
	}
	s.drain()
	clk.Set(t0.Add(49 * time.Hour))
	s.prune()
	s.mu.RLock()
	th := s.tenants["t1"]
	minutes, hours, days := len(th.lv[lvMinute]), len(th.lv[lvHour]), len(th.lv[lvDay])
	s.mu.RUnlock()
	if minutes != 0 || hours != 1 || days != 1 {
		t.Fatalf("after 49 h: %d minutes, %d hours, %d days kept", minutes, hours, days)
	}
	u, _ := s.Query("t1", wire.UsageQuery{Range: "7d"}, 60, nil)
	if u.Summary.TotalRequests != 10 {
		t.Errorf("7d after minute retention: %d", u.Summary.TotalRequests)
	}
	clk.Set(t0.Add(91 * 24 * time.Hour))
	s.prune()
	s.mu.RLock()
	hours, days = len(th.lv[lvHour]), len(th.lv[lvDay])
	s.mu.RUnlock()
	if hours != 0 || days != 1 {
		t.Errorf("after 91 days: %d hours, %d days", hours, days)
	}
	clk.Set(t0.Add(401 * 24 * time.Hour))
	s.prune()
	s.mu.RLock()
	days = len(th.lv[lvDay])
	s.mu.RUnlock()
	if days != 0 {
		t.Errorf("after 401 days: %d days", days)
	}
}

func TestLiveTick(t *testing.T) {
	clk := &fakeClock{t: t0}
	s := newStore(t, nil, clk)
	defer s.Close()
	for i := 0; i < 5; i++ {
		s.Ingest(ev(t0.Add(-300*time.Millisecond), "k", "GET", "/a", 200, 10*time.Millisecond))
	}
	s.Ingest(ev(t0.Add(-200*time.Millisecond), "k", "GET", "/a", 429, 30*time.Millisecond))
	s.Ingest(ev(t0.Add(-150*time.Millisecond), "k", "GET", "/a", 404, 40*time.Millisecond))
	s.Ingest(ev(t0.Add(-30*time.Second), "k", "GET", "/a", 200, time.Millisecond))
	s.Ingest(ev(t0.Add(-90*time.Second), "k", "GET", "/a", 200, time.Millisecond)) // out of the minute
	m := s.LiveTick("t1", t0)
	// the 429 is rate limited, not an error: a strip never counts it twice
	if m.Type != "tick" || m.Requests != 7 || m.Errors != 1 || m.RateLimited != 1 || m.RPM != 8 {
		t.Errorf("tick = %+v", m)
	}
	if want := float64(120) / 7; m.AvgLatencyMs != want {
		t.Errorf("avg latency = %v, want %v", m.AvgLatencyMs, want)
	}
	if n := s.LiveTick("t1", t0.Add(time.Second)); n.Requests != 0 || n.RPM != 8 {
		t.Errorf("next tick = %+v", n)
	}
}

func TestKeyStats(t *testing.T) {
	clk := &fakeClock{t: t0}
	s := newStore(t, nil, clk)
	defer s.Close()
	e := ev(t0.Add(-time.Minute), "k1", "POST", "/api/v1/emails/send", 400, time.Millisecond)
	e.Message = `Field "to", is invalid`
	s.Ingest(e)
	s.Ingest(ev(t0.Add(-2*time.Minute), "k1", "GET", "/api/v1/contacts", 200, time.Millisecond))
	s.Ingest(ev(t0.Add(-3*time.Minute), "k1", "GET", "/api/v1/contacts", 429, time.Millisecond))
	s.Ingest(ev(t0.Add(-26*time.Hour), "k1", "GET", "/api/v1/contacts", 404, time.Millisecond))
	for i := 0; i < 12; i++ {
		x := ev(t0.Add(-time.Duration(i)*time.Second), "k1", "GET", "/api/v1/contacts", 200, time.Millisecond)
		x.IP = fmt.Sprintf("192.0.2.%d", i)
		s.Ingest(x)
	}
	byDay, top, ips := s.KeyStats("t1", "k1")
	if len(byDay) != 30 || byDay[29].Date != "2026-03-10" || byDay[29].Requests != 15 || byDay[29].Errors != 1 || byDay[29].RateLimited != 1 {
		t.Errorf("today = %+v", byDay[29])
	}
	if byDay[28].Requests != 1 || byDay[28].Errors != 1 {
		t.Errorf("yesterday = %+v", byDay[28])
	}
	if len(top) != 2 || top[0].Endpoint != "/api/v1/contacts" || top[0].Requests != 15 {
		t.Errorf("top = %+v", top)
	}
	if len(ips) != 10 || ips[0].IP != "192.0.2.0" {
		t.Errorf("ips = %+v", ips)
	}
}

func TestConcurrentIngestAndQueryStayExact(t *testing.T) {
	clk := &fakeClock{t: t0}
	s := newStore(t, nil, clk)
	defer s.Close()
	const writers, each = 4, 5000
	var wg sync.WaitGroup
	stop := make(chan struct{})
	go func() { // readers drain while writers write
		for {
			select {
			case <-stop:
				return
			default:
				s.Query("t1", wire.UsageQuery{Range: "1h"}, 300, nil)
				s.LiveTick("t1", t0)
			}
		}
	}()
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				s.Ingest(ev(t0.Add(-time.Duration(i%30)*time.Minute), fmt.Sprintf("k%d", w), "GET", "/a", []int{200, 404}[i%2], time.Millisecond))
			}
		}()
	}
	wg.Wait()
	close(stop)
	u, _ := s.Query("t1", wire.UsageQuery{Range: "1h"}, 300, nil)
	if u.Summary.TotalRequests != writers*each || len(u.Keys) != writers {
		t.Fatalf("total %d (want %d), %d keys", u.Summary.TotalRequests, writers*each, len(u.Keys))
	}
	for _, k := range u.Keys {
		if k.Requests != each || k.SuccessRate != 50 {
			t.Errorf("key %+v", k)
		}
	}
}

// Ticks that run late or early still count every request exactly once.
func TestLiveTicksNeitherMissNorRepeat(t *testing.T) {
	clk := &fakeClock{t: t0}
	s := newStore(t, nil, clk)
	defer s.Close()
	s.LiveTick("t1", t0) // the first tick sets the cursor
	var sent, seen int64
	tick := t0
	jitter := []time.Duration{0, 130, -70, 450, 10, -90, 800, 0}
	for i := 0; i < 40; i++ {
		next := t0.Add(time.Duration(i+1) * time.Second).Add(jitter[i%len(jitter)] * time.Millisecond)
		// requests spread over the interval, some right after the tick
		for at := tick.Add(time.Millisecond); at.Before(next); at = at.Add(37 * time.Millisecond) {
			s.Ingest(ev(at, "k", "GET", "/a", 200, time.Millisecond))
			sent++
		}
		// the tick reads at `next`: requests of its own (incomplete) 100 ms
		// slot are left for the next tick
		seen += s.LiveTick("t1", next).Requests
		tick = next
	}
	seen += s.LiveTick("t1", tick.Add(time.Second)).Requests
	if seen != sent {
		t.Errorf("ticks counted %d of %d requests", seen, sent)
	}
}

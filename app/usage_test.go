package app

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

const usagePW = "usage-test-password"

// usageApp starts a console on dir whose clock the test moves across the
// one-minute freshness line without waiting.
func usageApp(t *testing.T, apiURL, dir string, clk *sandboxtest.Clock) (*App, *uiEvents) {
	t.Helper()
	return startAppEvents(t, Config{APIURL: apiURL, DataDir: dir, Clock: clk.Now})
}

// gateway makes one API call and returns its status.
func gateway(t *testing.T, base, key, method, path, body string) int {
	t.Helper()
	s, _ := callGateway(t, base, key, method, path, body)
	return s
}

func TestUsageFreshnessOfflineSnapshotsAndRestart(t *testing.T) {
	sb, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: usagePW})

	dir := t.TempDir()
	clk := sandboxtest.NewClock(time.Now())
	a, ev := usageApp(t, url, dir, clk)
	if _, err := a.Usage.Get(UsageRequest{Range: "1h"}); uiCode(err) != CodeNotSignedIn {
		t.Fatalf("signed out: %v", err)
	}
	created := signInWithKey(t, a, usagePW, "usage test", "send_email")
	key := created.APIKey
	for i := 0; i < 3; i++ {
		if s := gateway(t, url, key, "POST", "/emails/send", `{"to":"a@example.com","subject":"s","text_body":"b"}`); s != 202 && s != 200 && s != 201 {
			t.Fatalf("send: %d", s)
		}
	}
	for i := 0; i < 2; i++ {
		if s := gateway(t, url, key, "GET", "/contacts", ""); s != http.StatusForbidden {
			t.Fatalf("contacts without the scope: %d", s)
		}
	}

	// Fetched, then served from the cache for a minute, then fetched again.
	v, err := a.Usage.Get(UsageRequest{Range: "1h"})
	if err != nil || v.FromCache || v.Offline {
		t.Fatalf("first get: %+v %v", v, err)
	}
	if v.Data.Summary.TotalRequests != 5 {
		t.Fatalf("total = %d, want exactly 5", v.Data.Summary.TotalRequests)
	}
	var forbidden int64
	for _, s := range v.Data.ErrorsByStatus {
		if s.Status == 403 {
			forbidden = s.Count
		}
	}
	if forbidden != 2 {
		t.Fatalf("403s = %d, want 2 (%+v)", forbidden, v.Data.ErrorsByStatus)
	}
	gateway(t, url, key, "POST", "/emails/send", `{"to":"b@example.com","subject":"s","text_body":"b"}`)
	clk.Advance(59 * time.Second)
	if v, _ = a.Usage.Get(UsageRequest{Range: "1h"}); !v.FromCache || v.Data.Summary.TotalRequests != 5 || v.AgeSeconds != 59 {
		t.Fatalf("at 59 s: from_cache=%v total=%d age=%d, want the cached answer", v.FromCache, v.Data.Summary.TotalRequests, v.AgeSeconds)
	}
	clk.Advance(time.Second)
	if v, _ = a.Usage.Get(UsageRequest{Range: "1h"}); v.FromCache || v.Data.Summary.TotalRequests != 6 {
		t.Fatalf("at 60 s: from_cache=%v total=%d, want a fresh fetch with 6", v.FromCache, v.Data.Summary.TotalRequests)
	}
	if v, _ = a.Usage.Get(UsageRequest{Range: "1h", Refresh: true}); v.FromCache {
		t.Fatal("Refresh must skip the cache")
	}
	if _, err := a.Usage.Get(UsageRequest{Range: "2h"}); uiCode(err) != CodeBadInput {
		t.Fatalf("bad range: %v", err)
	}
	if _, err := a.Usage.Get(UsageRequest{Range: "custom", From: "2026-01-02T00:00:00Z", To: "2026-01-01T00:00:00Z"}); uiCode(err) != CodeBadInput {
		t.Fatalf("custom range backwards: %v", err)
	}

	// Live ticks reach the UI and feed the rate-limit indicator.
	ev.wait(t, "a live tick", func() bool { return len(ev.of(EventLiveTick)) > 0 }, nil)
	cur, err := a.Usage.Current()
	if err != nil || cur.Plan != "professional" || cur.Limit != 300 || cur.Burst != 500 || !cur.Live {
		t.Fatalf("current = %+v, %v", cur, err)
	}
	if st, _ := a.Usage.LiveState(); st.State != "live" {
		t.Fatalf("live state = %+v", st)
	}
	if r, _ := a.Usage.LiveRecent(); len(r) == 0 {
		t.Fatal("no recent ticks kept for the live strip")
	}

	// The jobs' minute snapshot keeps every range: the last hour each
	// minute, the longer ones when their newest snapshot has aged.
	if err := a.Usage.snapshotJob(t.Context()); err != nil {
		t.Fatalf("snapshot job: %v", err)
	}
	_, tenant, _ := a.Session.current()
	for _, r := range []string{"24h", "7d", "30d"} {
		if s, err := a.Usage.snaps.newest(tenant.ID, cache.SnapshotQuery{Range: r}); err != nil || s.Data.Summary.TotalRequests != 6 {
			t.Fatalf("%s snapshot from the job: %+v %v", r, s, err)
		}
	}
	before := len(mustSnapshots(t, a))
	clk.Advance(time.Minute)
	if err := a.Usage.snapshotJob(t.Context()); err != nil {
		t.Fatal(err)
	}
	if added := len(mustSnapshots(t, a)) - before; added != 1 {
		t.Errorf("a minute later the job added %d snapshots, want 1 (the last hour; the longer ranges are still fresh)", added)
	}

	csvFile, err := a.Usage.ErrorsCSV(UsageRequest{Range: "1h"})
	if err != nil || strings.Count(csvFile.Content, "insufficient_permissions") != 2 || !strings.HasSuffix(csvFile.Filename, ".csv") {
		t.Fatalf("errors.csv: %+v %v", csvFile, err)
	}

	// The platform goes away: the newest snapshot, marked offline with its age.
	sb.Close()
	clk.Advance(2 * time.Minute)
	v, err = a.Usage.Get(UsageRequest{Range: "1h"})
	if err != nil || !v.Offline || v.Data.Summary.TotalRequests != 6 || v.AgeSeconds != 120 {
		t.Fatalf("offline: offline=%v total=%d age=%d err=%v", v.Offline, v.Data.Summary.TotalRequests, v.AgeSeconds, err)
	}
	if a.Session.isOnline() {
		t.Error("the session must know the platform is unreachable")
	}
	if v, err := a.Usage.Get(UsageRequest{Range: "30d"}); err != nil || !v.Offline || v.Data.Summary.TotalRequests != 6 {
		t.Fatalf("offline 30d from the job's snapshot: %+v %v", v, err)
	}
	if _, err := a.Usage.Get(UsageRequest{Range: "7d", KeyID: created.Key.KeyID}); uiCode(err) != CodeOffline {
		t.Fatalf("offline with no snapshot of that range and key: %v", err)
	}
	csvFile, err = a.Usage.ErrorsCSV(UsageRequest{Range: "1h"})
	if err != nil || strings.Count(csvFile.Content, "insufficient_permissions") != 2 {
		t.Fatalf("offline errors.csv from the snapshot: %+v %v", csvFile, err)
	}
	checkHistory(t, a, 3)
	a.Stop()

	// After a restart, still offline: the stored session and snapshots remain.
	a, _ = usageApp(t, url, dir, clk)
	defer a.Stop()
	v, err = a.Usage.Get(UsageRequest{Range: "1h"})
	if err != nil || !v.Offline || v.Data.Summary.TotalRequests != 6 {
		t.Fatalf("after restart: %+v %v", v, err)
	}
	checkHistory(t, a, 3)
}

// checkHistory: the history lists at least n snapshots newest first, each
// opens by id, and exports as CSV and JSON.
func checkHistory(t *testing.T, a *App, n int) {
	t.Helper()
	list, err := a.Usage.Snapshots("", "")
	if err != nil || len(list) < n {
		t.Fatalf("history: %d snapshots, %v", len(list), err)
	}
	oldest := list[len(list)-1]
	s, err := a.Usage.Snapshot(oldest.ID)
	if err != nil || !s.FetchedAt.Equal(oldest.FetchedAt) || s.Data.Summary.TotalRequests != 5 {
		t.Fatalf("oldest snapshot: %+v %v", s.SnapshotMeta, err)
	}
	win, _ := a.Usage.Snapshots(oldest.FetchedAt.Format(time.RFC3339Nano), oldest.FetchedAt.Add(time.Second).Format(time.RFC3339Nano))
	if len(win) == 0 || win[len(win)-1].ID != oldest.ID {
		t.Fatalf("history by date: %+v", win)
	}
	f, err := a.Usage.ExportSnapshot(oldest.ID, "csv")
	if err != nil || !strings.Contains(f.Content, "# summary\ntotal_requests") || !strings.HasSuffix(f.Filename, ".csv") {
		t.Fatalf("csv export: %v\n%s", err, f.Content)
	}
	f, err = a.Usage.ExportSnapshot(oldest.ID, "json")
	var back struct {
		Data wire.APIUsage `json:"data"`
	}
	if err != nil || json.Unmarshal([]byte(f.Content), &back) != nil || back.Data.Summary.TotalRequests != 5 {
		t.Fatalf("json export: %v", err)
	}
	if _, err := a.Usage.ExportSnapshot(oldest.ID, "xml"); uiCode(err) != CodeBadInput {
		t.Fatalf("xml export: %v", err)
	}
	if _, err := a.Usage.Snapshot("nope"); uiCode(err) != wire.CodeNotFound {
		t.Fatalf("unknown snapshot: %v", err)
	}
}

// Refused requests are counted apart from the ones that used the limit.
func TestRefusedSince(t *testing.T) {
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	ticks := []wire.LiveMessage{
		{Type: "tick", T: now.Add(-90 * time.Second), RateLimited: 40}, // before the minute
		{Type: "tick", T: now.Add(-59 * time.Second), RateLimited: 7},
		{Type: "security_event", T: now.Add(-10 * time.Second)},
		{Type: "tick", T: now, RateLimited: 5},
	}
	if got := refusedSince(ticks, now.Add(-time.Minute)); got != 12 {
		t.Fatalf("refused in the last minute = %d, want 12", got)
	}
}

func TestRateLimitFigures(t *testing.T) {
	for _, c := range []struct {
		used, limit, burst, remaining int64
		pct                           float64
		reset                         int64
	}{
		{45, 300, 500, 455, 15, 9},   // 45 missing × 0.2 s
		{0, 300, 500, 500, 0, 0},     // full bucket
		{300, 300, 500, 0, 100, 100}, // empty bucket: 500 × 0.2 s
		{7, 60, 100, 99, 11.7, 1},
		{1, 0, 0, 0, 0, 0},
	} {
		pct, reset := rateLimitFigures(c.used, c.limit, c.burst, c.remaining)
		if pct != c.pct || reset != c.reset {
			t.Errorf("%+v: pct %v reset %d", c, pct, reset)
		}
	}
}

func mustSnapshots(t *testing.T, a *App) []cache.SnapshotMeta {
	t.Helper()
	s, err := a.Usage.Snapshots("", "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

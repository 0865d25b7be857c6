package app

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// BenchmarkNewestSnapshot reads the newest usage snapshot and decodes it (what
// an offline Usage screen does) from a cache on disk holding 90 days of per-minute snapshots:
// 129,600 of them, loaded once with a WriteBatch. Each is what the 30-day
// Usage screen keeps for a tenant with 50 keys and 20 endpoints.
func BenchmarkNewestSnapshot(b *testing.B) {
	const perDay = 24 * 60
	const n = 90 * perDay
	dir := b.TempDir()
	db, err := cache.Open(dir, cache.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	s := usageSnapshots{cache.NewSnapshots(db, 0, func() time.Time { return now })}

	// The 1-hour snapshots of 90 days make the index as big as it gets;
	// the hour of 30-day snapshots is what is read.
	small := mustJSON(b, wire.APIUsage{
		Summary:   wire.UsageSummary{TotalRequests: 1200, SuccessRate: 98.2, AvgLatencyMs: 41, P95LatencyMs: 120, RateLimitUsagePct: 37, PeakRPM: 111},
		Endpoints: []wire.EndpointStats{{Method: "POST", Endpoint: "/emails/send", Requests: 800, SuccessRate: 99, AvgLatencyMs: 40}},
	})
	big := mustJSON(b, realisticUsage(now))
	b.Logf("each 30-day snapshot: %d KB of JSON", len(big)/1024)
	start := time.Now()
	const chunk = 10_000
	for i := 0; i < n; i += chunk {
		batch := make([]cache.Snapshot, 0, chunk)
		for j := i; j < min(i+chunk, n); j++ {
			at := now.Add(-time.Duration(n-1-j) * time.Minute)
			batch = append(batch, cache.Snapshot{SnapshotMeta: cache.SnapshotMeta{Tenant: "ten_demo", Range: "1h", FetchedAt: at}, Data: small})
		}
		if err := s.Import(batch); err != nil {
			b.Fatal(err)
		}
	}
	const big30d = 60 // an hour of them: the index is already full
	for i := 0; i < big30d; i += chunk {
		batch := make([]cache.Snapshot, 0, chunk)
		for j := i; j < min(i+chunk, big30d); j++ {
			at := now.Add(-time.Duration(big30d-1-j) * time.Minute)
			batch = append(batch, cache.Snapshot{SnapshotMeta: cache.SnapshotMeta{Tenant: "ten_demo", Range: "30d", FetchedAt: at}, Data: big})
		}
		if err := s.Import(batch); err != nil {
			b.Fatal(err)
		}
	}
	if l, _ := s.List("ten_demo", now.Add(-time.Hour), now, 0); len(l) != 121 {
		b.Fatalf("last hour lists %d snapshots, want 121", len(l))
	}
	b.Logf("loaded %d snapshots in %s", n+big30d, time.Since(start).Round(time.Millisecond))

	q := cache.SnapshotQuery{Range: "30d"}
	b.ResetTimer()
	for b.Loop() {
		snap, err := s.newest("ten_demo", q)
		if err != nil || !snap.FetchedAt.Equal(now) || len(snap.Data.Keys) != 50 {
			b.Fatalf("newest = %v, %v", snap, err)
		}
	}
	b.StopTimer()
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(per.Microseconds()), "µs/read")
	b.ReportMetric(float64(per.Nanoseconds())/1e6, "ms/op")
	fmt.Printf("newest 30-day snapshot of %d (90 days per minute): %s per read\n", n+big30d, per.Round(100*time.Nanosecond))
}

func mustJSON(b *testing.B, v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// realisticUsage is a 30-day api-usage answer for 50 keys and 20 endpoints:
// hourly series, every endpoint and key, the error breakdown and the 100
// newest errors, as the Usage screen stores it.
func realisticUsage(now time.Time) wire.APIUsage {
	u := wire.APIUsage{
		Range:       wire.UsageRange{From: now.Add(-30 * 24 * time.Hour), To: now},
		Summary:     wire.UsageSummary{TotalRequests: 4_812_345, SuccessRate: 97.4, AvgLatencyMs: 41, P95LatencyMs: 120, RateLimitUsagePct: 37, PeakRPM: 611, RateLimitedCount: 2211},
		GeneratedAt: now,
	}
	for h := 0; h < 30*24; h++ {
		t := u.Range.From.Add(time.Duration(h) * time.Hour)
		n := int64(4000 + h%24*300)
		u.Series = append(u.Series, wire.SeriesPoint{T: t, Total: n, Success: n * 97 / 100, ClientErrors: n * 2 / 100, ServerErrors: n / 200, RateLimited: n / 200})
		u.RateLimitSeries = append(u.RateLimitSeries, wire.RateLimitPoint{T: t, PeakRPM: n / 30, Limit: 1000})
	}
	for i := 0; i < 20; i++ {
		u.Endpoints = append(u.Endpoints, wire.EndpointStats{Method: []string{"GET", "POST", "DELETE"}[i%3],
			Endpoint: fmt.Sprintf("/api/v1/resource-%02d/{id}", i), Requests: int64(240_000 - i*1000), SuccessRate: 97.1, AvgLatencyMs: 40 + float64(i)})
	}
	for _, st := range []int{400, 401, 403, 404, 429, 500} {
		u.ErrorsByStatus = append(u.ErrorsByStatus, wire.StatusCount{Status: st, Count: int64(st * 10), Pct: 16.6})
	}
	for i := 0; i < 100; i++ {
		u.RecentErrors = append(u.RecentErrors, wire.RecentError{At: now.Add(-time.Duration(i) * time.Minute),
			KeyID: fmt.Sprintf("key_%026d", i%50), Method: "POST", Endpoint: "/api/v1/emails/send", Status: 400,
			Error: "invalid_request", Message: "The request body is not valid: to must be an email address", IP: "198.51.100.7",
			RequestID: fmt.Sprintf("req_%026d", i)})
	}
	for i := 0; i < 50; i++ {
		last := now.Add(-time.Duration(i) * time.Minute)
		u.Keys = append(u.Keys, wire.KeyUsage{KeyID: fmt.Sprintf("key_%026d", i), Name: fmt.Sprintf("Service %d", i),
			Requests: int64(96_000 - i*100), SuccessRate: 97.3, LastUsed: &last})
	}
	return u
}

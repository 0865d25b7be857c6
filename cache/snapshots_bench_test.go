package cache

import (
	"fmt"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
)

// BenchmarkNewestSnapshot reads the newest snapshot (what an offline Usage
// screen does) from a cache on disk holding 90 days of per-minute snapshots:
// 129,600 of them, loaded once with a WriteBatch.
func BenchmarkNewestSnapshot(b *testing.B) {
	const perDay = 24 * 60
	const n = 90 * perDay
	dir := b.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	s := NewSnapshots(db, 0, func() time.Time { return now })

	// A small but real payload: the summary plus a handful of table rows.
	data := platform.APIUsage{
		Summary:        platform.UsageSummary{TotalRequests: 1200, SuccessRate: 98.2, AvgLatencyMs: 41, P95LatencyMs: 120, RateLimitUsagePct: 37, PeakRPM: 111},
		Endpoints:      []platform.EndpointStats{{Method: "POST", Endpoint: "/emails/send", Requests: 800, SuccessRate: 99, AvgLatencyMs: 40}},
		ErrorsByStatus: []platform.StatusCount{{Status: 429, Count: 12, Pct: 60}, {Status: 401, Count: 8, Pct: 40}},
	}
	start := time.Now()
	const chunk = 10_000
	for i := 0; i < n; i += chunk {
		batch := make([]Snapshot, 0, chunk)
		for j := i; j < min(i+chunk, n); j++ {
			at := now.Add(-time.Duration(n-1-j) * time.Minute)
			batch = append(batch, Snapshot{SnapshotMeta: SnapshotMeta{Tenant: "ten_demo", Range: "1h", FetchedAt: at}, Data: data})
		}
		if err := s.importSnapshots(batch); err != nil {
			b.Fatal(err)
		}
	}
	if l, _ := s.List("ten_demo", now.Add(-time.Hour), now, 0); len(l) != 61 {
		b.Fatalf("last hour lists %d snapshots, want 61", len(l))
	}
	b.Logf("loaded %d snapshots (90 days per minute) in %s", n, time.Since(start).Round(time.Millisecond))

	q := SnapshotQuery{Range: "1h"}
	b.ResetTimer()
	for b.Loop() {
		snap, err := s.Newest("ten_demo", q)
		if err != nil || !snap.FetchedAt.Equal(now) {
			b.Fatalf("newest = %v, %v", snap, err)
		}
	}
	b.StopTimer()
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(per.Microseconds()), "µs/read")
	fmt.Printf("newest snapshot of %d (90 days per minute): %s per read\n", n, per.Round(100*time.Nanosecond))
}

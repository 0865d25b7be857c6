package usage

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

var benchRoutes = func() []string {
	out := make([]string, 20)
	for i := range out {
		out[i] = fmt.Sprintf("/api/v1/resource%d/{id}", i)
	}
	return out
}()

var benchKeys = func() []string {
	out := make([]string, 50)
	for i := range out {
		out[i] = fmt.Sprintf("key_%02d", i)
	}
	return out
}()

var benchStatus = []int{200, 200, 200, 201, 200, 400, 200, 404, 429, 200, 500, 200}

// BenchmarkIngest measures the hot path with every CPU ingesting at once.
func BenchmarkIngest(b *testing.B) {
	s, err := Open(nil, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base := time.Now()
	var gid atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		g := int(gid.Add(1))
		i := g * 7919
		for pb.Next() {
			i++
			st := benchStatus[i%len(benchStatus)]
			e := Event{
				At: base.Add(time.Duration(i) * time.Microsecond), TenantID: "tenant",
				KeyID: benchKeys[i%len(benchKeys)], Method: "GET", Route: benchRoutes[i%len(benchRoutes)],
				IP: "198.51.100.7", Status: st, Latency: time.Duration(i%5000) * time.Microsecond,
			}
			if st >= 400 {
				e.Code, e.Message = "invalid_request", "bad"
			}
			s.Ingest(e)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// load30d ingests 30 days of per-minute traffic: every minute, each of 50
// keys calls one of 20 endpoints (each key covers all 20 every 20 minutes, so
// every hour holds all 1,000 key × endpoint pairs) with a mix of statuses
// and latencies.
func load30d(tb testing.TB, s *Store, now time.Time) int64 {
	start := now.Add(-30 * 24 * time.Hour)
	var n int64
	for m := 0; m < 30*24*60; m++ {
		at := start.Add(time.Duration(m) * time.Minute)
		for k, key := range benchKeys {
			i := m + k
			st := benchStatus[i%len(benchStatus)]
			e := Event{At: at, TenantID: "tenant", KeyID: key, Method: "GET", Route: benchRoutes[i%len(benchRoutes)],
				IP: "198.51.100.7", Status: st, Latency: time.Duration(200+i%9000) * time.Microsecond}
			if st >= 400 {
				e.Code, e.Message = "invalid_request", "bad"
			}
			s.Ingest(e)
			n++
		}
		if m%720 == 0 {
			s.drain() // merge as the flush loop would, so pending batches stay small
		}
	}
	s.drain()
	return n
}

var bench30d struct {
	once sync.Once
	s    *Store
	n    int64
}

// BenchmarkAPIUsage30d measures api-usage over 30 days × 50 keys × 20
// endpoints, read from the rollups.
func BenchmarkAPIUsage30d(b *testing.B) {
	// the testing package calls this several times; load the data once
	bench30d.once.Do(func() {
		now := time.Now()
		s, err := Open(nil, func() time.Time { return now })
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		bench30d.s, bench30d.n = s, load30d(b, s, now)
		b.Logf("loaded %d events in %v", bench30d.n, time.Since(start))
	})
	s, n := bench30d.s, bench30d.n
	b.ResetTimer()
	var u wire.APIUsage
	var err error
	for i := 0; i < b.N; i++ {
		u, err = s.Query("tenant", wire.UsageQuery{Range: "30d"}, 300, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if u.Summary.TotalRequests < n-int64(len(benchKeys)*61) || len(u.Keys) != 50 || len(u.Endpoints) != 20 {
		b.Fatalf("answer covers %d of %d requests, %d keys, %d endpoints", u.Summary.TotalRequests, n, len(u.Keys), len(u.Endpoints))
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

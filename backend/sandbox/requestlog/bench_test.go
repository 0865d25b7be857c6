package requestlog

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// The benchmarks of SPEC §6's request log bars share one log of 1,000,000
// entries (50 keys, 20 routes, a realistic mix of statuses, 200 IPs),
// loaded once per process into a Badger of its own. The entries come as a
// busy gateway's group commits write them: eight requests within a few
// milliseconds, of different keys, routes and statuses, in one block (the
// index then narrows a search to blocks, each decoded and checked), a group
// every 16 s, 2 s per entry on average over 23 days.
const benchEntries = 1_000_000

var (
	benchOnce sync.Once
	benchLog  *Log
	benchErr  error
	benchKeys []string
)

const benchTenant = "ten_bench"

// benchLayout names the stored layout; bump it when the keys or the entry
// encoding change, so a kept bench log of an older layout is rebuilt.
const benchLayout = "rl-v7"

// benchLogOf opens the bench log. Loading 1,000,000 entries (about ten
// million keys) takes minutes on a small machine, so the loaded database is
// kept in the temp dir and reused by later runs (the data is the same every
// time); it is then opened with the console's normal options, so the
// figures are those of a real request log.
func benchLogOf(b *testing.B) *Log {
	b.Helper()
	benchOnce.Do(func() {
		for k := 0; k < 50; k++ {
			benchKeys = append(benchKeys, fmt.Sprintf("key_bench%02d", k))
		}
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("pm-bench-requestlog-%s-%d", benchLayout, benchEntries))
		marker := filepath.Join(dir, "loaded")
		if _, err := os.Stat(marker); err != nil {
			os.RemoveAll(dir)
			if benchErr = loadBenchLog(dir); benchErr != nil {
				return
			}
			if benchErr = os.WriteFile(marker, nil, 0o600); benchErr != nil {
				return
			}
		}
		db, err := cache.Open(dir, cache.Options{})
		if err != nil {
			benchErr = err
			return
		}
		benchLog = Open(db)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchLog
}

func loadBenchLog(dir string) error {
	db, err := cache.Open(dir, cache.Options{Bulk: true})
	if err != nil {
		return err
	}
	l := Open(db)
	methods := []string{"GET", "POST", "GET", "DELETE"}
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	batch := make([]wire.LogEntry, 0, 20_000)
	for i := 0; i < benchEntries; i++ {
		st, code := 200, ""
		switch {
		case i%97 == 0:
			st, code = 429, "rate_limit_exceeded"
		case i%13 == 0:
			st, code = 403, "insufficient_permissions"
		case i%31 == 0:
			st, code = 404, "not_found"
		case i%499 == 0:
			st, code = 500, "internal"
		}
		route := fmt.Sprintf("/api/v1/r%02d/items", i%20)
		at := t0.Add(time.Duration(i/groupSize)*groupSize*2*time.Second + time.Duration(i%groupSize)*time.Millisecond)
		batch = append(batch, wire.LogEntry{
			RequestID: NewRequestID(at), At: at,
			KeyID: benchKeys[i%50], KeyName: "Bench key", Environment: "live", MaskedKey: "pm_live_abc...wxyz",
			IP: fmt.Sprintf("10.0.0.%d", i%200), Method: methods[i%4], Route: route, Path: route,
			Status: st, Error: code, LatencyMs: 1.25, RequestSize: 120, ResponseSize: 340,
			UserAgent: "bench-client/1.0", ResponseHeaders: map[string]string{"Content-Type": "application/json"},
		})
		if len(batch) == cap(batch) {
			if err := l.AppendBatch(benchTenant, batch); err != nil {
				db.Close()
				return err
			}
			batch = batch[:0]
		}
	}
	if err := db.Flatten(); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	// the disk's writeback of the loaded log would otherwise run under the
	// measurements that follow (the gateway's synced writes above all)
	syscall.Sync()
	fmt.Fprintf(os.Stderr, "request log bench: %d entries loaded in %v (kept in %s for later runs)\n",
		benchEntries, time.Since(start).Round(time.Millisecond), dir)
	return nil
}

// BenchmarkLogPage1M is a filtered page of 50 (one key's 4xx answers, newest
// first) from 1,000,000 entries.
func BenchmarkLogPage1M(b *testing.B) {
	l := benchLogOf(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tq, fields := Compile(wire.LogQuery{KeyID: benchKeys[i%50], Status: "4xx", Limit: 50})
		if len(fields) > 0 {
			b.Fatal(fields)
		}
		p, err := l.Query(benchTenant, tq, 50)
		if err != nil || len(p.Entries) != 50 || p.NextCursor == "" {
			b.Fatalf("page: %d entries, %v", len(p.Entries), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkLogPageDeep1M is the same filter one page deep in a time window
// a week back: the cursor and time bounds seek, they do not scan.
func BenchmarkLogPageDeep1M(b *testing.B) {
	l := benchLogOf(b)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	from, to := t0.Add(7*24*time.Hour), t0.Add(8*24*time.Hour)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tq, _ := Compile(wire.LogQuery{From: &from, To: &to, Method: "POST", Status: "403", Limit: 50})
		p, err := l.Query(benchTenant, tq, 50)
		if err != nil || len(p.Entries) != 50 {
			b.Fatalf("page: %d entries, %v", len(p.Entries), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// countingWriter counts the CSV rows without keeping them, and every
// checkEvery rows calls check (to measure the live heap).
type countingWriter struct {
	rows       int64
	checkEvery int64
	check      func()
}

func (c *countingWriter) Write(p []byte) (int, error) {
	for _, ch := range p {
		if ch == '\n' {
			c.rows++
			if c.check != nil && c.rows%c.checkEvery == 0 {
				c.check()
			}
		}
	}
	return len(p), nil
}

// BenchmarkLogCSV1M exports all 1,000,000 entries as CSV and reports rows/s
// and, as the proof of constant memory, the live heap (after a forced GC,
// outside the timing) at five points of the export: its growth over the
// first fifth (Badger's bounded caches filling) and its drift over the rest.
func BenchmarkLogCSV1M(b *testing.B) {
	l := benchLogOf(b)
	liveHeap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := liveHeap()
	var first, lo, hi uint64
	b.ResetTimer()
	var rows int64
	for i := 0; i < b.N; i++ {
		w := &countingWriter{checkEvery: benchEntries / 5, check: func() {
			b.StopTimer()
			h := liveHeap()
			if first == 0 {
				first, lo, hi = h, h, h
			}
			lo, hi = min(lo, h), max(hi, h)
			b.StartTimer()
		}}
		if err := l.WriteCSV(w, benchTenant, timeline.Query{}); err != nil {
			b.Fatal(err)
		}
		if w.rows-1 != benchEntries {
			b.Fatalf("%d rows, want %d", w.rows-1, benchEntries)
		}
		rows += w.rows - 1
	}
	b.StopTimer()
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	// caches fill during the first fifth; after that the live heap must not
	// grow with the rows
	b.ReportMetric(float64(int64(first)-int64(base))/(1<<20), "heap-after-20pct-MB")
	b.ReportMetric(float64(hi-lo)/(1<<20), "heap-drift-MB")
}

var _ io.Writer = (*countingWriter)(nil)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchLog != nil {

		benchLog.tl.DB().Close()
	}
	os.Exit(code)
}

package usage

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// crash stops s the way a kill -9 would leave it: no last checkpoint.
func crash(s *Store, db *cache.DB) {
	close(s.gstop)
	<-s.gdone
	close(s.stop)
	<-s.done
	db.Close()
}

func openDB(t *testing.T, dir string) *cache.DB {
	t.Helper()
	db, err := cache.Open(dir, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// commitAll commits n events from w concurrent writers and fails the test on
// any error.
func commitAll(t *testing.T, s *Store, writers, n int, mk func(w, i int) Event) {
	t.Helper()
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				if err := s.Commit(Record{Event: mk(w, i)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Every committed event survives a crash, in the rollups, the recent errors
// and the recent IPs, whether or not a checkpoint ran before it.
func TestCrashKeepsCommittedEvents(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{t: t0}
	db := openDB(t, dir)
	s := newStore(t, db, clk)
	commitAll(t, s, 8, 25, func(w, i int) Event {
		return ev(t0.Add(-time.Duration(i)*time.Second), fmt.Sprintf("k%d", w), "GET", "/a", 200, time.Millisecond)
	})
	if err := s.checkpoint(); err != nil {
		t.Fatal(err)
	}
	commitAll(t, s, 4, 10, func(w, i int) Event {
		e := ev(t0, "k1", "POST", "/b", 500, time.Millisecond)
		e.IP = fmt.Sprintf("192.0.2.%d", w)
		return e
	})
	before, _ := s.Query("t1", wire.UsageQuery{Range: "1h"}, 300, nil)
	crash(s, db)

	db = openDB(t, dir)
	defer db.Close()
	s2 := newStore(t, db, clk)
	defer s2.Close()
	for _, r := range []string{"1h", "7d"} {
		u, _ := s2.Query("t1", wire.UsageQuery{Range: r}, 300, nil)
		if u.Summary.TotalRequests != 240 || u.Summary.SuccessRate != 200.0/240*100 {
			t.Errorf("%s after crash: %d requests, %.2f%% success; want 240 and %.2f%%", r, u.Summary.TotalRequests, u.Summary.SuccessRate, 200.0/240*100)
		}
	}
	after, _ := s2.Query("t1", wire.UsageQuery{Range: "1h"}, 300, nil)
	if len(after.RecentErrors) != 40 || len(before.RecentErrors) != 40 {
		t.Errorf("recent errors: %d after crash, %d before; want 40", len(after.RecentErrors), len(before.RecentErrors))
	}
	if _, _, ips := s2.KeyStats("t1", "k1"); len(ips) != 5 {
		t.Errorf("recent IPs of k1 after crash: %+v, want 5", ips)
	}
}

// A crash after a checkpoint saved its records but before it deleted the
// journal entries they include counts nothing twice.
func TestReplayAfterCheckpointCountsOnce(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{t: t0}
	db := openDB(t, dir)
	s := newStore(t, db, clk)
	commitAll(t, s, 4, 30, func(w, i int) Event {
		return ev(t0.Add(-time.Duration(i)*time.Minute), "k1", "GET", "/a", []int{200, 404}[i%2], time.Millisecond)
	})
	saved := map[string][]byte{}
	db.Scan(prefixJournal, false, func(k, v []byte) error { saved[string(k)] = v; return nil })
	if len(saved) == 0 {
		t.Fatal("no journal entries before the checkpoint")
	}
	if err := s.checkpoint(); err != nil {
		t.Fatal(err)
	}
	for k, v := range saved { // as if the delete had not happened
		if err := db.Set([]byte(k), v, 0); err != nil {
			t.Fatal(err)
		}
	}
	crash(s, db)

	db = openDB(t, dir)
	defer db.Close()
	s2 := newStore(t, db, clk)
	defer s2.Close()
	u, _ := s2.Query("t1", wire.UsageQuery{Range: "24h"}, 300, nil)
	if u.Summary.TotalRequests != 120 || len(u.RecentErrors) != 60 {
		t.Errorf("after replaying covered entries: %d requests, %d recent errors; want 120 and 60", u.Summary.TotalRequests, len(u.RecentErrors))
	}
}

// What a Record puts and what the hook adds are written in the event's
// transaction; the hook learns the outcome.
func TestCommitWritesPutAndHookRecords(t *testing.T) {
	dir := t.TempDir()
	db := openDB(t, dir)
	s := newStore(t, db, &fakeClock{t: t0})
	var mu sync.Mutex
	seen, committed := 0, 0
	s.SetBatchHook(func(recs []Record) ([]KV, func(bool)) {
		mu.Lock()
		seen += len(recs)
		mu.Unlock()
		return []KV{{Key: []byte("hook/last"), Value: []byte(recs[len(recs)-1].Event.KeyID)}}, func(ok bool) {
			if ok {
				mu.Lock()
				committed += len(recs)
				mu.Unlock()
			}
		}
	})
	commitAll(t, s, 6, 20, func(w, i int) Event {
		return ev(t0, fmt.Sprintf("k%d", w), "GET", "/a", 200, time.Millisecond)
	})
	put := func(tx *cache.Tx) error { return tx.Set([]byte("log/1"), []byte("entry"), 0) }
	if err := s.Commit(Record{Event: ev(t0, "kx", "GET", "/a", 200, 0), Put: put, Size: 9}); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Get([]byte("log/1")); err != nil || string(v) != "entry" {
		t.Errorf("record Put wrote: %q, %v", v, err)
	}
	if v, err := db.Get([]byte("hook/last")); err != nil || string(v) != "kx" {
		t.Errorf("hook record: %q, %v", v, err)
	}
	if seen != 121 || committed != 121 {
		t.Errorf("hook saw %d events, %d committed; want 121", seen, committed)
	}
	s.Close()
	if err := s.Commit(Record{Event: ev(t0, "k1", "GET", "/a", 200, 0)}); err != ErrClosed {
		t.Errorf("Commit after Close: %v", err)
	}
	db.Close()
}

// The journal keeps every field of an event, and refuses damaged entries.
func TestJournalRoundTrip(t *testing.T) {
	evs := []Event{
		{At: t0, TenantID: "ten_1", KeyID: "key_1", Method: "POST", Route: "/api/v1/emails/send", IP: "2001:db8::1",
			Code: "rate_limit_exceeded", Message: "Rate limit exceeded. Try again in 3 s.", Status: 429, Latency: 1234567, PreviousSecret: true,
			RequestID: "req_01JD3M5Q8W2X4Y6Z8A0B2C4D6E"},
		{At: t0.Add(time.Nanosecond), TenantID: "ten_1", Method: "GET", Route: "/api/v1/contacts", Status: 401},
	}
	b := encodeJournal(evs)
	got, err := decodeJournal(b)
	if err != nil || !reflect.DeepEqual(got, evs) {
		t.Fatalf("round trip: %v\n got %+v\nwant %+v", err, got, evs)
	}
	for _, bad := range [][]byte{nil, {9}, b[:len(b)-1], append(append([]byte{}, b...), 0)} {
		if _, err := decodeJournal(bad); err == nil {
			t.Errorf("damaged entry %x accepted", bad)
		}
	}
}

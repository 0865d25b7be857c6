package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"
)

// testDoc stands for the usage answers the console keeps: the cache stores
// any JSON document and gives back the same bytes.
type testDoc struct {
	Summary struct {
		TotalRequests int64 `json:"total_requests"`
	} `json:"summary"`
	Series []testPoint `json:"series"`
}

type testPoint struct {
	T     time.Time `json:"t"`
	Total int64     `json:"total"`
}

func usageDoc(total int64) testDoc {
	var d testDoc
	d.Summary.TotalRequests = total
	d.Series = []testPoint{{T: time.Unix(1_700_000_000, 0).UTC(), Total: total}}
	return d
}

func usage(total int64) json.RawMessage { return encodeDoc(usageDoc(total)) }

func encodeDoc(d testDoc) json.RawMessage {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return b
}

func decodeDoc(s *Snapshot) testDoc {
	var d testDoc
	if s != nil {
		if err := json.Unmarshal(s.Data, &d); err != nil {
			panic(err)
		}
	}
	return d
}

// openMem opens an in-memory Badger; inside a synctest bubble its goroutines
// belong to the bubble, and the cleanup closes them before the bubble ends.
func openMem(t *testing.T) *DB {
	t.Helper()
	db, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var q24 = SnapshotQuery{Range: "24h"}

func TestSnapshotExpiresWithRetention(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := openMem(t)
		s := NewSnapshots(db, time.Hour, nil)
		meta, err := s.Put("ten_1", q24, usage(42))
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(59 * time.Minute) // fake time: the bubble's clock jumps
		got, err := s.Newest("ten_1", q24)
		if err != nil {
			t.Fatalf("within retention: %v", err)
		}
		if decodeDoc(got).Summary.TotalRequests != 42 || !got.FetchedAt.Equal(meta.FetchedAt) {
			t.Fatalf("newest = %+v", got.SnapshotMeta)
		}
		if _, err := s.Get("ten_1", meta.ID); err != nil {
			t.Fatalf("get by id within retention: %v", err)
		}

		time.Sleep(2 * time.Minute) // now 61 minutes old: past the 1 h retention
		if _, err := s.Newest("ten_1", q24); !errors.Is(err, ErrNotFound) {
			t.Fatalf("newest after retention: err = %v, want ErrNotFound", err)
		}
		if _, err := s.Get("ten_1", meta.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("get after retention: err = %v, want ErrNotFound", err)
		}
		if l, _ := s.List("ten_1", time.Time{}, time.Time{}, 0); len(l) != 0 {
			t.Fatalf("list after retention has %d entries", len(l))
		}
		// Gone from Badger itself (its TTL), not merely hidden by the retention check.
		for _, k := range [][]byte{dataKey("ten_1", q24, meta.FetchedAt), timeKey("ten_1", q24, meta.FetchedAt), newestKey("ten_1", q24)} {
			if _, err := db.Get(k); !errors.Is(err, ErrNotFound) {
				t.Fatalf("raw %s after TTL: err = %v", k, err)
			}
		}
	})
}

// clock is an injected clock for spans too long to run Badger inside a
// synctest bubble (its compactor ticks every few milliseconds of fake time).
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestSnapshotDefaultRetentionIs90Days(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	s := NewSnapshots(openMem(t), 0, c.now)
	meta, err := s.Put("ten_1", q24, usage(1))
	if err != nil {
		t.Fatal(err)
	}
	c.advance(90*24*time.Hour - time.Second)
	if _, err := s.Newest("ten_1", q24); err != nil {
		t.Fatalf("just before 90 days: %v", err)
	}
	c.advance(time.Second)
	if _, err := s.Newest("ten_1", q24); !errors.Is(err, ErrNotFound) {
		t.Fatalf("at 90 days: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Get("ten_1", meta.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get at 90 days: err = %v, want ErrNotFound", err)
	}
	if l, _ := s.List("ten_1", time.Time{}, time.Time{}, 0); len(l) != 0 {
		t.Fatalf("history at 90 days has %d entries", len(l))
	}
}

func TestSnapshotFreshness(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewSnapshots(openMem(t), 0, nil)
		if _, _, err := s.Fresh("ten_1", q24, time.Minute); !errors.Is(err, ErrNotFound) {
			t.Fatalf("empty cache: err = %v", err)
		}
		if _, err := s.Put("ten_1", q24, usage(7)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(59 * time.Second)
		snap, ok, err := s.Fresh("ten_1", q24, time.Minute)
		if err != nil || !ok || decodeDoc(snap).Summary.TotalRequests != 7 {
			t.Fatalf("at 59 s: ok=%v err=%v", ok, err)
		}
		time.Sleep(time.Second)
		snap, ok, err = s.Fresh("ten_1", q24, time.Minute)
		if err != nil || ok {
			t.Fatalf("at 60 s: ok=%v err=%v, want stale", ok, err)
		}
		if snap == nil || snap.Age(time.Now()) != time.Minute {
			t.Fatalf("stale snapshot must still be returned with its age, got %+v", snap)
		}
		// A refetch replaces the newest.
		if _, err := s.Put("ten_1", q24, usage(8)); err != nil {
			t.Fatal(err)
		}
		snap, ok, _ = s.Fresh("ten_1", q24, time.Minute)
		if !ok || decodeDoc(snap).Summary.TotalRequests != 8 {
			t.Fatalf("after refetch: ok=%v total=%d", ok, decodeDoc(snap).Summary.TotalRequests)
		}
	})
}

func TestSnapshotsAreSeparatedByTenantRangeAndKey(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewSnapshots(openMem(t), 0, nil)
		put := func(tenant string, q SnapshotQuery, n int64) {
			t.Helper()
			if _, err := s.Put(tenant, q, usage(n)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second)
		}
		put("ten_1", SnapshotQuery{Range: "24h"}, 1)
		put("ten_1", SnapshotQuery{Range: "24h", KeyID: "key/with slash"}, 2)
		put("ten_1", SnapshotQuery{Range: "7d"}, 3)
		put("ten_2", SnapshotQuery{Range: "24h"}, 4)
		for _, c := range []struct {
			tenant string
			q      SnapshotQuery
			want   int64
		}{
			{"ten_1", SnapshotQuery{Range: "24h"}, 1},
			{"ten_1", SnapshotQuery{Range: "24h", KeyID: "key/with slash"}, 2},
			{"ten_1", SnapshotQuery{Range: "7d"}, 3},
			{"ten_2", SnapshotQuery{Range: "24h"}, 4},
		} {
			got, err := s.Newest(c.tenant, c.q)
			if err != nil || decodeDoc(got).Summary.TotalRequests != c.want || got.KeyID != c.q.KeyID {
				t.Errorf("%s %+v: got %+v err %v, want total %d", c.tenant, c.q, got, err, c.want)
			}
		}
		l, _ := s.List("ten_1", time.Time{}, time.Time{}, 0)
		if len(l) != 3 {
			t.Fatalf("ten_1 history has %d snapshots, want 3", len(l))
		}
		if _, err := s.Get("ten_2", l[0].ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("another tenant's snapshot must not be readable, err = %v", err)
		}
	})
}

func TestSnapshotListByTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewSnapshots(openMem(t), 0, nil)
		start := time.Now()
		for i := 0; i < 10; i++ {
			if _, err := s.Put("ten_1", q24, usage(int64(i))); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Minute)
		}
		all, err := s.List("ten_1", time.Time{}, time.Time{}, 0)
		if err != nil || len(all) != 10 {
			t.Fatalf("list all: %d, %v", len(all), err)
		}
		for i := 1; i < len(all); i++ {
			if !all[i-1].FetchedAt.After(all[i].FetchedAt) {
				t.Fatal("history must be newest first")
			}
		}
		// Minutes 3..5 inclusive.
		win, _ := s.List("ten_1", start.Add(3*time.Minute), start.Add(5*time.Minute), 0)
		if len(win) != 3 || !win[0].FetchedAt.Equal(start.Add(5*time.Minute)) || !win[2].FetchedAt.Equal(start.Add(3*time.Minute)) {
			t.Fatalf("window = %+v", win)
		}
		snap, err := s.Get("ten_1", win[1].ID)
		if err != nil || decodeDoc(snap).Summary.TotalRequests != 4 {
			t.Fatalf("get minute 4: %+v %v", snap, err)
		}
		if l, _ := s.List("ten_1", time.Time{}, time.Time{}, 4); len(l) != 4 {
			t.Fatalf("limit 4 gave %d", len(l))
		}
		if _, err := s.Get("ten_1", "not-an-id"); !errors.Is(err, ErrBadSnapshotID) {
			t.Fatalf("bad id: %v", err)
		}
	})
}

func TestPruneAppliesAShorterRetention(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	s := NewSnapshots(openMem(t), 0, c.now)
	for i := 0; i < 5; i++ {
		if _, err := s.Put("ten_1", q24, usage(int64(i))); err != nil {
			t.Fatal(err)
		}
		c.advance(24 * time.Hour)
	}
	// Snapshots are now 5,4,3,2,1 days old. Keep 2.5 days.
	s.SetRetention(60 * time.Hour)
	if l, _ := s.List("ten_1", time.Time{}, time.Time{}, 0); len(l) != 2 {
		t.Fatalf("a shorter retention hides old snapshots at once: %d listed, want 2", len(l))
	}
	n, err := s.Prune()
	if err != nil || n != 3 {
		t.Fatalf("prune = %d, %v; want 3", n, err)
	}
	// Physically gone, not only hidden: a longer retention does not bring them back.
	s.SetRetention(DefaultRetention)
	if l, _ := s.List("ten_1", time.Time{}, time.Time{}, 0); len(l) != 2 {
		t.Fatalf("%d snapshots left after prune, want 2", len(l))
	}
	if got, err := s.Newest("ten_1", q24); err != nil || decodeDoc(got).Summary.TotalRequests != 4 {
		t.Fatalf("newest after prune: %+v %v", got, err)
	}
	// Everything old: the newest index goes too.
	s.SetRetention(time.Hour)
	if n, _ := s.Prune(); n != 2 {
		t.Fatalf("second prune = %d, want 2", n)
	}
	s.SetRetention(DefaultRetention)
	if _, err := s.Newest("ten_1", q24); !errors.Is(err, ErrNotFound) {
		t.Fatalf("newest after full prune: %v", err)
	}
}

// The snapshot must survive the process: write, close the database, open it
// again from disk, read it back by newest, by id and in the history.
func TestSnapshotSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Encrypt: true, KeyFile: dir + "/k.key"}
	db, err := Open(dir+"/db", opts)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSnapshots(db, 0, nil)
	meta, err := s.Put("ten_1", SnapshotQuery{Range: "7d", KeyID: "key_abc"}, usage(1234))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(dir+"/db", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s = NewSnapshots(db, 0, nil)
	got, err := s.Newest("ten_1", SnapshotQuery{Range: "7d", KeyID: "key_abc"})
	if err != nil || decodeDoc(got).Summary.TotalRequests != 1234 || got.ID != meta.ID {
		t.Fatalf("newest after reopen: %+v %v", got, err)
	}
	if _, err := s.Get("ten_1", meta.ID); err != nil {
		t.Fatalf("get after reopen: %v", err)
	}
	if l, _ := s.List("ten_1", time.Time{}, time.Time{}, 0); len(l) != 1 || l[0].ID != meta.ID {
		t.Fatalf("history after reopen: %+v", l)
	}
}

func TestSnapshotsAreStoredCompressed(t *testing.T) {
	db := openMem(t)
	s := NewSnapshots(db, 0, nil)
	doc := usageDoc(1)
	for i := 0; i < 1440; i++ { // a day per minute, like a 24h answer
		doc.Series = append(doc.Series, testPoint{T: time.Unix(int64(1_700_000_000+60*i), 0).UTC(), Total: int64(i % 7)})
	}
	data := encodeDoc(doc)
	meta, err := s.Put("ten_1", q24, data)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := db.Get(dataKey("ten_1", q24, meta.FetchedAt))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := json.Marshal(Snapshot{SnapshotMeta: meta, Data: data})
	if raw[0] != tagGzip || len(raw)*5 > len(plain) {
		t.Fatalf("stored %d bytes for %d bytes of JSON; want compressed to under a fifth", len(raw), len(plain))
	}
	got, err := s.Get("ten_1", meta.ID)
	if err != nil || len(decodeDoc(got).Series) != 1441 || decodeDoc(got).Series[1440].Total != 1439%7 {
		t.Fatalf("read back: %v", err)
	}
	// A value written as plain JSON (before compression) still reads.
	if err := db.Set(newestKey("ten_1", q24), plain, 0); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Newest("ten_1", q24); err != nil || len(decodeDoc(got).Series) != 1441 {
		t.Fatalf("plain JSON value: %v", err)
	}
}

// A day on, minute snapshots thin to the last of each hour (per range and
// key); the newest of each query stays, and the last day is untouched.
func TestPruneThinsOldMinuteSnapshotsToOnePerHour(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 12, 0, 30, 0, time.UTC)}
	s := NewSnapshots(openMem(t), 0, c.now)
	q1h := SnapshotQuery{Range: "1h"}
	put := func(q SnapshotQuery, n int64) {
		t.Helper()
		if _, err := s.Put("ten_1", q, usage(n)); err != nil {
			t.Fatal(err)
		}
	}
	// three hours of the job: a 1h snapshot every minute, a 24h one every half hour
	for m := 0; m < 180; m++ {
		put(q1h, int64(m))
		if m%30 == 0 {
			put(q24, int64(m))
		}
		c.advance(time.Minute)
	}
	c.advance(25 * time.Hour) // all of them are now more than a day old
	put(q1h, 1000)            // and one fresh
	n, err := s.Prune()
	if err != nil {
		t.Fatal(err)
	}
	// 1h: 180 minutes in 3 hours, 3 kept; 24h: 6 in 3 hours, 3 kept
	if n != 180-3+6-3 {
		t.Fatalf("pruned %d, want %d", n, 180-3+6-3)
	}
	l, _ := s.List("ten_1", time.Time{}, time.Time{}, 0)
	if len(l) != 3+3+1 {
		t.Fatalf("%d snapshots left, want 7", len(l))
	}
	// the last of each hour is the one kept
	var kept1h []int64
	for _, m := range l {
		if m.Range == "1h" {
			got, err := s.Get("ten_1", m.ID)
			if err != nil {
				t.Fatal(err)
			}
			kept1h = append(kept1h, decodeDoc(got).Summary.TotalRequests)
		}
	}
	if fmt.Sprint(kept1h) != "[1000 179 119 59]" {
		t.Fatalf("1h snapshots kept: %v, want the fresh one and the last minute of each hour", kept1h)
	}
	if got, err := s.Newest("ten_1", q24); err != nil || decodeDoc(got).Summary.TotalRequests != 150 {
		t.Fatalf("newest 24h after thinning: %+v %v", got, err)
	}
}

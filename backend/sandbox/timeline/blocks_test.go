package timeline

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/penguinmails/console/cache"
)

func tempBlocks(t *testing.T) *Blocks { return NewBlocks(tempDB(t), "rl/") }

// blockRec is a record of the tests: its value is its number.
func blockRec(i int, at time.Time, fields ...Field) *Record {
	return &Record{Tenant: "ten_x", Ord: NewOrd(at), Index: fields, Value: []byte(fmt.Sprint(i)), Blob: []byte(fmt.Sprintf("blob of %d", i))}
}

// groups writes recs in commits of the given sizes, in the order given.
func putGroups(t *testing.T, s *Blocks, recs []*Record, sizes func() int) {
	t.Helper()
	for lo := 0; lo < len(recs); {
		hi := min(len(recs), lo+sizes())
		group := slices.Clone(recs[lo:hi])
		if err := s.DB().Update(func(tx *cache.Tx) error { return s.Put(tx, "ten_x", group) }); err != nil {
			t.Fatal(err)
		}
		lo = hi
	}
}

// walk returns the values Each gives for q, following cursors in pages of
// limit (0: one walk).
func walk(t *testing.T, s *Blocks, q Query, limit int) []string {
	t.Helper()
	var got []string
	for pages := 0; pages < 10_000; pages++ {
		n := 0
		var last, next *Pos
		err := s.Each("ten_x", q, func(p Pos, v []byte) error {
			if limit > 0 && n == limit {
				next = last
				return ErrStop
			}
			got = append(got, string(v))
			n++
			p2 := p
			last = &p2
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if next == nil {
			return got
		}
		c, err := parsePos(next.Cursor())
		if err != nil {
			t.Fatal(err)
		}
		q.BeforePos = &c
	}
	t.Fatal("paging does not end")
	return nil
}

// A log written by group commits whose requests overlap in time (a slow
// request finishes in a later group) answers every query with exactly the
// records that match, each once, and pages through cursors to the same
// records in the same order as one walk.
func TestBlocksAnswerLikeAScanOfEveryRecord(t *testing.T) {
	s := tempBlocks(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	keys := []string{"key_a", "key_b", "key_c"}
	classes := []string{"2xx", "4xx", "5xx"}
	var recs []*Record
	fields := map[string][]Field{}
	for i := 0; i < 1500; i++ {
		// mostly in order, some late by up to 3 s (a slow request)
		at := t0.Add(time.Duration(i) * 7 * time.Millisecond)
		if rnd.IntN(10) == 0 {
			at = at.Add(-time.Duration(rnd.IntN(3000)) * time.Millisecond)
		}
		f := []Field{{Name: 'k', Value: keys[rnd.IntN(len(keys))]}}
		if c := classes[rnd.IntN(len(classes))]; c != "2xx" {
			f = append(f, Field{Name: 's', Value: c})
		}
		r := blockRec(i, at, f...)
		recs = append(recs, r)
		fields[string(r.Value)] = f
	}
	putGroups(t, s, recs, func() int { return 1 + rnd.IntN(12) })

	ords := map[string]Ord{}
	for _, r := range recs {
		ords[string(r.Value)] = r.Ord
	}
	queries := []Query{
		{},
		{Eq: []Field{{Name: 'k', Value: "key_a"}}},
		{Eq: []Field{{Name: 's', Value: "4xx"}}},
		{Eq: []Field{{Name: 'k', Value: "key_b"}, {Name: 's', Value: "5xx"}}},
		{Eq: []Field{{Name: 'k', Value: "key_none"}}},
		{From: t0.Add(2 * time.Second), To: t0.Add(5 * time.Second)},
		{From: t0.Add(3 * time.Second), To: t0.Add(3*time.Second + 300*time.Millisecond), Eq: []Field{{Name: 'k', Value: "key_c"}}},
		{To: t0.Add(time.Second), Match: func(v []byte) bool { return bytes.HasSuffix(v, []byte("7")) }},
		{Narrow: []Field{{Name: 's', Value: "5xx"}}},
		{Eq: []Field{{Name: 'k', Value: "key_a"}}, Narrow: []Field{{Name: 's', Value: "4xx"}}},
	}
	for qi, q := range queries {
		want := map[string]bool{}
		for v, f := range fields {
			at := ords[v].Time()
			if (!q.From.IsZero() && at.Before(q.From)) || (!q.To.IsZero() && !at.Before(q.To)) {
				continue
			}
			if !hasAll(f, append(slices.Clone(q.Eq), q.Narrow...)) || (q.Match != nil && !q.Match([]byte(v))) {
				continue
			}
			want[v] = true
		}
		all := walk(t, s, q, 0)
		seen := map[string]bool{}
		for _, v := range all {
			if seen[v] {
				t.Fatalf("query %d: record %s twice", qi, v)
			}
			seen[v] = true
			if !want[v] {
				t.Fatalf("query %d: record %s does not match", qi, v)
			}
		}
		if len(seen) != len(want) {
			t.Fatalf("query %d: %d records, want %d", qi, len(seen), len(want))
		}
		for _, limit := range []int{1, 7, 50} {
			if paged := walk(t, s, q, limit); !slices.Equal(paged, all) {
				t.Fatalf("query %d: pages of %d give %d records in another order than one walk (%d)", qi, limit, len(paged), len(all))
			}
		}
	}
}

// Records more than Span apart never share a block, and a block holds at
// most maxBlockRecords: what bounds a lookup and a time range's edge.
func TestBlocksSpanAtMostSpan(t *testing.T) {
	s := tempBlocks(t)
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	var recs []*Record
	for i := 0; i < 200; i++ {
		recs = append(recs, blockRec(i, t0.Add(time.Duration(i)*100*time.Millisecond)))
	}
	recs = append(recs, blockRec(200, t0.Add(-time.Hour))) // very late
	dense := make([]*Record, 0, 150)
	for i := 0; i < 150; i++ {
		dense = append(dense, blockRec(1000+i, t0.Add(time.Hour)))
	}
	kvs := s.Pairs("ten_x", append(recs, dense...))
	blocks := 0
	for _, kv := range kvs {
		if !bytes.Contains(kv.Key, []byte("\x00B")) {
			continue
		}
		blocks++
		var id BlockID
		copy(id[:], kv.Key[len(kv.Key)-len(id):])
		if d := id.newest().Time().Sub(id.oldest().Time()); d > Span {
			t.Fatalf("a block spans %v", d)
		}
		var br blockReader
		if err := br.open(kv.Value); err != nil {
			t.Fatal(err)
		}
		if br.n > maxBlockRecords {
			t.Fatalf("a block holds %d records", br.n)
		}
	}
	// 200 records 100 ms apart: 11 per second-long block; the late one
	// alone; 150 at one instant: blocks of 64
	if want := 19 + 1 + 3; blocks != want {
		t.Fatalf("%d blocks, want %d", blocks, want)
	}
}

// A record is found by its order key, in whichever block holds it, with
// its blob; an order key no record has is not found.
func TestBlocksFindEachRecordByItsOrder(t *testing.T) {
	s := tempBlocks(t)
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	var recs []*Record
	for i := 0; i < 300; i++ {
		at := t0.Add(time.Duration(i) * 10 * time.Millisecond)
		if i%50 == 0 {
			at = at.Add(-2 * time.Second) // late: in a later group, its own block
		}
		recs = append(recs, blockRec(i, at))
	}
	putGroups(t, s, recs, func() int { return 9 })
	for i, r := range recs {
		v, blob, ok, err := s.Find("ten_x", r.Ord)
		if err != nil || !ok {
			t.Fatalf("record %d: found %v, %v", i, ok, err)
		}
		if string(v) != fmt.Sprint(i) || string(blob) != fmt.Sprintf("blob of %d", i) {
			t.Fatalf("record %d: got %q, %q", i, v, blob)
		}
	}
	if _, _, ok, err := s.Find("ten_x", NewOrd(t0.Add(time.Second))); ok || err != nil {
		t.Fatalf("an order key of no record: found %v, %v", ok, err)
	}
	if _, _, ok, _ := s.Find("ten_y", recs[3].Ord); ok {
		t.Fatal("found in another tenant")
	}
}

// Prune deletes the blocks whose records are all older than the cutoff,
// with every index key they had, and counts their records.
func TestBlocksPruneTakesIndexKeysAlong(t *testing.T) {
	s := tempBlocks(t)
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var recs []*Record
	for i := 0; i < 100; i++ {
		recs = append(recs, blockRec(i, t0.Add(time.Duration(i)*time.Minute), Field{Name: 'k', Value: fmt.Sprintf("key_%d", i%3)}, Field{Name: 'i', Value: "10.0.0.1"}))
	}
	putGroups(t, s, recs, func() int { return 5 })
	n, err := s.Prune("ten_x", t0.Add(60*time.Minute))
	if err != nil || n != 60 {
		t.Fatalf("pruned %d, %v; want 60", n, err)
	}
	got := walk(t, s, Query{}, 0)
	if len(got) != 40 || got[len(got)-1] != "60" {
		t.Fatalf("left %d records, oldest %v", len(got), got[len(got)-1:])
	}
	for _, k := range []string{"key_0", "key_1", "key_2"} {
		if got := walk(t, s, Query{Eq: []Field{{Name: 'k', Value: k}}}, 0); len(got) < 13 {
			t.Fatalf("%s: %d records left", k, len(got))
		}
	}
	// every index key left points at a block that is there
	err = s.DB().View(func(tx *cache.Tx) error {
		return tx.Scan(s.base("ten_x", 'Y'), false, func(k, _ []byte) error {
			var id BlockID
			copy(id[:], k[len(k)-len(id):])
			if _, err := tx.Get(s.blockKey("ten_x", id)); err != nil {
				return fmt.Errorf("index key %q: %w", k, err)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A damaged block is an error that says so, never a panic.
func TestBlocksDamagedIsAnError(t *testing.T) {
	s := tempBlocks(t)
	r := blockRec(1, time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC))
	kvs := s.Pairs("ten_x", []*Record{r})
	huge := binary.AppendUvarint([]byte{'s'}, 1<<31) // claims 2 GiB
	for _, bad := range [][]byte{nil, {'s'}, {'x', 1, 2}, append([]byte{'s'}, bytes.Repeat([]byte{0xff}, 20)...), kvs[0].Value[:len(kvs[0].Value)-3], huge} {
		if err := s.DB().Set(kvs[0].Key, bad, 0); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := s.Each("ten_x", Query{}, func(Pos, []byte) error { return nil })
		runtime.ReadMemStats(&after)
		if !errors.Is(err, errBadBlock) {
			t.Fatalf("%x: %v", bad, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 { // what the damage claimed was not allocated
			t.Fatalf("%x: allocated %d bytes", bad, grew)
		}
	}
}

// Time bounds far in the past or future (before 1970, after 2262, where
// nanoseconds no longer fit) mean "open", in both layouts.
func TestFarTimeBoundsAreOpen(t *testing.T) {
	s := tempBlocks(t)
	old := New(s.DB(), "rl/")
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	putGroups(t, s, []*Record{blockRec(1, t0), blockRec(2, t0.Add(time.Second))}, func() int { return 5 })
	if err := s.DB().Update(func(tx *cache.Tx) error { return old.Put(tx, blockRec(3, t0.Add(-time.Hour))) }); err != nil {
		t.Fatal(err)
	}
	far := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	for _, q := range []Query{{From: far(1900)}, {To: far(2300)}, {From: far(1600), To: far(9999)}, {From: far(1969), To: far(2263)}} {
		if got := walk(t, s, q, 0); !slices.Equal(got, []string{"2", "1"}) {
			t.Errorf("blocks, %v to %v: %v", q.From, q.To, got)
		}
		var got []string
		if err := old.Each("ten_x", q, func(_ Ord, v []byte) error { got = append(got, string(v)); return nil }); err != nil || !slices.Equal(got, []string{"3"}) {
			t.Errorf("records, %v to %v: %v, %v", q.From, q.To, got, err)
		}
	}
	for _, q := range []Query{{To: far(1900)}, {From: far(2300)}} {
		if got := walk(t, s, q, 0); len(got) != 0 {
			t.Errorf("blocks, %v to %v: %v", q.From, q.To, got)
		}
	}
}

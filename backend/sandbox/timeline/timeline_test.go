package timeline

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/penguinmails/console/cache"
)

// The leapfrog join over indexes, with time bounds and a cursor, returns
// exactly what filtering every record by hand returns, newest first; prune
// leaves no index behind.
func TestQueriesMatchABruteForceFilter(t *testing.T) {
	db := tempDB(t)
	s := New(db, "tl/")
	rng := rand.New(rand.NewPCG(1, 2))
	type rec struct {
		ord    Ord
		fields map[byte]string
	}
	var all []rec
	ordOf := map[string]Ord{}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := db.Update(func(tx *cache.Tx) error {
		for i := 0; i < 3000; i++ {
			f := map[byte]string{'a': fmt.Sprint(rng.IntN(5)), 'b': fmt.Sprint(rng.IntN(3)), 'c': fmt.Sprint(rng.IntN(40))}
			at := t0.Add(time.Duration(rng.IntN(100_000)) * time.Second) // out of order, with ties
			r := &Record{Tenant: "t1", Ord: NewOrd(at), Value: []byte(fmt.Sprint(i))}
			for _, n := range []byte{'a', 'b', 'c'} {
				r.Index = append(r.Index, Field{Name: n, Value: f[n]})
			}
			all = append(all, rec{r.Ord, f})
			ordOf[string(r.Value)] = r.Ord
			if err := s.Put(tx, r); err != nil {
				return err
			}
			// another tenant with the same fields must never show
			other := *r
			other.Tenant = "t2"
			if err := s.Put(tx, &other); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(x, y rec) int { return -slices.Compare(x.ord[:], y.ord[:]) })

	for trial := 0; trial < 60; trial++ {
		var q Query
		want := func(r rec) bool { return true }
		for _, n := range []byte{'a', 'b', 'c'} {
			if rng.IntN(2) == 0 {
				v := r2s(rng, n)
				q.Eq = append(q.Eq, Field{Name: n, Value: v})
				prev := want
				want = func(r rec) bool { return prev(r) && r.fields[n] == v }
			}
		}
		if rng.IntN(2) == 0 {
			q.From = t0.Add(time.Duration(rng.IntN(50_000)) * time.Second)
			q.To = q.From.Add(time.Duration(rng.IntN(60_000)) * time.Second)
		}
		var expect []Ord
		for _, r := range all {
			at := r.ord.Time()
			if want(r) && (q.From.IsZero() || !at.Before(q.From)) && (q.To.IsZero() || at.Before(q.To)) {
				expect = append(expect, r.ord)
			}
		}
		// all at once, and page by page with a random page size
		var got []Ord
		s.Each("t1", q, func(o Ord, _ []byte) error { got = append(got, o); return nil })
		if !slices.Equal(got, expect) {
			t.Fatalf("trial %d (%+v): %d results, want %d", trial, q, len(got), len(expect))
		}
		var paged []Ord
		size := 1 + rng.IntN(60)
		for cursor, pages := "", 0; ; pages++ {
			pq := q
			if cursor != "" {
				o, err := ParseCursor(cursor)
				if err != nil {
					t.Fatal(err)
				}
				pq.Before = &o
			}
			items, next, err := Page(s, "t1", pq, size, func(v []byte, o *Ord) error { *o = ordOf[string(v)]; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if len(items) > size || (next != "" && len(items) != size) {
				t.Fatalf("page of %d with size %d (next %q)", len(items), size, next)
			}
			paged = append(paged, items...)
			if next == "" {
				break
			}
			cursor = next
		}
		if !slices.Equal(paged, expect) {
			t.Fatalf("trial %d: paging by %d gave %d results, want %d", trial, size, len(paged), len(expect))
		}
	}

	// prune: everything before the middle goes, indexes included
	cut := t0.Add(50_000 * time.Second)
	if _, err := s.Prune("t1", cut); err != nil {
		t.Fatal(err)
	}
	n := 0
	s.Each("t1", Query{Eq: []Field{{Name: 'b', Value: "1"}}}, func(o Ord, _ []byte) error {
		if o.Time().Before(cut) {
			t.Errorf("pruned record %v still indexed", o.Time())
		}
		n++
		return nil
	})
	if n == 0 {
		t.Error("prune removed everything")
	}
}

func r2s(rng *rand.Rand, n byte) string {
	switch n {
	case 'a':
		return fmt.Sprint(rng.IntN(5))
	case 'b':
		return fmt.Sprint(rng.IntN(3))
	}
	return fmt.Sprint(rng.IntN(40))
}

// A record's blob comes back whether it was stored in the record (now) or
// under a key of its own (records stored before): a log kept across an
// upgrade opens every entry's bodies. Reading the value never includes the
// blob, and pruning removes both forms.
func TestBlobsInTheRecordAndApart(t *testing.T) {
	db := tempDB(t)
	s := New(db, "tl/")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := &Record{Tenant: "t", Ord: NewOrd(t0), Index: []Field{{Name: 'a', Value: "x"}}, Value: []byte("new"), Blob: []byte("new bodies")}
	none := &Record{Tenant: "t", Ord: NewOrd(t0.Add(time.Second)), Index: []Field{{Name: 'a', Value: "x"}}, Value: []byte("no bodies")}
	old := Record{Tenant: "t", Ord: NewOrd(t0.Add(2 * time.Second)), Index: []Field{{Name: 'a', Value: "x"}}, Value: []byte("old")}
	err := db.Update(func(tx *cache.Tx) error {
		if err := s.Put(tx, now); err != nil {
			return err
		}
		if err := s.Put(tx, none); err != nil {
			return err
		}
		// the earlier layout: the value alone in 'e', the blob under 'b'
		if err := s.Put(tx, &old); err != nil {
			return err
		}
		return tx.Set(s.blobKey("t", old.Ord), []byte("old bodies"), 0)
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := db.Scan([]byte("tl/"), false, func(k, _ []byte) error {
		if bytes.HasSuffix(k, now.Ord[:]) {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("a record with a blob and one index field is %d keys, want 2 (the blob is in the record)", n)
	}
	for _, c := range []struct {
		r          *Record
		value, bod string
	}{{now, "new", "new bodies"}, {none, "no bodies", ""}, {&old, "old", "old bodies"}} {
		v, err := s.Value("t", c.r.Ord)
		if err != nil || string(v) != c.value {
			t.Errorf("value = %q, %v; want %q", v, err, c.value)
		}
		b, err := s.Blob("t", c.r.Ord)
		if err != nil || string(b) != c.bod {
			t.Errorf("blob of %q = %q, %v; want %q", c.value, b, err, c.bod)
		}
	}
	var seen []string
	if err := s.Each("t", Query{Eq: []Field{{Name: 'a', Value: "x"}}}, func(_ Ord, v []byte) error {
		seen = append(seen, string(v))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []string{"old", "no bodies", "new"}) {
		t.Errorf("Each saw %q, want the three values newest first and no blob in them", seen)
	}
	if n, err := s.Prune("t", t0.Add(time.Hour)); err != nil || n != 3 {
		t.Fatalf("prune = %d, %v", n, err)
	}
	left := 0
	if err := db.Scan([]byte("tl/"), false, func(k, v []byte) error { left++; return nil }); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d keys left after pruning everything", left)
	}
	if b, err := s.Blob("t", now.Ord); b != nil || err != nil {
		t.Errorf("blob of a pruned record = %q, %v; want none", b, err)
	}
}

// entryLen is exactly what encodeEntry makes, as blocks rely on it.
func TestEntryLenIsExact(t *testing.T) {
	long := string(make([]byte, 300))
	for _, idx := range [][]Field{nil, {{Name: 'k', Value: "key_a"}}, {{Name: 'p', Value: long}, {Name: 'i', Value: ""}}} {
		for _, v := range [][]byte{nil, []byte("v"), make([]byte, 200)} {
			for _, blob := range [][]byte{nil, {}, make([]byte, 20000)} {
				if got, want := entryLen(idx, v, blob), len(encodeEntry(idx, v, blob)); got != want {
					t.Fatalf("entryLen %d, entry %d (idx %d, value %d, blob %v)", got, want, len(idx), len(v), blob == nil)
				}
			}
		}
	}
}

// tempDB is a database in a temp dir, closed when t ends.
func tempDB(t *testing.T) *cache.DB {
	t.Helper()
	db, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

package requestlog

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// A request id minted by NewRequestID names its entry's place; ids of the
// earlier form, and strings that are not ids, name none.
func TestRequestIDNamesItsPlace(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 0, 0, 123456789, time.UTC)
	a, b := NewRequestID(at), NewRequestID(at)
	if a == b || len(a) != 30 || !strings.HasPrefix(a, "req_") {
		t.Fatalf("ids %q and %q", a, b)
	}
	oa, ok := ordOf(a)
	ob, _ := ordOf(b)
	if !ok || !oa.Time().Equal(at) || bytes.Compare(oa[:], ob[:]) >= 0 {
		t.Errorf("ordOf(%q) = %v (%v), %v; the later id's place %v", a, oa.Time(), ok, oa, ob)
	}
	for _, id := range []string{"req_01kb2m3n4p5q6r7s8t9v0w1x2y", "req_bench000000000000000000001", "req_short", a[:29] + "!", "REQ_" + a[4:]} {
		if _, ok := ordOf(id); ok {
			t.Errorf("ordOf(%q) named a place", id)
		}
	}
}

// Entries are found by their request id whichever form it has: at the place
// a new id names, through the index for an earlier one; a filter by id
// combines with the others either way.
func TestEntriesFoundByEitherFormOfID(t *testing.T) {
	l := tempLog(t)
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	old := "req_01kb2m3n4p5q6r7s8t9v0w1x2y"
	minted := NewRequestID(at.Add(time.Second))
	es := []wire.LogEntry{
		{RequestID: old, At: at, KeyID: "key_a", Method: "GET", Path: "/api/v1/contacts", Status: 200},
		{RequestID: minted, At: at.Add(time.Second), KeyID: "key_a", Method: "POST", Path: "/api/v1/emails/send", Status: 202},
	}
	if err := l.AppendBatch("ten_x", es); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{old, minted} {
		e, err := l.Get("ten_x", id)
		if err != nil || e.RequestID != id {
			t.Errorf("Get(%s) = %+v, %v", id, e, err)
		}
		for _, q := range []struct {
			method string
			want   int
		}{{"", 1}, {"DELETE", 0}} {
			tq, fields := Compile(wire.LogQuery{RequestID: id, KeyID: "key_a", Method: q.method})
			if len(fields) > 0 {
				t.Fatal(fields)
			}
			p, err := l.Query("ten_x", tq, 10)
			if err != nil || len(p.Entries) != q.want || (q.want == 1 && p.Entries[0].RequestID != id) {
				t.Errorf("filter request_id=%s method=%q: %+v, %v", id, q.method, p.Entries, err)
			}
		}
	}
	if _, err := l.Get("ten_x", NewRequestID(at)); err != ErrNotFound {
		t.Errorf("an id with no entry: %v", err)
	}
}

// tempLog is a request log on a fresh database, closed when the test ends.
func tempLog(t *testing.T) *Log {
	t.Helper()
	db, err := cache.Open(filepath.Join(t.TempDir(), "db"), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return Open(db)
}

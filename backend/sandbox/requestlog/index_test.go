package requestlog

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// What an entry costs the request's synced commit: a successful GET or POST
// is its record and three index keys (IP, key, path); what is rare (an
// error's class and code, another method) keeps its index.
func TestOnlyWhatNarrowsASearchIsIndexed(t *testing.T) {
	names := func(e wire.LogEntry) string {
		var s []byte
		for _, f := range record("ten_x", &e, nil).Index {
			s = append(s, f.Name)
		}
		return string(s)
	}
	base := wire.LogEntry{RequestID: NewRequestID(time.Now()), KeyID: "key_a", IP: "127.0.0.1", Path: "/api/v1/contacts/ada"}
	ok := base
	ok.Method, ok.Status = "GET", 200
	post := base
	post.Method, post.Status = "POST", 202
	del := base
	del.Method, del.Status = "DELETE", 204
	bad := base
	bad.Method, bad.Status, bad.Error = "POST", 403, "insufficient_permissions"
	for _, c := range []struct {
		e    wire.LogEntry
		want string
	}{{ok, "ikp"}, {post, "ikp"}, {del, "mikp"}, {bad, "sikcp"}} {
		if got := names(c.e); got != c.want {
			t.Errorf("%s %d indexed as %q, want %q", c.e.Method, c.e.Status, got, c.want)
		}
	}
}

// Filters on what is not indexed (2xx, 200, GET, POST) find exactly the
// entries they name, newest first and paged without a gap, in a log that
// also holds entries stored with every index key (before this rule).
func TestUnindexedFiltersFindEveryEntry(t *testing.T) {
	l := tempLog(t)
	db := l.tl.DB()
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	methods := []string{"GET", "POST", "GET", "DELETE"}
	statuses := []int{200, 202, 404, 200, 201, 500}
	var es []wire.LogEntry
	for i := 0; i < 240; i++ {
		t := at.Add(time.Duration(i) * time.Second)
		es = append(es, wire.LogEntry{RequestID: NewRequestID(t), At: t, KeyID: "key_a", IP: "10.0.0.1",
			Method: methods[i%len(methods)], Path: "/api/v1/contacts", Status: statuses[i%len(statuses)]})
	}
	if err := l.AppendBatch("ten_x", es[120:]); err != nil {
		t.Fatal(err)
	}
	// the earlier layout (one key per entry, before blocks, so older): every
	// entry indexed by its class and method too
	if err := db.Update(func(tx *cache.Tx) error {
		for i := range es[:120] {
			e := &es[i]
			r := record("ten_x", e, encodeDetail(e, nil, nil))
			r.Index = append(r.Index, timeline.Field{Name: fClass, Value: statusClass(e.Status)}, timeline.Field{Name: fMethod, Value: e.Method})
			if err := l.tl.Put(tx, r); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []wire.LogQuery{{Status: "2xx"}, {Status: "200"}, {Method: "GET"}, {Method: "post"}, {Status: "2xx", Method: "GET"}, {Status: "4xx"}, {Method: "DELETE"}} {
		want := 0
		for _, e := range es {
			if (q.Status == "" || q.Status == statusClass(e.Status) || q.Status == strconv.Itoa(e.Status)) &&
				(q.Method == "" || strings.EqualFold(q.Method, e.Method)) {
				want++
			}
		}
		got, cursor, last := 0, "", time.Time{}
		for page := 0; page < 100; page++ {
			q.Cursor, q.Limit = cursor, 7
			tq, problems := Compile(q)
			if len(problems) > 0 {
				t.Fatalf("%+v: %v", q, problems)
			}
			p, err := l.Query("ten_x", tq, 7)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range p.Entries {
				if !last.IsZero() && !e.At.Before(last) {
					t.Fatalf("%+v: not newest first at %v", q, e.At)
				}
				last = e.At
			}
			got += len(p.Entries)
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		if got != want {
			t.Errorf("%+v found %d entries, want %d", q, got, want)
		}
	}
}

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

// In blocks every field a filter names is indexed (an index key per block
// and distinct value): a successful GET or POST carries its class and
// method like an error does.
func TestBlocksIndexEveryFilteredField(t *testing.T) {
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
	}{{ok, "smikp"}, {post, "smikp"}, {del, "smikp"}, {bad, "smikcp"}} {
		if got := names(c.e); got != c.want {
			t.Errorf("%s %d indexed as %q, want %q", c.e.Method, c.e.Status, got, c.want)
		}
	}
}

// perEntryIndex is what the layout of a key per entry indexed, last: the
// 2xx class, GET and POST left out.
func perEntryIndex(r *timeline.Record) []timeline.Field {
	var out []timeline.Field
	for _, f := range r.Index {
		if (f.Name == fClass && !indexedClass(f.Value)) || (f.Name == fMethod && !indexedMethod(f.Value)) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// Filters on the 2xx class, an exact status, GET or POST find exactly the
// entries they name, newest first and paged without a gap, in a log that
// holds all three layouts an upgrade leaves, oldest first: entries with
// every index key, entries without keys for the 2xx class, GET and POST
// (checked as they are read), and blocks (where they are indexed).
func TestUnindexedFiltersFindEveryEntry(t *testing.T) {
	l := tempLog(t)
	db := l.tl.DB()
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	methods := []string{"GET", "POST", "GET", "DELETE"}
	statuses := []int{200, 202, 404, 200, 201, 500}
	var es []wire.LogEntry
	for i := 0; i < 360; i++ {
		t := at.Add(time.Duration(i) * time.Second)
		es = append(es, wire.LogEntry{RequestID: NewRequestID(t), At: t, KeyID: "key_a", IP: "10.0.0.1",
			Method: methods[i%len(methods)], Path: "/api/v1/contacts", Status: statuses[i%len(statuses)]})
	}
	if err := l.AppendBatch("ten_x", es[240:]); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *cache.Tx) error {
		for i := range es[:240] {
			e := &es[i]
			r := record("ten_x", e, encodeDetail(e, nil, nil))
			if i >= 120 { // the rule of the last per-entry layout
				r.Index = perEntryIndex(r)
			}
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

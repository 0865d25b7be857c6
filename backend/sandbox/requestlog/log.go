// Package requestlog is the platform's per-tenant request log (SPEC §8.4):
// every gateway request with its key, IP, route, status, latency, sizes,
// headers and (unless the tenant turned them off) redacted bodies, kept 30
// days in Badger on a timeline with an index per filter.
package requestlog

import (
	"errors"
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Retention is how long entries are kept.
const Retention = 30 * 24 * time.Hour

// Page sizes of GET /tenant/logs.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// ErrNotFound means no entry has that request id (in this tenant).
var ErrNotFound = errors.New("requestlog: no such request")

// Index field names.
const (
	fKey    = 'k'
	fClass  = 's' // 2xx, 4xx, 5xx
	fCode   = 'c'
	fMethod = 'm'
	fIP     = 'i'
	fID     = 'r'
	fPath   = 'p' // the path's first segments, see pathPrefix
)

// Log is the request log. It makes no commits of its own: the gateway
// writes each group commit's entries in the transaction that makes their
// usage events durable (Pairs, called by the group's BatchHook), so an
// answer waits for one synced write, not two.
//
// Entries are stored in blocks, one per tenant and group commit
// (timeline.Blocks). Entries written before blocks, one key each
// (timeline.Store), are still read and pruned; all of them are older than
// any block, so a walk reads the blocks and then them.
type Log struct {
	bl *timeline.Blocks
	tl *timeline.Store
}

// Open makes the request log in db.
func Open(db *cache.DB) *Log {
	return &Log{bl: timeline.NewBlocks(db, "rl/"), tl: timeline.New(db, "rl/")}
}

// Record is e's stored form, made ahead of a commit: the gateway builds it
// on the request's goroutine so that the one goroutine writing group
// commits only gathers records into blocks (Pairs). The headers kept are
// reqH and respH, masked and redacted here (e's header maps are not read).
func (l *Log) Record(tenant string, e *wire.LogEntry, reqH, respH http.Header) *timeline.Record {
	return record(tenant, e, encodeDetail(e, reqH, respH))
}

// Size estimates the bytes r adds to a transaction.
func Size(r *timeline.Record) int {
	n := len(r.Value) + len(r.Blob) + 32
	for _, f := range r.Index {
		n += len(f.Value) + 2
	}
	return n
}

// Pairs are the keys and values that store recs, one group commit's
// records of one tenant (Record), as blocks; recs is sorted in place.
func (l *Log) Pairs(tenant string, recs []*timeline.Record) []timeline.KV {
	return l.bl.Pairs(tenant, recs)
}

// groupSize is how many entries a bulk load stores per block: about what
// a busy gateway's group commits hold.
const groupSize = 8

// AppendBatch stores entries without waiting for a sync, for bulk loads
// (benchmarks and tests of large logs), in blocks of groupSize entries in
// the order given, as group commits would have written them.
func (l *Log) AppendBatch(tenant string, es []wire.LogEntry) error {
	b := l.bl.DB().NewBatch()
	recs := make([]*timeline.Record, 0, groupSize)
	for i := range es {
		recs = append(recs, record(tenant, &es[i], encodeDetail(&es[i], nil, nil)))
		if len(recs) == groupSize || i == len(es)-1 {
			if err := l.bl.PutBatch(b, tenant, recs); err != nil {
				return err
			}
			recs = recs[:0]
		}
	}
	return b.Flush()
}

// record is how e is stored. An entry whose request id names its place
// (NewRequestID) is stored there and needs no request-id index; others
// (ids of the earlier form) are placed by their time and indexed by id.
func record(tenant string, e *wire.LogEntry, blob []byte) *timeline.Record {
	idx := make([]timeline.Field, 0, 8)
	ord, addressed := ordOf(e.RequestID)
	if !addressed {
		ord = timeline.NewOrd(e.At)
		idx = append(idx, timeline.Field{Name: fID, Value: e.RequestID})
	}
	idx = append(idx, timeline.Field{Name: fClass, Value: statusClass(e.Status)}, timeline.Field{Name: fMethod, Value: e.Method})
	idx = append(idx, timeline.Field{Name: fIP, Value: e.IP})
	if e.KeyID != "" {
		idx = append(idx, timeline.Field{Name: fKey, Value: e.KeyID})
	}
	if e.Error != "" {
		idx = append(idx, timeline.Field{Name: fCode, Value: e.Error})
	}
	if p := pathPrefix(e.Path); p != "" {
		idx = append(idx, timeline.Field{Name: fPath, Value: p})
	}
	return &timeline.Record{Tenant: tenant, Ord: ord, Index: idx, Value: encodeSummary(e), Blob: blob}
}

var classes = [...]string{"1xx", "2xx", "3xx", "4xx", "5xx"}

// In blocks an index key is written once per block and distinct value, so
// every field a filter names is indexed, the 2xx class, GET and POST too: a
// search for successes in a log flooded with refusals skips the blocks that
// hold none. Entries stored one key each (before blocks) left out the
// values that match most of a log, since there each index key was one more
// key per request in its synced commit: on them the 2xx class, GET and POST
// are checked as the entries are read (Match), and the block layout narrows
// by them (timeline.Query.Narrow). indexedClass and indexedMethod name what
// that per-entry layout indexed.
func indexedClass(class string) bool   { return class != "2xx" }
func indexedMethod(method string) bool { return method != "GET" && method != "POST" }

func statusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return classes[status/100-1]
}

// Every index key is written in the request's synced commit, so only what
// narrows a search a lot is indexed: the path's third segment
// ("/api/v1/emails"; shallower matches nearly everything, deeper is checked
// on the entries the index yields) and, for an exact status, its class (the
// status itself is checked on the entries).
const pathDepth = 3

// pathPrefix is the indexed prefix of path: its first pathDepth segments,
// or "" when it has fewer or the last of them is empty.
func pathPrefix(path string) string {
	depth := 0
	for i := 1; i <= len(path); i++ {
		if i == len(path) || path[i] == '/' {
			if depth++; depth == pathDepth {
				if path[i-1] == '/' {
					return ""
				}
				return path[:i]
			}
		}
	}
	return ""
}

// indexedPrefix is the indexed prefix of whole segments that every path
// starting with p shares, or "". The filter is a plain string prefix
// ("/api/v1/cont" finds contacts), so p's last segment may be partial and
// only segments followed by a slash in p count.
func indexedPrefix(p string) string {
	if c := pathPrefix(p); c != "" && strings.HasPrefix(p, c+"/") {
		return c
	}
	return ""
}

var (
	codePattern   = regexp.MustCompile(`^[a-z][a-z0-9_]{1,63}$`)
	statusPattern = regexp.MustCompile(`^[1-5][0-9][0-9]$`)
	classPattern  = regexp.MustCompile(`^[1-5]xx$`)
	methods       = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true}
)

// Compile checks q's filters and turns them into a timeline query. Problems
// come back by field name, in words fit for the user.
func Compile(q wire.LogQuery) (timeline.Query, map[string]string) {
	var tq timeline.Query
	fields := map[string]string{}
	timeline.Bounds(&tq, q.From, q.To, q.Cursor, q.Limit, MaxLimit, fields)
	var match []func(*wire.LogEntry) bool // checks the indexes cannot make
	eq := func(name byte, v string) { tq.Eq = append(tq.Eq, timeline.Field{Name: name, Value: v}) }
	narrow := func(name byte, v string) { tq.Narrow = append(tq.Narrow, timeline.Field{Name: name, Value: v}) }
	switch s := strings.ToLower(strings.TrimSpace(q.Status)); {
	case s == "":
	case classPattern.MatchString(s):
		if indexedClass(s) {
			eq(fClass, s)
		} else {
			narrow(fClass, s)
			match = append(match, func(e *wire.LogEntry) bool { return statusClass(e.Status) == s })
		}
	case statusPattern.MatchString(s):
		if c := s[:1] + "xx"; indexedClass(c) {
			eq(fClass, c)
		} else {
			narrow(fClass, c)
		}
		want, _ := strconv.Atoi(s)
		match = append(match, func(e *wire.LogEntry) bool { return e.Status == want })
	case codePattern.MatchString(s):
		eq(fCode, s)
	default:
		fields["status"] = "status must be 2xx, 4xx, 429, 5xx, a status such as 404, or an error code such as key_revoked"
	}
	if v := strings.TrimSpace(q.KeyID); v != "" {
		eq(fKey, v)
	}
	if v := strings.ToUpper(strings.TrimSpace(q.Method)); v != "" {
		if !methods[v] {
			fields["method"] = "method must be GET, POST, PUT, PATCH or DELETE"
		}
		if indexedMethod(v) {
			eq(fMethod, v)
		} else {
			narrow(fMethod, v)
			match = append(match, func(e *wire.LogEntry) bool { return e.Method == v })
		}
	}
	if v := strings.TrimSpace(q.IP); v != "" {
		a, err := netip.ParseAddr(v)
		if err != nil {
			fields["ip"] = "ip must be an IPv4 or IPv6 address, such as 203.0.113.7"
		} else {
			eq(fIP, a.Unmap().String())
		}
	}
	if v := strings.TrimSpace(q.RequestID); v != "" {
		if !strings.HasPrefix(v, "req_") {
			fields["request_id"] = "request_id starts with req_ (as in the X-Request-Id header)"
		}
		if o, ok := ordOf(v); ok { // the id is the entry's place: look there only
			at := o.Time()
			if tq.From.IsZero() || tq.From.Before(at) {
				tq.From = at
			}
			if end := at.Add(time.Nanosecond); tq.To.IsZero() || tq.To.After(end) {
				tq.To = end
			}
			match = append(match, func(e *wire.LogEntry) bool { return e.RequestID == v })
		} else {
			eq(fID, v)
		}
	}
	if p := strings.TrimSpace(q.Path); p != "" {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		if !strings.HasPrefix(p, "/api/") {
			p = "/api/v1" + p // "/emails" means the API's /emails
		}
		if ip := indexedPrefix(p); ip != "" {
			eq(fPath, ip)
		}
		match = append(match, func(e *wire.LogEntry) bool { return strings.HasPrefix(e.Path, p) })
	}
	if len(match) > 0 {
		tq.Match = func(v []byte) bool {
			var e wire.LogEntry
			if decodeSummary(v, &e) != nil {
				return false
			}
			for _, m := range match {
				if !m(&e) {
					return false
				}
			}
			return true
		}
	}
	return tq, fields
}

// place is where an entry is stored: in a block (inBlock, at pos) or on
// its own, before blocks (at pos.Ord).
type place struct {
	pos     timeline.Pos
	inBlock bool
}

// cursor resumes a walk just after the entry.
func (p place) cursor() string {
	if p.inBlock {
		return p.pos.Cursor()
	}
	return p.pos.Ord.Cursor()
}

// each calls fn for every entry matching tq, newest first, with its place:
// the blocks, then the entries stored before blocks. The value is valid
// only during the call.
func (l *Log) each(tenant string, tq timeline.Query, fn func(at place, v []byte) error) error {
	if tq.Before == nil { // no cursor, or one within the blocks
		stopped := false
		err := l.bl.Each(tenant, tq, func(p timeline.Pos, v []byte) error {
			err := fn(place{pos: p, inBlock: true}, v)
			stopped = errors.Is(err, timeline.ErrStop)
			return err
		})
		if err != nil || stopped {
			return err
		}
	}
	return l.tl.Each(tenant, tq, func(o timeline.Ord, v []byte) error { return fn(place{pos: timeline.Pos{Ord: o}}, v) })
}

// Query returns one page, newest first.
func (l *Log) Query(tenant string, tq timeline.Query, limit int) (wire.LogPage, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	page := wire.LogPage{Entries: make([]wire.LogEntry, 0, min(limit, 64))}
	var last place
	err := l.each(tenant, tq, func(at place, v []byte) error {
		if len(page.Entries) == limit {
			page.NextCursor = last.cursor()
			return timeline.ErrStop
		}
		var e wire.LogEntry
		if err := decodeSummary(v, &e); err != nil {
			return err
		}
		page.Entries = append(page.Entries, e)
		last = at
		return nil
	})
	return page, err
}

// Each calls fn for every entry matching tq, newest first. The entry is
// reused between calls.
func (l *Log) Each(tenant string, tq timeline.Query, fn func(e *wire.LogEntry) error) error {
	var e wire.LogEntry
	return l.each(tenant, tq, func(_ place, v []byte) error {
		if err := decodeSummary(v, &e); err != nil {
			return err
		}
		return fn(&e)
	})
}

// Get returns one entry with its headers and bodies.
func (l *Log) Get(tenant, requestID string) (*wire.LogEntry, error) {
	var at place
	found := false
	if ord, addressed := ordOf(requestID); addressed { // the id is the entry's place
		at = place{pos: timeline.Pos{Ord: ord}, inBlock: true}
		v, blob, ok, err := l.bl.Find(tenant, ord)
		if err != nil {
			return nil, err
		}
		if ok {
			return entry(v, blob, requestID)
		}
		at.inBlock = false
		v, err = l.tl.Value(tenant, ord)
		if err != nil && !errors.Is(err, cache.ErrNotFound) {
			return nil, err
		}
		if err == nil {
			var e wire.LogEntry
			found = decodeSummary(v, &e) == nil && e.RequestID == requestID
		}
	}
	if !found { // an id of the earlier form: through its index
		err := l.each(tenant, timeline.Query{Eq: []timeline.Field{{Name: fID, Value: requestID}}}, func(p place, _ []byte) error {
			at, found = p, true
			return timeline.ErrStop
		})
		if err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, ErrNotFound
	}
	if at.inBlock {
		v, blob, ok, err := l.bl.Find(tenant, at.pos.Ord)
		if err != nil {
			return nil, err
		}
		if !ok { // pruned meanwhile
			return nil, ErrNotFound
		}
		return entry(v, blob, requestID)
	}
	v, err := l.tl.Value(tenant, at.pos.Ord)
	if errors.Is(err, cache.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	blob, err := l.tl.Blob(tenant, at.pos.Ord)
	if err != nil {
		return nil, err
	}
	return entry(v, blob, requestID)
}

// entry decodes a stored entry's value and blob, ErrNotFound when it is
// another request's.
func entry(v, blob []byte, requestID string) (*wire.LogEntry, error) {
	var e wire.LogEntry
	if err := decodeSummary(v, &e); err != nil {
		return nil, err
	}
	if e.RequestID != requestID {
		return nil, ErrNotFound
	}
	if blob != nil {
		if err := decodeDetail(blob, &e); err != nil {
			return nil, err
		}
	}
	return &e, nil
}

// Prune deletes the tenant's entries older than Retention before now.
func (l *Log) Prune(tenant string, now time.Time) (int, error) {
	n, err := l.bl.Prune(tenant, now.Add(-Retention))
	if err != nil {
		return n, err
	}
	m, err := l.tl.Prune(tenant, now.Add(-Retention))
	return n + m, err
}

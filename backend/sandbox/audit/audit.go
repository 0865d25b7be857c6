// Package audit is the platform's tenant-wide audit log (SPEC §8.4): every
// change and every attempt at one — sign-ins, sudo, key changes with
// permissions before and after, notifications sent, security events — with
// who did it, in what role, from which IP and user agent, to what, and when.
// Entries are kept 90 days on a timeline indexed by actor, action and target.
package audit

import (
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Retention is how long audit entries are kept.
const Retention = 90 * 24 * time.Hour

// Page sizes of GET /tenant/audit.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

const (
	fActor  = 'a'
	fAction = 'c'
	fTarget = 't'
)

// Log is the audit log.
type Log struct{ tl *timeline.Store }

// Open makes the audit log in db.
func Open(db *cache.DB) *Log { return &Log{tl: timeline.New(db, "au/")} }

// NewID is the id of an entry made at t, for an entry that is written
// again as it grows (see Put).
func NewID(t time.Time) string {
	o := timeline.NewOrd(t)
	return idPrefix + hex.EncodeToString(o[:])
}

const idPrefix = "aud_"

// ord is the order key an id made by NewID names.
func ord(id string) (timeline.Ord, bool) {
	var o timeline.Ord
	b, err := hex.DecodeString(strings.TrimPrefix(id, idPrefix))
	if !strings.HasPrefix(id, idPrefix) || err != nil || len(b) != len(o) {
		return o, false
	}
	copy(o[:], b)
	return o, true
}

// Put adds e to tx, so an audit entry commits with the change it records. It
// fills in e.ID (and e.At when zero). An e.ID made by NewID is kept, and
// putting the entry again replaces it in place: an entry that stands for
// repeated attempts is rewritten with its growing count. Its actor, action
// and target (the indexed fields) must not change.
func (l *Log) Put(tx *cache.Tx, tenant string, e *wire.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	o, ok := ord(e.ID)
	if !ok {
		o = timeline.NewOrd(e.At)
		e.ID = idPrefix + hex.EncodeToString(o[:])
	}
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	idx := []timeline.Field{{Name: fActor, Value: strings.ToLower(e.Actor)}, {Name: fAction, Value: e.Action}}
	if e.Target != "" {
		idx = append(idx, timeline.Field{Name: fTarget, Value: e.Target})
	}
	return l.tl.Put(tx, &timeline.Record{Tenant: tenant, Ord: o, Index: idx, Value: v})
}

// Record stores e on its own (synced before it returns).
func (l *Log) Record(tenant string, e *wire.AuditEntry) error {
	return l.tl.DB().Update(func(tx *cache.Tx) error { return l.Put(tx, tenant, e) })
}

// Compile checks q's filters and turns them into a timeline query.
func Compile(q wire.AuditQuery) (timeline.Query, map[string]string) {
	var tq timeline.Query
	fields := map[string]string{}
	timeline.Bounds(&tq, q.From, q.To, q.Cursor, q.Limit, MaxLimit, fields)
	if tq.BeforePos != nil { // a request log's cursor: not one of this log's
		fields["cursor"] = timeline.ErrBadCursor.Error()
	}
	if v := strings.ToLower(strings.TrimSpace(q.Actor)); v != "" {
		tq.Eq = append(tq.Eq, timeline.Field{Name: fActor, Value: v})
	}
	if v := strings.TrimSpace(q.Action); v != "" {
		if !slices.Contains(wire.AuditActions, v) {
			fields["action"] = "action must be one of " + strings.Join(wire.AuditActions, ", ")
		}
		tq.Eq = append(tq.Eq, timeline.Field{Name: fAction, Value: v})
	}
	if v := strings.TrimSpace(q.Target); v != "" {
		tq.Eq = append(tq.Eq, timeline.Field{Name: fTarget, Value: v})
	}
	return tq, fields
}

// Query returns one page, newest first.
func (l *Log) Query(tenant string, tq timeline.Query, limit int) (wire.AuditPage, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	entries, next, err := timeline.Page(l.tl, tenant, tq, limit, func(v []byte, e *wire.AuditEntry) error {
		return json.Unmarshal(v, e)
	})
	return wire.AuditPage{Entries: entries, NextCursor: next}, err
}

// Each calls fn for every entry matching tq, newest first.
func (l *Log) Each(tenant string, tq timeline.Query, fn func(e *wire.AuditEntry) error) error {
	return l.tl.Each(tenant, tq, func(_ timeline.Ord, v []byte) error {
		var e wire.AuditEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		return fn(&e)
	})
}

// Prune deletes the tenant's entries older than Retention before now.
func (l *Log) Prune(tenant string, now time.Time) (int, error) {
	return l.tl.Prune(tenant, now.Add(-Retention))
}

package cache

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Snapshots is a history of JSON documents fetched over time (the console
// keeps its usage answers here), by tenant, range and key filter. The cache
// stores them as they come and knows nothing of their schema: the usage
// service gives and takes the typed answer.

// DefaultRetention is how long usage snapshots are kept (SPEC §4).
const DefaultRetention = 90 * 24 * time.Hour

// Key layout. Three records per snapshot, all with the same TTL:
//
//	snap/d/<tenant>/<range>/<key>/<nanos>  the snapshot (history and Get by id)
//	snap/t/<tenant>/<nanos>/<range>/<key>  empty, time-ordered: the history browser
//	snap/n/<tenant>/<range>/<key>          a copy of the newest snapshot, so an
//	                                       offline read is one Get, not a scan
//
// Timestamps are zero-padded nanoseconds so byte order is time order.
var (
	pfxSnapData   = []byte("snap/d/")
	pfxSnapTime   = []byte("snap/t/")
	pfxSnapNewest = []byte("snap/n/")
)

// allKeys stands for "no key filter" in keys, where an empty segment would be ambiguous.
const allKeys = "-"

// SnapshotQuery says which usage answer a snapshot holds.
type SnapshotQuery struct {
	Range string `json:"range"`  // 1h | 24h | 7d | 30d | custom:<from>_<to> (unix seconds)
	KeyID string `json:"key_id"` // "" for all keys
}

// SnapshotMeta describes a snapshot without its data (the history list).
type SnapshotMeta struct {
	ID        string    `json:"id"`
	Tenant    string    `json:"tenant"`
	Range     string    `json:"range"`
	KeyID     string    `json:"key_id"`
	FetchedAt time.Time `json:"fetched_at"`
}

// Snapshot is one document as it was fetched: JSON, kept as it came.
type Snapshot struct {
	SnapshotMeta
	Data json.RawMessage `json:"data"`
}

// Age is how old the snapshot is at now.
func (s *Snapshot) Age(now time.Time) time.Duration { return now.Sub(s.FetchedAt) }

// Snapshots keeps every usage answer the console fetches, for the freshness
// rule (answers under a minute old are served from here) and for offline
// review by support staff.
type Snapshots struct {
	db        *DB
	retention atomic.Int64 // nanoseconds; Settings may change it while jobs read
	now       func() time.Time
}

// NewSnapshots wraps db. retention <= 0 means DefaultRetention; now nil means time.Now.
func NewSnapshots(db *DB, retention time.Duration, now func() time.Time) *Snapshots {
	if retention <= 0 {
		retention = DefaultRetention
	}
	if now == nil {
		now = time.Now
	}
	s := &Snapshots{db: db, now: now}
	s.retention.Store(int64(retention))
	return s
}

// Retention is how long a snapshot is kept.
func (s *Snapshots) Retention() time.Duration { return time.Duration(s.retention.Load()) }

// SetRetention changes the retention for snapshots written from now on; Prune
// applies it to older ones.
func (s *Snapshots) SetRetention(d time.Duration) {
	if d > 0 {
		s.retention.Store(int64(d))
	}
}

func seg(v string) string {
	if v == "" {
		return allKeys
	}
	return url.PathEscape(v)
}

func unseg(v string) string {
	if v == allKeys {
		return ""
	}
	u, err := url.PathUnescape(v)
	if err != nil {
		return v
	}
	return u
}

func stamp(t time.Time) string { return fmt.Sprintf("%020d", t.UnixNano()) }

func dataKey(tenant string, q SnapshotQuery, at time.Time) []byte {
	return []byte(string(pfxSnapData) + seg(tenant) + "/" + seg(q.Range) + "/" + seg(q.KeyID) + "/" + stamp(at))
}

func timeKey(tenant string, q SnapshotQuery, at time.Time) []byte {
	return []byte(string(pfxSnapTime) + seg(tenant) + "/" + stamp(at) + "/" + seg(q.Range) + "/" + seg(q.KeyID))
}

func newestKey(tenant string, q SnapshotQuery) []byte {
	return []byte(string(pfxSnapNewest) + seg(tenant) + "/" + seg(q.Range) + "/" + seg(q.KeyID))
}

// snapshotID is opaque to the UI: the data key's tail (range, key, time),
// base64url so it travels safely in JSON and URLs. The tenant is not in it:
// a caller can only read its own tenant's snapshots.
func snapshotID(q SnapshotQuery, at time.Time) string {
	return base64.RawURLEncoding.EncodeToString([]byte(seg(q.Range) + "/" + seg(q.KeyID) + "/" + stamp(at)))
}

// ErrBadSnapshotID is returned for an id that Snapshots never made.
var ErrBadSnapshotID = errors.New("cache: malformed snapshot id")

func parseSnapshotID(id string) (SnapshotQuery, time.Time, error) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return SnapshotQuery{}, time.Time{}, ErrBadSnapshotID
	}
	parts := strings.Split(string(raw), "/")
	if len(parts) != 3 {
		return SnapshotQuery{}, time.Time{}, ErrBadSnapshotID
	}
	n, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return SnapshotQuery{}, time.Time{}, ErrBadSnapshotID
	}
	return SnapshotQuery{Range: unseg(parts[0]), KeyID: unseg(parts[1])}, time.Unix(0, n).UTC(), nil
}

func (s *Snapshots) ttl(fetchedAt time.Time) time.Duration {
	// TTL counts from the fetch, so a snapshot written late (an import) still
	// leaves when its retention ends.
	return s.Retention() - s.now().Sub(fetchedAt)
}

// Put stores data (a JSON document; anything else fails to encode) as the
// snapshot of q fetched now, and makes it the newest.
func (s *Snapshots) Put(tenant string, q SnapshotQuery, data json.RawMessage) (SnapshotMeta, error) {
	at := s.now().UTC()
	snap := Snapshot{SnapshotMeta: SnapshotMeta{ID: snapshotID(q, at), Tenant: tenant, Range: q.Range, KeyID: q.KeyID, FetchedAt: at}, Data: data}
	b, err := encodeSnapshot(&snap)
	if err != nil {
		return SnapshotMeta{}, err
	}
	ttl := s.ttl(at)
	err = s.db.Update(func(tx *Tx) error {
		if err := tx.Set(dataKey(tenant, q, at), b, ttl); err != nil {
			return err
		}
		if err := tx.Set(timeKey(tenant, q, at), nil, ttl); err != nil {
			return err
		}
		// Another writer may have stored a newer answer meanwhile; keep the newest.
		var cur Snapshot
		if err := tx.getSnapshot(newestKey(tenant, q), &cur); err == nil && cur.FetchedAt.After(at) {
			return nil
		}
		return tx.Set(newestKey(tenant, q), b, ttl)
	})
	return snap.SnapshotMeta, err
}

// Newest returns the newest snapshot of q, or ErrNotFound. One Get.
func (s *Snapshots) Newest(tenant string, q SnapshotQuery) (*Snapshot, error) {
	var snap Snapshot
	if err := s.db.getSnapshot(newestKey(tenant, q), &snap); err != nil {
		return nil, err
	}
	return s.live(&snap)
}

// live hides a snapshot past the retention even before Badger's TTL or Prune
// removes it: the retention may have been shortened since it was written, and
// the rule then holds at once.
func (s *Snapshots) live(snap *Snapshot) (*Snapshot, error) {
	if s.expired(snap.FetchedAt) {
		return nil, ErrNotFound
	}
	return snap, nil
}

func (s *Snapshots) expired(fetchedAt time.Time) bool {
	return s.now().Sub(fetchedAt) >= s.Retention()
}

// Fresh returns the newest snapshot of q if it is younger than maxAge; ok
// tells whether it was. A stale snapshot is still returned (for offline use).
func (s *Snapshots) Fresh(tenant string, q SnapshotQuery, maxAge time.Duration) (snap *Snapshot, ok bool, err error) {
	snap, err = s.Newest(tenant, q)
	if err != nil {
		return nil, false, err
	}
	age := snap.Age(s.now())
	return snap, age >= 0 && age < maxAge, nil
}

// Get returns the snapshot with id, or ErrNotFound (also when it has expired).
func (s *Snapshots) Get(tenant, id string) (*Snapshot, error) {
	q, at, err := parseSnapshotID(id)
	if err != nil {
		return nil, err
	}
	var snap Snapshot
	if err := s.db.getSnapshot(dataKey(tenant, q, at), &snap); err != nil {
		return nil, err
	}
	return s.live(&snap)
}

// List returns the snapshots of tenant fetched in [from, to], newest first,
// at most limit of them (limit <= 0: 500). A zero from or to is open.
func (s *Snapshots) List(tenant string, from, to time.Time, limit int) ([]SnapshotMeta, error) {
	if limit <= 0 {
		limit = 500
	}
	prefix := []byte(string(pfxSnapTime) + seg(tenant) + "/")
	start := append(bytes.Clone(prefix), 0xff)
	if !to.IsZero() {
		// Everything at the instant "to" sorts before stamp(to)+"0".
		start = []byte(string(prefix) + stamp(to) + "0")
	}
	out := []SnapshotMeta{}
	err := s.db.View(func(tx *Tx) error {
		return tx.ScanFrom(prefix, start, true, func(k, _ []byte) error {
			m, err := parseTimeKey(tenant, k[len(prefix):])
			if err != nil {
				return nil // not ours; skip rather than fail the whole list
			}
			if (!from.IsZero() && m.FetchedAt.Before(from)) || s.expired(m.FetchedAt) {
				return ErrStop // newest first: everything after is older still
			}
			if !to.IsZero() && m.FetchedAt.After(to) {
				return nil
			}
			out = append(out, m)
			if len(out) >= limit {
				return ErrStop
			}
			return nil
		})
	})
	return out, err
}

func parseTimeKey(tenant string, tail []byte) (SnapshotMeta, error) {
	parts := strings.Split(string(tail), "/")
	if len(parts) != 3 {
		return SnapshotMeta{}, ErrBadSnapshotID
	}
	n, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return SnapshotMeta{}, ErrBadSnapshotID
	}
	at := time.Unix(0, n).UTC()
	q := SnapshotQuery{Range: unseg(parts[1]), KeyID: unseg(parts[2])}
	return SnapshotMeta{ID: snapshotID(q, at), Tenant: tenant, Range: q.Range, KeyID: q.KeyID, FetchedAt: at}, nil
}

// ThinAfter is the age from which only the last snapshot of each hour (of
// each range and key) is kept: a console open all day takes one of the last
// hour every minute, and 90 days of those would be ~130,000 near-copies.
// History reads minute by minute for the last day, hour by hour before it.
const ThinAfter = 24 * time.Hour

// Prune deletes every snapshot older than the retention (TTLs already do this
// for snapshots written under the current retention; Prune catches those
// written under a longer one), thins those older than ThinAfter to the last
// of each hour, and then reclaims value-log space. It returns how many
// snapshots it deleted.
func (s *Snapshots) Prune() (int, error) {
	now := s.now()
	cutoff, thin := now.Add(-s.Retention()), now.Add(-ThinAfter)
	type victim struct {
		tenant string
		m      SnapshotMeta
	}
	var victims []victim
	// the last snapshot seen so far in each hour of each tenant, range and
	// key; keys are read oldest first, so a later one in the same hour
	// replaces it (the newest of a query is always the last of its hour)
	type hour struct {
		tenant, rng, key string
		at               int64
	}
	lastOf := map[hour]SnapshotMeta{}
	err := s.db.Scan(pfxSnapTime, false, func(k, _ []byte) error {
		rest := string(k[len(pfxSnapTime):])
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return nil
		}
		tenant := unseg(rest[:i])
		m, err := parseTimeKey(tenant, []byte(rest[i+1:]))
		switch {
		case err != nil:
		case m.FetchedAt.Before(cutoff):
			victims = append(victims, victim{tenant, m})
		case m.FetchedAt.Before(thin):
			h := hour{tenant, m.Range, m.KeyID, m.FetchedAt.Unix() / 3600}
			if prev, ok := lastOf[h]; ok {
				victims = append(victims, victim{tenant, prev})
			}
			lastOf[h] = m
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	const perTxn = 1000 // stays far below Badger's transaction size limit
	for i := 0; i < len(victims); i += perTxn {
		batch := victims[i:min(i+perTxn, len(victims))]
		err := s.db.Update(func(tx *Tx) error {
			for _, v := range batch {
				q := SnapshotQuery{Range: v.m.Range, KeyID: v.m.KeyID}
				if err := tx.Delete(dataKey(v.tenant, q, v.m.FetchedAt)); err != nil {
					return err
				}
				if err := tx.Delete(timeKey(v.tenant, q, v.m.FetchedAt)); err != nil {
					return err
				}
				var cur Snapshot
				if err := tx.getSnapshot(newestKey(v.tenant, q), &cur); err == nil && !cur.FetchedAt.After(v.m.FetchedAt) {
					if err := tx.Delete(newestKey(v.tenant, q)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return i, err
		}
	}
	s.db.RunGC()
	return len(victims), nil
}

// Import writes many snapshots at once with a Badger WriteBatch (bulk loads:
// benchmarks, and restoring an export), each at its own FetchedAt. The newest
// of each query becomes the newest index entry.
func (s *Snapshots) Import(snaps []Snapshot) error {
	wb := s.db.db.NewWriteBatch()
	defer wb.Cancel()
	newest := map[string]*Snapshot{}
	for i := range snaps {
		sn := &snaps[i]
		q := SnapshotQuery{Range: sn.Range, KeyID: sn.KeyID}
		sn.ID = snapshotID(q, sn.FetchedAt)
		b, err := encodeSnapshot(sn)
		if err != nil {
			return err
		}
		ttl := s.ttl(sn.FetchedAt)
		if ttl <= 0 {
			continue
		}
		if err := wb.SetEntry(badgerEntry(dataKey(sn.Tenant, q, sn.FetchedAt), b, ttl)); err != nil {
			return err
		}
		if err := wb.SetEntry(badgerEntry(timeKey(sn.Tenant, q, sn.FetchedAt), nil, ttl)); err != nil {
			return err
		}
		nk := string(newestKey(sn.Tenant, q))
		if cur := newest[nk]; cur == nil || sn.FetchedAt.After(cur.FetchedAt) {
			newest[nk] = sn
		}
	}
	for nk, sn := range newest {
		b, err := encodeSnapshot(sn)
		if err != nil {
			return err
		}
		if err := wb.SetEntry(badgerEntry([]byte(nk), b, s.ttl(sn.FetchedAt))); err != nil {
			return err
		}
	}
	return wb.Flush()
}

func badgerEntry(k, v []byte, ttl time.Duration) *badger.Entry {
	return ttlEntry(k, v, ttl)
}

// Package timeline keeps per-tenant, time-ordered records in Badger with
// secondary indexes, and answers "newest first, matching these fields,
// before this cursor" by leapfrogging between the indexes. The request log
// and the audit log are both timelines.
//
// Keys (P is the store's prefix, T the tenant, ord the 12-byte order key):
//
//	P T 0x00 'e' ord                    the record: its index fields, its value, then its blob if any
//	P T 0x00 'b' ord                    a blob kept apart (records stored before blobs moved into 'e')
//	P T 0x00 'x' name value 0x00 ord    one per indexed field, empty value
//
// A blob (bodies) sits at the end of its record's value rather than under a
// key of its own: every key is inserted by Badger's one writer within the
// request's synced commit, and a key fewer per record is a commit that
// much shorter. Reading a record's value never decodes its blob.
//
// Every index sorts by the same ord, so an equality filter on several fields
// is a merge of already sorted lists: each step seeks every index to the
// newest ord not newer than the current candidate, and a candidate all of
// them agree on is a match. A page costs a few seeks per result, whatever
// the log's size.
package timeline

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/cache"
)

// Ord orders records: Unix nanoseconds, then a sequence number that breaks
// ties (a test clock may stand still), both big-endian so bytes sort as time.
type Ord [12]byte

var seq atomic.Uint32

// A random start keeps order keys apart across restarts even under a clock
// that stands still (a test's), with 2^31 keys to go before it wraps.
func init() { seq.Store(rand.Uint32N(1 << 31)) }

// NewOrd makes the order key of a record made at t.
func NewOrd(t time.Time) Ord {
	var o Ord
	binary.BigEndian.PutUint64(o[:8], uint64(t.UnixNano()))
	binary.BigEndian.PutUint32(o[8:], seq.Add(1))
	return o
}

// Time is when the record was made.
func (o Ord) Time() time.Time { return time.Unix(0, int64(binary.BigEndian.Uint64(o[:8]))).UTC() }

// prev is the order key just before o (false when o is the smallest).
func (o Ord) prev() (Ord, bool) { return o, decrement(o[:]) }

// ordAt is the first (or, when last, the last) order key at t. Times
// outside what order keys hold (before 1970, after 2262) clamp to the
// smallest and largest keys, so a query's far bounds mean "open".
func ordAt(t time.Time, last bool) Ord {
	var o Ord
	switch {
	case t.Before(time.Unix(0, 0)):
	case t.After(time.Unix(0, math.MaxInt64)):
		for i := range o {
			o[i] = 0xff
		}
		return o
	default:
		binary.BigEndian.PutUint64(o[:8], uint64(t.UnixNano()))
	}
	if last {
		copy(o[8:], []byte{0xff, 0xff, 0xff, 0xff})
	}
	return o
}

// Cursor is the opaque form of an order key, for "the page after this one".
func (o Ord) Cursor() string { return base64.RawURLEncoding.EncodeToString(o[:]) }

// ErrBadCursor means a cursor was not made by Cursor.
var ErrBadCursor = errors.New("cursor is not one this server gave out; start again without it")

// ParseCursor reads a cursor made by Cursor.
func ParseCursor(s string) (Ord, error) {
	var o Ord
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != len(o) {
		return o, ErrBadCursor
	}
	copy(o[:], b)
	return o, nil
}

// Field is one indexed field: a one-byte name and its value.
type Field struct {
	Name  byte
	Value string
}

// Record is one entry to store.
type Record struct {
	Tenant string
	Ord    Ord
	Index  []Field
	Value  []byte
	Blob   []byte // optional
}

// Store is one timeline under a key prefix.
type Store struct {
	db *cache.DB
	keyspace
}

// New makes a timeline under prefix in db.
func New(db *cache.DB, prefix string) *Store { return &Store{db: db, keyspace: keyspace{prefix}} }

// DB is the database the store writes to, for callers that commit records
// together with other writes.
func (s *Store) DB() *cache.DB { return s.db }

// keyspace makes the keys of a timeline under a prefix: P T 0x00 kind …
// (P the prefix, T the tenant). A Store and Blocks share one prefix with
// kinds of their own.
type keyspace struct{ prefix string }

func (k keyspace) base(tenant string, kind byte) []byte {
	b := make([]byte, 0, len(k.prefix)+len(tenant)+2+64)
	b = append(b, k.prefix...)
	b = append(b, tenant...)
	return append(b, 0, kind)
}

// index is the prefix of the index keys of field f under kind.
func (k keyspace) index(tenant string, kind byte, f Field) []byte {
	b := append(k.base(tenant, kind), f.Name)
	b = append(b, clean(f.Value)...)
	return append(b, 0)
}

func (s *Store) entryKey(tenant string, o Ord) []byte { return append(s.base(tenant, 'e'), o[:]...) }
func (s *Store) blobKey(tenant string, o Ord) []byte  { return append(s.base(tenant, 'b'), o[:]...) }

// clean keeps index values free of the separator byte.
func clean(v string) string {
	if strings.IndexByte(v, 0) >= 0 {
		return strings.ReplaceAll(v, "\x00", "")
	}
	return v
}

func (s *Store) indexPrefix(tenant string, f Field) []byte { return s.index(tenant, 'x', f) }

// KV is one key and value a record is stored as.
type KV struct{ Key, Value []byte }

// Put adds r to tx: its entry (with its blob) and one empty key per indexed
// field; the caller commits.
func (s *Store) Put(tx *cache.Tx, r *Record) error {
	if err := tx.Set(s.entryKey(r.Tenant, r.Ord), encodeEntry(r.Index, r.Value, r.Blob), 0); err != nil {
		return err
	}
	for _, f := range r.Index {
		if err := tx.Set(append(s.indexPrefix(r.Tenant, f), r.Ord[:]...), nil, 0); err != nil {
			return err
		}
	}
	return nil
}

// encodeEntry stores the index fields with the value, so a record can be
// deleted with all its index keys without knowing what the value means, and
// the blob, if any, after the value. The first byte counts the index fields;
// its high bit says a blob follows, the value then carrying its length.
func encodeEntry(idx []Field, v, blob []byte) []byte {
	return appendEntry(make([]byte, 0, entrySize(idx, v, blob)), idx, v, blob)
}

// entrySize is at least the length of the entry encodeEntry makes.
func entrySize(idx []Field, v, blob []byte) int {
	n := 1 + len(v) + binary.MaxVarintLen32 + len(blob)
	for _, f := range idx {
		n += 1 + binary.MaxVarintLen32 + len(f.Value)
	}
	return n
}

// entryLen is the exact length of the entry encodeEntry makes.
func entryLen(idx []Field, v, blob []byte) int {
	n := 1 + len(v)
	for _, f := range idx {
		n += 1 + uvarintLen(len(f.Value)) + len(f.Value)
	}
	if blob != nil {
		n += uvarintLen(len(v)) + len(blob)
	}
	return n
}

func uvarintLen(x int) int { return (bits.Len64(uint64(x)|1) + 6) / 7 }

// appendEntry appends to b the entry encodeEntry makes.
func appendEntry(b []byte, idx []Field, v, blob []byte) []byte {
	head := byte(len(idx)) // at most a handful, far below hasBlob
	if blob != nil {
		head |= hasBlob
	}
	b = append(b, head)
	for _, f := range idx {
		b = append(b, f.Name)
		b = binary.AppendUvarint(b, uint64(len(f.Value)))
		b = append(b, f.Value...)
	}
	if blob == nil {
		return append(b, v...)
	}
	b = binary.AppendUvarint(b, uint64(len(v)))
	b = append(b, v...)
	return append(b, blob...)
}

const hasBlob = 0x80

// decodeEntry splits a stored record into its index fields (when idx is not
// nil) and its value.
func decodeEntry(b []byte, idx *[]Field) ([]byte, error) {
	v, _, err := decodeEntryBlob(b, idx)
	return v, err
}

// decodeEntryBlob is decodeEntry that also returns the record's blob (nil
// when it has none, or when it was stored apart under 'b').
func decodeEntryBlob(b []byte, idx *[]Field) (v, blob []byte, err error) {
	if len(b) == 0 {
		return nil, nil, errors.New("timeline: empty record")
	}
	withBlob := b[0]&hasBlob != 0
	n := int(b[0] &^ hasBlob)
	b = b[1:]
	for i := 0; i < n; i++ {
		if len(b) < 2 {
			return nil, nil, errTruncated
		}
		name := b[0]
		l, k := binary.Uvarint(b[1:])
		if k <= 0 || uint64(len(b)-1-k) < l {
			return nil, nil, errTruncated
		}
		if idx != nil {
			*idx = append(*idx, Field{Name: name, Value: string(b[1+k : 1+k+int(l)])})
		}
		b = b[1+k+int(l):]
	}
	if !withBlob {
		return b, nil, nil
	}
	l, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < l {
		return nil, nil, errTruncated
	}
	return b[k : k+int(l)], b[k+int(l):], nil
}

var errTruncated = errors.New("timeline: truncated record")

// Query selects records, newest first.
type Query struct {
	From, To time.Time // zero: open; From inclusive, To exclusive
	Eq       []Field   // every field must match (through the indexes)
	Before   *Ord      // a cursor of a Store: only records older than this one
	// BeforePos is a cursor of a Blocks timeline: only records after this
	// one in its order. A Store ignores it: a log that moved from a Store
	// to Blocks has all its Store records older than any block.
	BeforePos *Pos
	// Narrow are equality fields that a Blocks timeline indexes and a Store
	// does not (the request log's 2xx class, GET and POST, once left out of
	// its per-record index keys): Blocks keeps only records that have them,
	// walking their indexes when there is no Eq; a Store ignores them, so
	// Match must check them too.
	Narrow []Field
	// Match, when set, is a further check on each candidate's value.
	Match func(value []byte) bool
}

// ErrStop ends Each early without an error.
var ErrStop = cache.ErrStop

// Each calls fn for every record matching q, newest first, with its order
// key and value. The value is valid only during the call. Returning ErrStop
// ends the walk.
func (s *Store) Each(tenant string, q Query, fn func(o Ord, value []byte) error) error {
	return s.db.View(func(tx *cache.Tx) error { return s.each(tx, tenant, q, fn) })
}

func (s *Store) each(tx *cache.Tx, tenant string, q Query, fn func(Ord, []byte) error) error {
	hi := Ord{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	if !q.To.IsZero() {
		if o, ok := ordAt(q.To, false).prev(); ok {
			hi = o
		} else {
			return nil
		}
	}
	if q.Before != nil {
		o, ok := q.Before.prev()
		if !ok {
			return nil
		}
		if bytes.Compare(o[:], hi[:]) < 0 {
			hi = o
		}
	}
	var lo Ord
	if !q.From.IsZero() {
		lo = ordAt(q.From, false)
	}
	visit := func(o Ord, raw []byte) error {
		v, err := decodeEntry(raw, nil)
		if err != nil {
			return err
		}
		if q.Match != nil && !q.Match(v) {
			return nil
		}
		return fn(o, v)
	}
	err := s.walk(tx, tenant, q.Eq, hi, lo, visit)
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// walk visits records in [lo, hi], newest first, that carry every field of eq.
func (s *Store) walk(tx *cache.Tx, tenant string, eq []Field, hi, lo Ord, visit func(Ord, []byte) error) error {
	if len(eq) == 0 {
		prefix := s.base(tenant, 'e')
		it := tx.Iter(prefix, true)
		defer it.Close()
		for it.Seek(append(bytes.Clone(prefix), hi[:]...)); it.Valid(); it.Next() {
			var o Ord
			copy(o[:], it.Key()[len(prefix):])
			if bytes.Compare(o[:], lo[:]) < 0 {
				return nil
			}
			if err := it.Value(func(v []byte) error { return visit(o, v) }); err != nil {
				return err
			}
		}
		return nil
	}
	prefixes := make([][]byte, len(eq))
	for i, f := range eq {
		prefixes[i] = s.indexPrefix(tenant, f)
	}
	return leapfrog(tx, prefixes, hi[:], func(id []byte) bool { return bytes.Compare(id, lo[:]) < 0 }, func(id []byte) error {
		var o Ord
		copy(o[:], id)
		err := tx.GetFn(s.entryKey(tenant, o), func(v []byte) error { return visit(o, v) })
		if errors.Is(err, cache.ErrNotFound) { // an index left by an interrupted prune: skip it
			return nil
		}
		return err
	})
}

// leapfrog visits, newest first from start, every id that all the index
// prefixes hold (an id is the end of an index key, as long as start), and
// stops at the first one past reports too old. Each step seeks every index
// to the newest id not newer than the candidate; a candidate all of them
// agree on is visited. visit's id is valid only during the call.
func leapfrog(tx *cache.Tx, prefixes [][]byte, start []byte, past func(id []byte) bool, visit func(id []byte) error) error {
	its := make([]*cache.Iter, len(prefixes))
	for i, p := range prefixes {
		its[i] = tx.Iter(p, true)
		defer its[i].Close()
	}
	seekKey := make([]byte, 0, 256)
	cand := bytes.Clone(start)
	for {
		moved := false
		for i, it := range its {
			seekKey = append(append(seekKey[:0], prefixes[i]...), cand...)
			it.Seek(seekKey)
			if !it.Valid() {
				return nil
			}
			k := it.Key()
			if len(k) != len(prefixes[i])+len(cand) {
				return errors.New("timeline: malformed index key")
			}
			id := k[len(prefixes[i]):]
			if past(id) {
				return nil
			}
			if !bytes.Equal(id, cand) {
				cand, moved = append(cand[:0], id...), true
			}
		}
		if moved {
			continue
		}
		if err := visit(cand); err != nil {
			return err
		}
		if !decrement(cand) {
			return nil
		}
	}
}

// decrement makes b the byte string just before it, false when b was the
// smallest (all zeros).
func decrement(b []byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] > 0 {
			b[i]--
			return true
		}
		b[i] = 0xff
	}
	return false
}

// Value returns the value of the record at o, or cache.ErrNotFound.
func (s *Store) Value(tenant string, o Ord) ([]byte, error) {
	b, err := s.db.Get(s.entryKey(tenant, o))
	if err != nil {
		return nil, err
	}
	return decodeEntry(b, nil)
}

// Blob returns the blob stored with a record, or nil when it has none.
func (s *Store) Blob(tenant string, o Ord) ([]byte, error) {
	e, err := s.db.Get(s.entryKey(tenant, o))
	if errors.Is(err, cache.ErrNotFound) { // pruned meanwhile
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if _, blob, err := decodeEntryBlob(e, nil); err != nil || blob != nil {
		return blob, err
	}
	b, err := s.db.Get(s.blobKey(tenant, o)) // stored apart, before blobs moved into the record
	if errors.Is(err, cache.ErrNotFound) {
		return nil, nil
	}
	return b, err
}

// Prune deletes the tenant's records made before cutoff, with their blobs
// and index keys, in transactions of bounded size. It returns how many
// records it deleted.
func (s *Store) Prune(tenant string, cutoff time.Time) (int, error) {
	prefix := s.base(tenant, 'e')
	end := ordAt(cutoff, false)
	total := 0
	for {
		var keys [][]byte
		var ords []Ord
		var fields [][]Field
		err := s.db.View(func(tx *cache.Tx) error {
			it := tx.Iter(prefix, false)
			defer it.Close()
			for it.Seek(prefix); it.Valid() && len(ords) < 500; it.Next() {
				var o Ord
				copy(o[:], it.Key()[len(prefix):])
				if bytes.Compare(o[:], end[:]) >= 0 {
					break
				}
				var idx []Field
				if err := it.Value(func(v []byte) error { _, err := decodeEntry(v, &idx); return err }); err != nil {
					return err
				}
				ords = append(ords, o)
				fields = append(fields, idx)
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		if len(ords) == 0 {
			return total, nil
		}
		for i, o := range ords {
			keys = append(keys, s.entryKey(tenant, o), s.blobKey(tenant, o))
			for _, f := range fields[i] {
				keys = append(keys, append(s.indexPrefix(tenant, f), o[:]...))
			}
		}
		if err := deleteAll(s.db, keys); err != nil {
			return total, err
		}
		total += len(ords)
	}
}

// deleteAll deletes keys in one transaction.
func deleteAll(db *cache.DB, keys [][]byte) error {
	return db.Update(func(tx *cache.Tx) error {
		for _, k := range keys {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// Bounds fills q's time range and cursor from a request's parameters and
// checks them and limit (1 to max), naming each problem in fields.
func Bounds(q *Query, from, to *time.Time, cursor string, limit, max int, fields map[string]string) {
	if from != nil {
		q.From = *from
	}
	if to != nil {
		q.To = *to
	}
	if from != nil && to != nil && !to.After(*from) {
		fields["to"] = "to must be after from"
	}
	if cursor != "" {
		if p, err := parsePos(cursor); err == nil {
			q.BeforePos = &p
		} else if o, err := ParseCursor(cursor); err == nil {
			q.Before = &o
		} else {
			fields["cursor"] = err.Error()
		}
	}
	if limit < 0 || limit > max {
		fields["limit"] = "limit must be between 1 and " + strconv.Itoa(max)
	}
}

// Page decodes up to limit records matching q, newest first. next is the
// cursor of the following page, "" when there is none.
func Page[T any](s *Store, tenant string, q Query, limit int, decode func([]byte, *T) error) (items []T, next string, err error) {
	items = make([]T, 0, min(limit, 64))
	var last Ord
	err = s.Each(tenant, q, func(o Ord, v []byte) error {
		if len(items) == limit {
			next = last.Cursor()
			return ErrStop
		}
		var it T
		if err := decode(v, &it); err != nil {
			return err
		}
		items = append(items, it)
		last = o
		return nil
	})
	return items, next, err
}

package timeline

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/penguinmails/console/cache"
)

// Blocks is a timeline whose records are written in groups (the request
// log: one group commit's entries at a time). A group's records of one
// tenant are stored together, compressed, under one key, with one index key
// per distinct field value among them:
//
//	P T 0x00 'B' id                      a block: its records, newest first
//	P T 0x00 'Y' name value 0x00 id      the block has a record with this field value
//
// id is the block's newest and oldest order keys (24 bytes), so blocks sort
// by their newest record and a reader sees a block's time span in its key.
//
// Why: every key and every byte is written by Badger's one writer inside
// the synced commit a request's answer waits for. A key per record and per
// indexed field cost the gateway about a fifth of its throughput; a group's
// entries share most of their bytes (tenant, key, IP, path, header names),
// so one compressed block per group is a fraction of the keys and bytes.
//
// A block holds records within Span of each other (a slow request that
// finishes in a later group gets a block of its own). So a record made at t
// is in a block whose id lies in [t, t+Span], which bounds the keys a time
// range or a lookup by order key has to look at.
//
// Reading: records come newest block first, and newest first within a
// block. Blocks of different groups may overlap in time by up to the
// longest request, so the order is by block, then by record: a total order
// that a cursor (block id and record) resumes exactly. An equality filter
// leapfrogs between the index keys as the per-record layout does (Store),
// with block ids for order keys; a block found this way is decoded and
// each of its records checked, since the index says only that some record
// in it matches.
type Blocks struct {
	db *cache.DB
	keyspace
}

// NewBlocks makes a block timeline under prefix in db. It may share the
// prefix with a Store (their key kinds differ).
func NewBlocks(db *cache.DB, prefix string) *Blocks {
	return &Blocks{db: db, keyspace: keyspace{prefix}}
}

// DB is the database the blocks are in.
func (s *Blocks) DB() *cache.DB { return s.db }

// Span is the most time a block's records span.
const Span = time.Second

// maxBlockRecords bounds the work of decoding a block to read one record.
const maxBlockRecords = 64

// maxBlockBytes is more than any block holds decoded (a group commit's
// transaction is bounded far below it).
const maxBlockBytes = 64 << 20

// BlockID names a block: its newest record's order key, then its oldest's.
type BlockID [2 * len(Ord{})]byte

func (b BlockID) newest() (o Ord) { copy(o[:], b[:len(o)]); return o }
func (b BlockID) oldest() (o Ord) { copy(o[:], b[len(o):]); return o }

func blockID(newest, oldest Ord) (b BlockID) {
	copy(b[:len(newest)], newest[:])
	copy(b[len(newest):], oldest[:])
	return b
}

// Pos is where a record of a Blocks timeline sits: its block and its own
// order key. Its cursor resumes a walk just after the record.
type Pos struct {
	Block BlockID
	Ord   Ord
}

// Cursor is the opaque form of p, for "the page after this one".
func (p Pos) Cursor() string {
	var raw [len(BlockID{}) + len(Ord{})]byte
	copy(raw[:], p.Block[:])
	copy(raw[len(p.Block):], p.Ord[:])
	return base64.RawURLEncoding.EncodeToString(raw[:])
}

// parsePos reads a cursor made by Pos.Cursor.
func parsePos(s string) (Pos, error) {
	var p Pos
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != len(p.Block)+len(p.Ord) {
		return p, ErrBadCursor
	}
	copy(p.Block[:], b)
	copy(p.Ord[:], b[len(p.Block):])
	return p, nil
}

func (s *Blocks) blockKey(tenant string, id BlockID) []byte {
	return append(s.base(tenant, 'B'), id[:]...)
}

func (s *Blocks) indexPrefix(tenant string, f Field) []byte { return s.index(tenant, 'Y', f) }

// Block format: a format byte, then the s2-compressed body: a version, the
// record count, then per record (newest first) its order key and its entry
// (encodeEntry: index fields, value, blob) with its length.
const (
	blockS2      = 's'
	blockVersion = 1
)

// Pairs are the keys and values that store recs, one tenant's records in
// any order: their blocks and the blocks' index keys. A writer that commits
// other data too (the usage group commit) writes them in its own
// transaction. recs is sorted in place.
func (s *Blocks) Pairs(tenant string, recs []*Record) []KV {
	slices.SortFunc(recs, func(a, b *Record) int { return bytes.Compare(b.Ord[:], a.Ord[:]) })
	var out []KV
	sc := scratchPool.Get().(*scratch)
	defer func() {
		if cap(sc.raw) <= 1<<20 { // a block of large bodies: let it go
			scratchPool.Put(sc)
		}
	}()
	for lo := 0; lo < len(recs); {
		newest := recs[lo].Ord.Time()
		hi := lo + 1
		for hi < len(recs) && hi-lo < maxBlockRecords && newest.Sub(recs[hi].Ord.Time()) <= Span {
			hi++
		}
		part := recs[lo:hi]
		id := blockID(part[0].Ord, part[len(part)-1].Ord)
		size := 1 + binary.MaxVarintLen32
		for _, r := range part {
			size += len(r.Ord) + binary.MaxVarintLen32 + entrySize(r.Index, r.Value, r.Blob)
		}
		raw := slices.Grow(sc.raw[:0], size)
		raw = append(raw, blockVersion)
		raw = binary.AppendUvarint(raw, uint64(len(part)))
		var seen []Field
		for _, r := range part {
			raw = append(raw, r.Ord[:]...)
			raw = binary.AppendUvarint(raw, uint64(entryLen(r.Index, r.Value, r.Blob)))
			raw = appendEntry(raw, r.Index, r.Value, r.Blob)
			seen = addDistinct(seen, r.Index)
		}
		sc.raw = raw
		// compressed into scratch, then kept in a value of its own size
		z := slices.Grow(sc.z[:0], s2.MaxEncodedLen(len(raw)))
		z = s2.Encode(z[:cap(z)], raw)
		sc.z = z
		val := make([]byte, 1+len(z))
		val[0] = blockS2
		copy(val[1:], z)
		out = append(out, KV{s.blockKey(tenant, id), val})
		for _, f := range seen {
			out = append(out, KV{append(s.indexPrefix(tenant, f), id[:]...), nil})
		}
		lo = hi
	}
	return out
}

// scratch is Pairs' working memory, reused: a block before and after
// compression.
type scratch struct{ raw, z []byte }

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// addDistinct adds to seen the fields it does not hold yet.
func addDistinct(seen, fields []Field) []Field {
	for _, f := range fields {
		if !slices.Contains(seen, f) {
			seen = append(seen, f)
		}
	}
	return seen
}

// Put adds recs to tx as Pairs does; the caller commits.
func (s *Blocks) Put(tx *cache.Tx, tenant string, recs []*Record) error {
	for _, kv := range s.Pairs(tenant, recs) {
		if err := tx.Set(kv.Key, kv.Value, 0); err != nil {
			return err
		}
	}
	return nil
}

// PutBatch is Put for bulk loads.
func (s *Blocks) PutBatch(b *cache.Batch, tenant string, recs []*Record) error {
	for _, kv := range s.Pairs(tenant, recs) {
		if err := b.Set(kv.Key, kv.Value); err != nil {
			return err
		}
	}
	return nil
}

var errBadBlock = errors.New("timeline: damaged block")

// blockReader walks a decoded block's records.
type blockReader struct {
	buf  []byte // the decompressed body, reused between blocks
	rest []byte
	n    int
}

// open decodes the stored block v (which may be reused afterwards).
func (r *blockReader) open(v []byte) error {
	if len(v) < 1 || v[0] != blockS2 {
		return errBadBlock
	}
	n, err := s2.DecodedLen(v[1:])
	if err != nil || n > maxBlockBytes { // damage could claim any size
		return errBadBlock
	}
	if cap(r.buf) < n {
		r.buf = make([]byte, n)
	}
	body, err := s2.Decode(r.buf[:cap(r.buf)], v[1:])
	if err != nil || len(body) < 1 || body[0] != blockVersion {
		return errBadBlock
	}
	count, k := binary.Uvarint(body[1:])
	if k <= 0 || count > uint64(len(body)) {
		return errBadBlock
	}
	r.rest, r.n = body[1+k:], int(count)
	return nil
}

// next returns the next record's order key and entry, false at the end.
func (r *blockReader) next() (Ord, []byte, bool, error) {
	var o Ord
	if r.n == 0 {
		return o, nil, false, nil
	}
	if len(r.rest) < len(o)+1 {
		return o, nil, false, errBadBlock
	}
	copy(o[:], r.rest)
	l, k := binary.Uvarint(r.rest[len(o):])
	if k <= 0 || uint64(len(r.rest)-len(o)-k) < l {
		return o, nil, false, errBadBlock
	}
	e := r.rest[len(o)+k : len(o)+k+int(l)]
	r.rest = r.rest[len(o)+k+int(l):]
	r.n--
	return o, e, true, nil
}

// each opens the stored block v and calls fn for each of its records.
func (r *blockReader) each(v []byte, fn func(o Ord, entry []byte) error) error {
	if err := r.open(v); err != nil {
		return err
	}
	for {
		o, e, ok, err := r.next()
		if err != nil || !ok {
			return err
		}
		if err := fn(o, e); err != nil {
			return err
		}
	}
}

// hasAll tells whether the entry's index fields include every field of eq.
func hasAll(fields []Field, eq []Field) bool {
next:
	for _, want := range eq {
		for _, f := range fields {
			if f.Name == want.Name && clean(f.Value) == clean(want.Value) {
				continue next
			}
		}
		return false
	}
	return true
}

// Each calls fn for every record matching q, newest block first and newest
// first within a block, with its position and value. The value is valid
// only during the call. Returning ErrStop ends the walk. q.Before (a cursor
// of the per-record layout) is not one of these and matches nothing.
func (s *Blocks) Each(tenant string, q Query, fn func(p Pos, value []byte) error) error {
	if q.Before != nil {
		return nil
	}
	err := s.db.View(func(tx *cache.Tx) error { return s.each(tx, tenant, q, fn) })
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

func (s *Blocks) each(tx *cache.Tx, tenant string, q Query, fn func(Pos, []byte) error) error {
	// every record is checked for Eq and Narrow; the walk leapfrogs the
	// indexes of Eq, or of Narrow when there is no Eq (Narrow's values are
	// common ones: their indexes narrow a search alone, but next to a
	// selective index they would add a seek per step and skip little)
	all, eq := q.Eq, q.Eq
	if len(q.Narrow) > 0 {
		all = append(slices.Clip(q.Eq), q.Narrow...)
		if len(eq) == 0 {
			eq = q.Narrow
		}
	}
	// records in [lo, hi]
	hi := Ord{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	var lo Ord
	if !q.To.IsZero() {
		o, ok := ordAt(q.To, false).prev()
		if !ok {
			return nil
		}
		hi = o
	}
	if !q.From.IsZero() {
		lo = ordAt(q.From, false)
	}
	// blocks from start down: a block with a record at or before hi is
	// newest at most Span after it
	var start BlockID
	for i := range start {
		start[i] = 0xff
	}
	if !q.To.IsZero() {
		edge := ordAt(q.To.Add(Span), true)
		copy(start[:], edge[:])
	}
	var after *Pos
	if p := q.BeforePos; p != nil {
		after = p
		if bytes.Compare(p.Block[:], start[:]) < 0 {
			start = p.Block
		}
	}
	var br blockReader
	var fields []Field
	visit := func(id BlockID, v []byte) error {
		return br.each(v, func(o Ord, e []byte) error {
			if bytes.Compare(o[:], hi[:]) > 0 || bytes.Compare(o[:], lo[:]) < 0 {
				return nil
			}
			if after != nil && id == after.Block && bytes.Compare(o[:], after.Ord[:]) >= 0 {
				return nil
			}
			fields = fields[:0]
			val, err := decodeEntry(e, &fields)
			if err != nil {
				return err
			}
			if !hasAll(fields, all) || (q.Match != nil && !q.Match(val)) {
				return nil
			}
			return fn(Pos{Block: id, Ord: o}, val)
		})
	}
	// a block is worth decoding when it may hold a record in [lo, hi]
	inRange := func(id BlockID) (worth, past bool) {
		newest, oldest := id.newest(), id.oldest()
		if bytes.Compare(newest[:], lo[:]) < 0 {
			return false, true
		}
		return bytes.Compare(oldest[:], hi[:]) <= 0, false
	}
	if len(eq) == 0 {
		prefix := s.base(tenant, 'B')
		it := tx.Iter(prefix, true)
		defer it.Close()
		for it.Seek(append(bytes.Clone(prefix), start[:]...)); it.Valid(); it.Next() {
			var id BlockID
			if len(it.Key()) != len(prefix)+len(id) {
				return errBadBlock
			}
			copy(id[:], it.Key()[len(prefix):])
			worth, past := inRange(id)
			if past {
				return nil
			}
			if !worth {
				continue
			}
			if err := it.Value(func(v []byte) error { return visit(id, v) }); err != nil {
				return err
			}
		}
		return nil
	}
	prefixes := make([][]byte, len(eq))
	for i, f := range eq {
		prefixes[i] = s.indexPrefix(tenant, f)
	}
	past := func(b []byte) bool { _, past := inRange(BlockID(b)); return past }
	return leapfrog(tx, prefixes, start[:], past, func(b []byte) error {
		id := BlockID(b)
		if worth, _ := inRange(id); !worth {
			return nil
		}
		err := tx.GetFn(s.blockKey(tenant, id), func(v []byte) error { return visit(id, v) })
		if errors.Is(err, cache.ErrNotFound) { // an index left by an interrupted prune: skip it
			return nil
		}
		return err
	})
}

// Find returns the value and blob of the record at o (found false when
// there is none).
func (s *Blocks) Find(tenant string, o Ord) (value, blob []byte, found bool, err error) {
	err = s.db.View(func(tx *cache.Tx) error {
		prefix := s.base(tenant, 'B')
		it := tx.Iter(prefix, false)
		defer it.Close()
		end := ordAt(o.Time().Add(Span), true)
		var br blockReader
		for it.Seek(append(bytes.Clone(prefix), o[:]...)); it.Valid(); it.Next() {
			var id BlockID
			if len(it.Key()) != len(prefix)+len(id) {
				return errBadBlock
			}
			copy(id[:], it.Key()[len(prefix):])
			newest, oldest := id.newest(), id.oldest()
			if bytes.Compare(newest[:], end[:]) > 0 {
				return nil
			}
			if bytes.Compare(oldest[:], o[:]) > 0 {
				continue
			}
			err := it.Value(func(v []byte) error {
				return br.each(v, func(ro Ord, e []byte) error {
					if ro != o {
						return nil
					}
					v, b, err := decodeEntryBlob(e, nil)
					value, blob, found = bytes.Clone(v), bytes.Clone(b), true
					if err == nil {
						err = ErrStop
					}
					return err
				})
			})
			if errors.Is(err, ErrStop) {
				err = nil
			}
			if err != nil || found {
				return err
			}
		}
		return nil
	})
	return value, blob, found, err
}

// Prune deletes the tenant's blocks whose records were all made before
// cutoff, with their index keys, in transactions of bounded size. It
// returns how many records it deleted. (A block straddling cutoff stays
// until its newest record is due, at most Span later.)
func (s *Blocks) Prune(tenant string, cutoff time.Time) (int, error) {
	prefix := s.base(tenant, 'B')
	end := ordAt(cutoff, false)
	total := 0
	for {
		var keys [][]byte
		records := 0
		err := s.db.View(func(tx *cache.Tx) error {
			it := tx.Iter(prefix, false)
			defer it.Close()
			var br blockReader
			for it.Seek(prefix); it.Valid() && len(keys) < 2000; it.Next() {
				var id BlockID
				if len(it.Key()) != len(prefix)+len(id) {
					return errBadBlock
				}
				copy(id[:], it.Key()[len(prefix):])
				if newest := id.newest(); bytes.Compare(newest[:], end[:]) >= 0 {
					break
				}
				keys = append(keys, bytes.Clone(it.Key()))
				var seen, fields []Field
				err := it.Value(func(v []byte) error {
					return br.each(v, func(_ Ord, e []byte) error {
						records++
						fields = fields[:0]
						if _, err := decodeEntry(e, &fields); err != nil {
							return err
						}
						seen = addDistinct(seen, fields)
						return nil
					})
				})
				if err != nil {
					return err
				}
				for _, f := range seen {
					keys = append(keys, append(s.indexPrefix(tenant, f), id[:]...))
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		if len(keys) == 0 {
			return total, nil
		}
		if err := deleteAll(s.db, keys); err != nil {
			return total, err
		}
		total += records
	}
}

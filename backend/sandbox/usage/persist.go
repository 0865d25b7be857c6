package usage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// What is saved, and why it adds up after a kill -9:
//   - every group commit writes its events as one journal entry
//     (usage/j/<seq>, journal.go) in a synced transaction before any of its
//     requests is answered;
//   - every 30 s, and on Close, a checkpoint saves each rollup that changed
//     whole (usage/r/…: an hour's minutes in one record, each hour, each day)
//     and each tenant's recent errors and IPs (usage/s/…), all with asOf =
//     the last journal entry they include; then the journal entries up to
//     asOf are deleted, so a start replays at most 30 s of them;
//   - on Open, every rollup is its record plus the journal entries newer than
//     its asOf, and the recent state likewise. So an event is never counted
//     twice, and none whose answer was sent is lost.
//
// Events given to Ingest (not Commit) are saved by the next checkpoint only.
// Data dirs written before the journal hold usage/d/<seq>/<chunk> deltas:
// they are still read, and deleted by the first checkpoint.
var (
	prefixDelta  = []byte("usage/d/")
	prefixRecord = []byte("usage/r/")
	prefixState  = []byte("usage/s/")
)

const maxTxnBytes = 1 << 20

func deltaKey(seq uint64, chunk int) []byte {
	k := append([]byte{}, prefixDelta...)
	k = binary.BigEndian.AppendUint64(k, seq)
	return binary.BigEndian.AppendUint32(k, uint32(chunk))
}

func recordKey(lv level, tenant string, start int64) []byte {
	k := append([]byte{}, prefixRecord...)
	k = append(k, byte('0'+lv))
	k = append(k, tenant...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, uint64(start))
}

// savedDelta is a legacy delta on disk, to delete once records cover it.
type savedDelta struct {
	seq    uint64
	chunks int
}

// minuteRec is an hour's minute rollups.
type minuteRec struct {
	T       string      `json:"t"`
	Hour    int64       `json:"hour"`
	AsOf    uint64      `json:"as_of"`
	Minutes []bucketRec `json:"minutes"`
}

type bucketRec struct {
	T     string     `json:"t"`
	Lv    level      `json:"lv"`
	Start int64      `json:"start"`
	AsOf  uint64     `json:"as_of"`
	Strs  []string   `json:"strs"`
	Rows  [][7]int64 `json:"rows"` // key, method, route, code (indexes in Strs), status, n, latency µs
	Total aggRec     `json:"total"`
	Keys  []aggRec   `json:"keys"`
}

type aggRec struct {
	K    int             `json:"k,omitempty"` // index in Strs
	N    [nClasses]int64 `json:"n"`
	Lat  int64           `json:"lat"`
	Last int64           `json:"last"`
	Peak int64           `json:"peak"`
	H    []uint32        `json:"h"`
}

func toAggRec(a *agg, k int) aggRec {
	return aggRec{K: k, N: a.n, Lat: a.lat, Last: a.last, Peak: a.peak, H: a.h.sparse()}
}

func (r *aggRec) toAgg() *agg {
	a := &agg{n: r.N, lat: r.Lat, last: r.Last, peak: r.Peak}
	a.h.addSparse(r.H)
	return a
}

// encodeBucket needs s.mu held.
func (s *Store) encodeBucket(t string, lv level, start int64, b *bucket) bucketRec {
	rec := bucketRec{T: t, Lv: lv, Start: start, AsOf: s.seq, Total: toAggRec(&b.total, 0)}
	strIdx := map[string]int64{}
	str := func(v string) int64 {
		if i, ok := strIdx[v]; ok {
			return i
		}
		i := int64(len(rec.Strs))
		strIdx[v] = i
		rec.Strs = append(rec.Strs, v)
		return i
	}
	for _, r := range b.rows {
		di := s.in.dimInfo[r.dim]
		ep := s.in.epNames[di.ep]
		rec.Rows = append(rec.Rows, [7]int64{str(s.in.keyNames[di.key]), str(ep[0]), str(ep[1]), str(di.code),
			int64(di.status), r.n, r.lat})
	}
	for ki, a := range b.keys {
		rec.Keys = append(rec.Keys, toAggRec(a, int(str(s.in.keyNames[ki]))))
	}
	return rec
}

func (s *Store) decodeBucket(rec *bucketRec) (*bucket, error) {
	get := func(i int64) (string, error) {
		if i < 0 || int(i) >= len(rec.Strs) {
			return "", fmt.Errorf("usage record %s/%d: bad string index", rec.T, rec.Start)
		}
		return rec.Strs[i], nil
	}
	b := newBucket()
	b.asOf = rec.AsOf
	b.total = *rec.Total.toAgg()
	for _, r := range rec.Rows {
		var f [4]string
		for j := range f {
			v, err := get(r[j])
			if err != nil {
				return nil, err
			}
			f[j] = v
		}
		dim := s.in.dim(f[0], f[1], f[2], f[3], int(r[4]))
		b.idx[dim] = int32(len(b.rows))
		b.rows = append(b.rows, row{dim: dim, n: r[5], lat: r[6]})
	}
	for i := range rec.Keys {
		k, err := get(int64(rec.Keys[i].K))
		if err != nil {
			return nil, err
		}
		b.keys[s.in.key(k)] = rec.Keys[i].toAgg()
	}
	return b, nil
}

type encoded struct {
	key []byte
	val []byte
	ttl time.Duration
}

// checkpoint saves the rollups that changed and the recent state, then
// deletes the journal entries they include. Commits wait only while the
// snapshot is taken, not while it is written.
func (s *Store) checkpoint() error {
	if s.db == nil {
		s.drain()
		return nil
	}
	s.ckMu.Lock()
	defer s.ckMu.Unlock()
	s.commitMu.Lock()
	s.drain()
	recs, refs, asOf, err := s.encodeRecords()
	if err != nil {
		s.commitMu.Unlock()
		return err
	}
	state, err := s.encodeState(asOf, len(s.journal) > 0)
	journal, legacy := s.journal, s.legacy
	s.journal, s.legacy = nil, nil
	s.commitMu.Unlock()
	if err == nil {
		err = s.writeBatches(append(recs, state...))
	}
	if err != nil {
		// mark everything dirty again and keep the journal: the next
		// checkpoint retries, and a restart replays
		s.mu.Lock()
		for _, r := range refs {
			s.tenantHist(r.t).dirty[r.lv][r.start] = true
		}
		s.mu.Unlock()
		for _, sh := range s.shards {
			sh.mu.Lock()
			sh.dirty = true
			sh.mu.Unlock()
		}
		s.commitMu.Lock()
		s.journal = append(journal, s.journal...)
		s.legacy = append(legacy, s.legacy...)
		s.commitMu.Unlock()
		return fmt.Errorf("save usage checkpoint: %w", err)
	}
	return s.dropLogs(journal, legacy)
}

type recordRef struct {
	t     string
	lv    level
	start int64
}

// encodeRecords encodes every rollup that changed, as of the last merged
// batch (asOf).
func (s *Store) encodeRecords() (out []encoded, refs []recordRef, asOf uint64, err error) {
	now := s.clock()
	s.mu.Lock()
	defer s.mu.Unlock()
	asOf = s.seq
	for t, th := range s.tenants {
		for lv := lvMinute; lv < nLevels; lv++ {
			for start := range th.dirty[lv] {
				delete(th.dirty[lv], start)
				ttl := time.Unix(start+levelSec[max(lv, lvHour)], 0).Add(levelRetention[lv]).Sub(now)
				if ttl <= 0 {
					continue
				}
				var v any
				if lv == lvMinute {
					mr := minuteRec{T: t, Hour: start, AsOf: asOf}
					for m := start; m < start+levelSec[lvHour]; m += levelSec[lvMinute] {
						if b := th.lv[lvMinute][m]; b != nil {
							mr.Minutes = append(mr.Minutes, s.encodeBucket(t, lvMinute, m, b))
						}
					}
					v = mr
				} else if b := th.lv[lv][start]; b != nil {
					v = s.encodeBucket(t, lv, start, b)
				} else {
					continue
				}
				j, err := json.Marshal(v)
				if err != nil {
					return nil, nil, 0, err
				}
				out = append(out, encoded{recordKey(lv, t, start), j, ttl})
				refs = append(refs, recordRef{t, lv, start})
			}
		}
	}
	return out, refs, asOf, nil
}

// dropLogs deletes journal entries and legacy deltas the saved records now
// include.
func (s *Store) dropLogs(journal []uint64, legacy []savedDelta) error {
	var keys [][]byte
	for _, seq := range journal {
		keys = append(keys, journalKey(seq))
	}
	for _, d := range legacy {
		for c := 0; c < d.chunks; c++ {
			keys = append(keys, deltaKey(d.seq, c))
		}
	}
	for len(keys) > 0 {
		n := min(len(keys), 1000)
		batch := keys[:n]
		err := s.db.Update(func(tx *cache.Tx) error {
			for _, k := range batch {
				if err := tx.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			// harmless: a restart skips what the records include
			return fmt.Errorf("drop replayed usage journal: %w", err)
		}
		keys = keys[n:]
	}
	return nil
}

func (s *Store) writeBatches(items []encoded) error {
	for len(items) > 0 {
		size, n := 0, 0
		for n < len(items) && (n == 0 || size+len(items[n].val) < maxTxnBytes) {
			size += len(items[n].val)
			n++
		}
		batch := items[:n]
		items = items[n:]
		err := s.db.Update(func(tx *cache.Tx) error {
			for _, it := range batch {
				if err := tx.Set(it.key, it.val, it.ttl); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// stateRec is a tenant's recent errors and per-key IPs, as of a journal
// entry.
type stateRec struct {
	AsOf uint64             `json:"as_of"`
	Errs []wire.RecentError `json:"errors"`
	Keys map[string]keyRec  `json:"keys"`
}

type keyRec struct {
	IPs []ipSeen `json:"ips"`
}

// encodeState encodes each tenant's recent state when it changed (or force),
// as of asOf. commitMu is held, so no event is half applied.
func (s *Store) encodeState(asOf uint64, force bool) ([]encoded, error) {
	dirty := force
	tenants := map[string]bool{}
	for _, sh := range s.shards {
		sh.mu.Lock()
		dirty = dirty || sh.dirty
		sh.dirty = false
		for t := range sh.tenants {
			tenants[t] = true
		}
		sh.mu.Unlock()
	}
	if !dirty {
		return nil, nil
	}
	var out []encoded
	for t := range tenants {
		rec := stateRec{AsOf: asOf, Errs: s.recentErrors(t), Keys: map[string]keyRec{}}
		for k, ks := range s.keyStates(t) {
			rec.Keys[k] = keyRec{IPs: ks.ips}
		}
		v, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, encoded{append(append([]byte{}, prefixState...), t...), v, dayRetention})
	}
	return out, nil
}

// load restores what was saved: records first, then the deltas in order.
func (s *Store) load() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var maxSeq uint64
	err := s.db.Scan(prefixRecord, false, func(k, v []byte) error {
		if len(k) > len(prefixRecord) && k[len(prefixRecord)] == byte('0'+lvMinute) {
			var mr minuteRec
			if err := json.Unmarshal(v, &mr); err != nil {
				return nil // a damaged record is skipped, not fatal: the rest still counts
			}
			th := s.tenantHist(mr.T)
			for i := range mr.Minutes {
				if b, err := s.decodeBucket(&mr.Minutes[i]); err == nil {
					th.lv[lvMinute][mr.Minutes[i].Start] = b
				}
			}
			th.minAsOf[mr.Hour] = mr.AsOf
			maxSeq = max(maxSeq, mr.AsOf)
			return nil
		}
		var rec bucketRec
		if err := json.Unmarshal(v, &rec); err != nil || rec.Lv <= lvMinute || rec.Lv >= nLevels {
			return nil
		}
		b, err := s.decodeBucket(&rec)
		if err != nil {
			return nil
		}
		s.tenantHist(rec.T).lv[rec.Lv][rec.Start] = b
		maxSeq = max(maxSeq, rec.AsOf)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load usage rollups: %w", err)
	}
	var chunks = map[uint64]int{}
	err = s.db.Scan(prefixDelta, false, func(_, v []byte) error {
		var d delta
		if err := json.Unmarshal(v, &d); err != nil {
			return nil
		}
		s.apply(&d, true)
		maxSeq = max(maxSeq, d.Seq)
		chunks[d.Seq]++
		return nil
	})
	for seq, n := range chunks {
		s.legacy = append(s.legacy, savedDelta{seq: seq, chunks: n})
	}
	if err != nil {
		return fmt.Errorf("load usage: %w", err)
	}
	stateAsOf := map[string]uint64{}
	sh := s.shards[0]
	err = s.db.Scan(prefixState, false, func(k, v []byte) error {
		var rec stateRec
		if err := json.Unmarshal(v, &rec); err != nil {
			return nil
		}
		t := string(k[len(prefixState):])
		stateAsOf[t] = rec.AsOf
		tl := sh.tenant(t)
		// oldest first, so the ring keeps the newest
		sort.Slice(rec.Errs, func(i, j int) bool { return rec.Errs[i].At.Before(rec.Errs[j].At) })
		for _, e := range rec.Errs {
			tl.addErr(e)
		}
		for key, kr := range rec.Keys {
			sh.keyState(t, key).ips = kr.IPs
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load usage state: %w", err)
	}
	// Replay the journal in order: each entry counts in the rollups and the
	// state that do not include it yet.
	err = s.db.Scan(prefixJournal, false, func(k, v []byte) error {
		if len(k) != len(prefixJournal)+8 {
			return nil
		}
		seq := binary.BigEndian.Uint64(k[len(prefixJournal):])
		evs, err := decodeJournal(v)
		if err != nil {
			return nil // like a damaged record: skipped, the rest still counts
		}
		s.ingestAll(evs, func(e *Event) bool { return stateAsOf[e.TenantID] < seq })
		d := s.collect()
		d.Seq = seq
		s.apply(&d, true)
		maxSeq = max(maxSeq, seq)
		s.journal = append(s.journal, seq)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load usage journal: %w", err)
	}
	s.seq = maxSeq
	for _, th := range s.tenants {
		th.minAsOf = nil // only needed while loading
	}
	return nil
}

package usage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/cache"
)

// What is saved, and why it adds up after a restart:
//   - every merged batch is saved at once as a delta (usage/d/<seq>/<chunk>);
//   - every 30 s, and on Close, each rollup that changed is saved whole
//     (usage/r/…: an hour's minutes in one record, each hour, each day) with
//     asOf = the last batch it includes and a TTL of its level's retention;
//     then the deltas up to that batch are deleted, so a restart reads at
//     most 30 s of deltas;
//   - on Open, every rollup is its record plus the deltas newer than its
//     asOf. So a batch is never counted twice and, on a crash, at most the
//     last second (one flush) is lost.
var (
	prefixDelta  = []byte("usage/d/")
	prefixRecord = []byte("usage/r/")
	prefixState  = []byte("usage/s/")
)

const (
	chunkRows     = 4000
	maxTxnBytes   = 1 << 20
	deltaTTLSlack = 5 * time.Minute
)

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

func (s *Store) writeDeltas() error {
	s.mu.Lock()
	pending := s.pending
	s.pending = nil
	s.mu.Unlock()
	for i, d := range pending {
		s.savedDeltas = append(s.savedDeltas, savedDelta{seq: d.Seq, chunks: max(1, (max(len(d.Rows), len(d.KMs))+chunkRows-1)/chunkRows)})
		n := max((len(d.Rows)+chunkRows-1)/chunkRows, (len(d.KMs)+chunkRows-1)/chunkRows)
		for c := 0; c < n; c++ {
			part := delta{Seq: d.Seq, Rows: window(d.Rows, c), KMs: window(d.KMs, c)}
			b, err := json.Marshal(part)
			if err == nil {
				err = s.db.Set(deltaKey(d.Seq, c), b, minuteRetention+deltaTTLSlack)
			}
			if err != nil {
				// keep what is not saved yet for the next flush
				s.mu.Lock()
				s.pending = append(pending[i:], s.pending...)
				s.mu.Unlock()
				return fmt.Errorf("save usage: %w", err)
			}
		}
	}
	return nil
}

func window[T any](xs []T, chunk int) []T {
	lo := chunk * chunkRows
	if lo >= len(xs) {
		return nil
	}
	return xs[lo:min(lo+chunkRows, len(xs))]
}

// savedDelta is a delta on disk, to delete once records cover it.
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

// writeRecords saves every rollup that changed since last time, then drops
// the deltas the records now include.
func (s *Store) writeRecords() error {
	now := s.clock()
	var out []encoded
	type ref struct {
		t     string
		lv    level
		start int64
	}
	var refs []ref
	s.mu.Lock()
	asOf := s.seq
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
					s.mu.Unlock()
					return err
				}
				out = append(out, encoded{recordKey(lv, t, start), j, ttl})
				refs = append(refs, ref{t, lv, start})
			}
		}
	}
	s.mu.Unlock()
	if err := s.writeBatches(out); err != nil {
		// mark everything dirty again so the next round retries
		s.mu.Lock()
		for _, r := range refs {
			s.tenantHist(r.t).dirty[r.lv][r.start] = true
		}
		s.mu.Unlock()
		return fmt.Errorf("save usage rollups: %w", err)
	}
	return s.dropDeltas(asOf)
}

// dropDeltas deletes the saved deltas up to seq: the records include them.
func (s *Store) dropDeltas(seq uint64) error {
	var keep []savedDelta
	var keys [][]byte
	for _, d := range s.savedDeltas {
		if d.seq > seq {
			keep = append(keep, d)
			continue
		}
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
			return fmt.Errorf("drop saved usage deltas: %w", err) // they expire by TTL anyway
		}
		keys = keys[n:]
	}
	s.savedDeltas = keep
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

// stateRec is a tenant's recent errors and per-key IP and previous-secret use.
type stateRec struct {
	Errs []platform.RecentError `json:"errors"`
	Keys map[string]keyRec      `json:"keys"`
}

type keyRec struct {
	IPs      []ipSeen  `json:"ips"`
	Prev     []prevMin `json:"prev"`
	PrevLast int64     `json:"prev_last"`
}

func (s *Store) writeState() error {
	dirty := false
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
		return nil
	}
	cut := bucketStart(s.clock().Add(-minuteRetention).Unix(), lvMinute)
	var out []encoded
	for t := range tenants {
		rec := stateRec{Errs: s.recentErrors(t), Keys: map[string]keyRec{}}
		for k, ks := range s.keyStates(t) {
			kr := keyRec{IPs: ks.ips, PrevLast: ks.prevLast}
			for _, p := range ks.prev {
				if p.Min >= cut {
					kr.Prev = append(kr.Prev, p)
				}
			}
			rec.Keys[k] = kr
		}
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		out = append(out, encoded{append(append([]byte{}, prefixState...), t...), v, dayRetention})
	}
	if err := s.writeBatches(out); err != nil {
		for _, sh := range s.shards {
			sh.mu.Lock()
			sh.dirty = true
			sh.mu.Unlock()
		}
		return fmt.Errorf("save usage state: %w", err)
	}
	return nil
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
		s.savedDeltas = append(s.savedDeltas, savedDelta{seq: seq, chunks: n})
	}
	if err != nil {
		return fmt.Errorf("load usage: %w", err)
	}
	s.seq = maxSeq
	for _, th := range s.tenants {
		th.minAsOf = nil // only needed while loading
	}
	sh := s.shards[0]
	err = s.db.Scan(prefixState, false, func(k, v []byte) error {
		var rec stateRec
		if err := json.Unmarshal(v, &rec); err != nil {
			return nil
		}
		t := string(k[len(prefixState):])
		tl := sh.tenant(t)
		// oldest first, so the ring keeps the newest
		sort.Slice(rec.Errs, func(i, j int) bool { return rec.Errs[i].At.Before(rec.Errs[j].At) })
		for _, e := range rec.Errs {
			tl.addErr(e)
		}
		for key, kr := range rec.Keys {
			ks := sh.keyState(t, key)
			ks.ips, ks.prev, ks.prevLast = kr.IPs, kr.Prev, kr.PrevLast
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load usage state: %w", err)
	}
	return nil
}

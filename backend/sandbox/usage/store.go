package usage

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/penguinmails/console/cache"
)

// CheckpointInterval is how often the rollups that changed and the recent
// state are saved whole, so the journal replayed on start stays short.
const CheckpointInterval = 30 * time.Second

// Store takes usage events and answers usage questions from the rollups.
type Store struct {
	db    *cache.DB
	clock func() time.Time

	shards [numShards]*shard

	// drainMu serialises drains so merged batches keep their sequence order.
	drainMu sync.Mutex

	mu      sync.RWMutex // guards everything below
	in      interner
	tenants map[string]*tenantHist
	seq     uint64 // sequence number of the last journal entry or merged batch

	// Group commit (commit.go).
	hook     BatchHook
	gmu      sync.Mutex // guards filling and gclosed
	filling  *group
	gclosed  bool
	gready   chan struct{}
	gstop    chan struct{}
	gdone    chan struct{}
	commitMu sync.Mutex // one transaction or checkpoint snapshot at a time; guards journal
	journal  []uint64   // journal entries (and legacy deltas) the saved records don't include yet
	legacy   []savedDelta

	liveMu   sync.Mutex
	liveLast map[string]int64 // per tenant, the last 100 ms slot a tick counted

	ckMu sync.Mutex // one checkpoint at a time

	stop    chan struct{}
	done    chan struct{}
	closeMu sync.Mutex
	closed  bool
}

// Open makes a store that persists to db (nil keeps everything in memory)
// and loads the rollups saved there. clock is the time source for ranges
// and retention (nil means time.Now).
func Open(db *cache.DB, clock func() time.Time) (*Store, error) {
	if clock == nil {
		clock = time.Now
	}
	s := &Store{
		db:       db,
		clock:    clock,
		in:       newInterner(),
		tenants:  make(map[string]*tenantHist),
		liveLast: make(map[string]int64),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
		gready:   make(chan struct{}, 1),
		gstop:    make(chan struct{}),
		gdone:    make(chan struct{}),
	}
	for i := range s.shards {
		s.shards[i] = newShard()
	}
	if db != nil {
		if err := s.load(); err != nil {
			return nil, err
		}
	}
	go s.loop()
	go s.commitLoop()
	return s, nil
}

// Ingest applies one event in memory only: it becomes durable with the next
// checkpoint (demo backfill, benchmarks). Answered requests go through
// Commit. It takes one shard lock and a map lookup, and allocates only for
// the first event of a (minute, key, route, status) combination in a batch.
func (s *Store) Ingest(e Event) {
	if e.At.IsZero() {
		e.At = s.clock()
	}
	sh := s.lockShard()
	sh.ingest(&e, true)
	sh.mu.Unlock()
}

// ingestAll adds evs under one shard lock: the committer's and the journal
// replay's path, one goroutine, so one shard (and one drain) per batch.
func (s *Store) ingestAll(evs []Event, withState func(e *Event) bool) {
	sh := s.lockShard()
	for i := range evs {
		sh.ingest(&evs[i], withState(&evs[i]))
	}
	sh.mu.Unlock()
}

// ingest adds e to sh, which the caller has locked. withState false leaves
// out the recent errors and IPs (replaying a journal entry the saved state
// already includes).
func (sh *shard) ingest(e *Event, withState bool) {
	ns := e.At.UnixNano()
	sec := floorDiv(ns, 1e9)
	us := e.Latency.Microseconds()
	if us < 0 {
		us = 0
	}
	rk := rowKey{
		min: bucketStart(sec, lvMinute), tenant: e.TenantID, key: e.KeyID,
		method: e.Method, route: e.Route, code: e.Code, status: e.Status,
	}
	ra := sh.row(&rk)
	ra.n++
	ra.lat += us
	ra.km.h[histIndex(us)]++
	if ns > ra.km.last {
		ra.km.last = ns
	}
	ra.tl.see(ns, e.Status, us)
	if withState {
		ra.ks.seeIP(e.IP, ns)
		sh.dirty = true
		if e.Status >= 400 {
			ra.tl.addErr(recentError(*e, e.At))
		}
	}
}

// lockShard returns a locked shard, preferring one nobody holds.
func (s *Store) lockShard() *shard {
	start := rand.Uint32()
	for i := uint32(0); i < numShards; i++ {
		sh := s.shards[(start+i)%numShards]
		if sh.mu.TryLock() {
			return sh
		}
	}
	sh := s.shards[start%numShards]
	sh.mu.Lock()
	return sh
}

// drain moves what the shards collected into the rollups, so that an answer
// counts every event ingested before it.
func (s *Store) drain() {
	s.drainMu.Lock()
	defer s.drainMu.Unlock()
	d := s.collect()
	if len(d.Rows) == 0 {
		return
	}
	s.mu.Lock()
	s.seq++
	d.Seq = s.seq
	s.apply(&d, false)
	s.mu.Unlock()
}

// collect empties the shards' batches into one delta (Seq unset).
func (s *Store) collect() delta {
	var d delta
	for _, sh := range s.shards {
		sh.mu.Lock()
		rows, kms := sh.rows, sh.kms
		n := len(rows)
		if n > 0 {
			sh.rows = make(map[rowKey]*rowAcc, len(rows))
			sh.kms = make(map[kmKey]*kmAcc, len(kms))
		}
		sh.mu.Unlock()
		if n == 0 {
			continue // rows is still the shard's live map: not ours to read
		}
		for rk, ra := range rows {
			d.Rows = append(d.Rows, prow{T: rk.tenant, M: rk.min, K: rk.key, Me: rk.method,
				R: rk.route, C: rk.code, S: rk.status, N: ra.n, L: ra.lat})
		}
		for kk, km := range kms {
			d.KMs = append(d.KMs, pkm{T: kk.tenant, M: kk.min, K: kk.key, H: km.h.sparse(), L: km.last})
		}
	}
	return d
}

func (s *Store) loop() {
	defer close(s.done)
	t := time.NewTicker(CheckpointInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			// a failed write is retried by the next checkpoint (the journal
			// keeps everything until then), and Close reports it if it persists
			s.checkpoint()
			s.prune()
		}
	}
}

// Checkpoint saves now what a checkpoint saves every CheckpointInterval,
// including events given to Ingest.
func (s *Store) Checkpoint() error { return s.checkpoint() }

// Close waits for the groups being committed, stops the loops and saves a
// last checkpoint. The caller closes the database afterwards.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.gstop)
	<-s.gdone
	close(s.stop)
	<-s.done
	return s.checkpoint()
}

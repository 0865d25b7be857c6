package usage

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/penguinmails/console/cache"
)

// FlushInterval is how often pending events are merged into the rollups and
// written to Badger.
const FlushInterval = time.Second

// recordInterval is how often the hour and day rollups that changed are
// rewritten whole; between two rewrites the per-flush deltas cover them.
const recordInterval = 30 * time.Second

// stateInterval is how often recent errors, IPs and previous-secret use are
// saved.
const stateInterval = 5 * time.Second

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
	seq     uint64  // sequence number of the last merged batch
	pending []delta // merged but not yet written to Badger

	savedDeltas []savedDelta // written deltas not yet covered by records (flushMu)

	liveMu   sync.Mutex
	liveLast map[string]int64 // per tenant, the last 100 ms slot a tick counted

	flushMu     sync.Mutex // one flush at a time; guards the three times below
	lastRecords time.Time
	lastState   time.Time
	lastPrune   time.Time

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
	}
	for i := range s.shards {
		s.shards[i] = newShard()
	}
	if db != nil {
		if err := s.load(); err != nil {
			return nil, err
		}
	}
	now := time.Now()
	s.lastRecords, s.lastState, s.lastPrune = now, now, now
	go s.loop()
	return s, nil
}

// Ingest records one event. It takes one shard lock and a map lookup, and
// allocates only for the first event of a (minute, key, route, status)
// combination in a batch.
func (s *Store) Ingest(e Event) {
	at := e.At
	if at.IsZero() {
		at = s.clock()
	}
	ns := at.UnixNano()
	sec := floorDiv(ns, 1e9)
	us := e.Latency.Microseconds()
	if us < 0 {
		us = 0
	}
	rk := rowKey{
		min: bucketStart(sec, lvMinute), tenant: e.TenantID, key: e.KeyID,
		method: e.Method, route: e.Route, code: e.Code, status: e.Status,
	}
	sh := s.lockShard()
	ra := sh.row(&rk)
	ra.n++
	ra.lat += us
	ra.km.h[histIndex(us)]++
	if ns > ra.km.last {
		ra.km.last = ns
	}
	ra.ks.seeIP(e.IP, ns)
	if e.PreviousSecret {
		ra.ks.usePrev(rk.min, ns)
	}
	ra.tl.see(ns, e.Status, us)
	sh.dirty = true
	if e.Status >= 400 {
		ra.tl.addErr(recentError(e, at))
	}
	sh.mu.Unlock()
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
	var d delta
	for _, sh := range s.shards {
		sh.mu.Lock()
		rows, kms := sh.rows, sh.kms
		n := len(rows)
		if n > 0 {
			sh.rows = make(map[rowKey]*rowAcc, len(rows))
			sh.kms = make(map[kmKey]*kmAcc, len(kms))
			sh.cache = [rowCacheSize]rowCacheEnt{}
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
	if len(d.Rows) == 0 {
		return
	}
	s.mu.Lock()
	s.seq++
	d.Seq = s.seq
	s.apply(&d, false)
	if s.db != nil {
		s.pending = append(s.pending, d)
	}
	s.mu.Unlock()
}

func (s *Store) loop() {
	defer close(s.done)
	t := time.NewTicker(FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			// a failed write is retried by the next flush (nothing is
			// dropped), and Close reports it if it persists
			s.flush(false)
		}
	}
}

// flush merges pending events, writes the new deltas, and now and then the
// changed hour/day rollups and the recent state; it also drops data past
// retention. all forces every write (Close).
func (s *Store) flush(all bool) error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.drain()
	now := time.Now()
	var err error
	if s.db != nil {
		err = s.writeDeltas()
		if all || now.Sub(s.lastRecords) >= recordInterval {
			s.lastRecords = now
			if e := s.writeRecords(); e != nil && err == nil {
				err = e
			}
		}
		if all || now.Sub(s.lastState) >= stateInterval {
			s.lastState = now
			if e := s.writeState(); e != nil && err == nil {
				err = e
			}
		}
	}
	if now.Sub(s.lastPrune) >= time.Minute {
		s.lastPrune = now
		s.prune()
	}
	return err
}

// Close stops the flush loop and writes everything to Badger. The caller
// closes the database afterwards.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.stop)
	<-s.done
	return s.flush(true)
}

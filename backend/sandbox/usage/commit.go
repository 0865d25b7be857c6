package usage

import (
	"errors"
	"fmt"
	"time"

	"github.com/penguinmails/console/cache"
)

// Group commit: a request's answer waits until its usage event is durable.
// Commit queues the request's Record in the group that is filling and waits;
// one goroutine writes each group as one synced Badger transaction (the
// journal entry with all its events, what every Record's Put writes, and
// what the BatchHook adds), then applies the events to the rollups and wakes the
// group's requests. While one group is being written the next one fills, so
// a request waits for at most the write in progress and its own: a few
// milliseconds, however many requests arrive at once.

// KV is a record the BatchHook adds to a transaction.
type KV struct {
	Key, Value []byte
	TTL        time.Duration // 0 keeps it until deleted
}

// SetAll writes kvs in tx.
func SetAll(tx *cache.Tx, kvs []KV) error {
	for _, kv := range kvs {
		if err := tx.Set(kv.Key, kv.Value, kv.TTL); err != nil {
			return err
		}
	}
	return nil
}

// Record is what one answered request makes durable.
type Record struct {
	Event Event
	// Put writes, in the same synced transaction as Event, what must be
	// durable exactly when the event is: after a kill -9 both are there or
	// neither is (and the answer was not sent). What the owner writes for
	// a whole group (the sandbox: key counters, request-log blocks) comes
	// from the BatchHook instead. It may run again if the transaction is
	// retried; nil writes nothing.
	Put func(tx *cache.Tx) error
	// Size estimates the bytes the record adds to its transaction (through
	// Put or the BatchHook), to keep transactions bounded.
	Size int
	// Owner is opaque to the store: what the BatchHook needs to know about
	// the request (the sandbox: which key and previous secret it counts for).
	Owner any
}

// BatchHook lets the store's owner derive its own records from each group
// (the sandbox keeps key counters this way). The committer calls it once per
// transaction, on its own goroutine, one transaction at a time, with the
// records about to be written; extra is written in that transaction, and
// done (if not nil) is called with whether the write succeeded: publish
// then, never before, so nothing is visible that a kill could take back.
type BatchHook func(recs []Record) (extra []KV, done func(committed bool))

// ErrClosed is returned by Commit after Close.
var ErrClosed = errors.New("usage store is closed")

// Limits of one transaction; a bigger group is written as several, in order
// (Badger refuses a transaction larger than about 15% of a memtable).
const (
	maxTxnRecords = 2000
	maxTxnExtra   = 1 << 20
)

// group is the set of requests that share one write.
type group struct {
	recs []Record
	// failed[i] is the error of recs[i], nil when it is durable.
	failed []error
	done   chan struct{}
}

// SetBatchHook installs h. Call it once, before the first Commit.
func (s *Store) SetBatchHook(h BatchHook) { s.hook = h }

// Commit makes r durable and applies its event, then returns; an error means
// it is not durable and must not be acknowledged. With no database (tests,
// benchmarks) it only applies the event, on the caller's goroutine.
func (s *Store) Commit(r Record) error {
	if r.Event.At.IsZero() {
		r.Event.At = s.clock()
	}
	s.gmu.Lock()
	if s.gclosed {
		s.gmu.Unlock()
		return ErrClosed
	}
	if s.db == nil { // nothing to wait for: apply it here
		s.gmu.Unlock()
		return s.commitTxn([]Record{r})
	}
	g := s.filling
	if g == nil {
		g = &group{done: make(chan struct{})}
		s.filling = g
		select {
		case s.gready <- struct{}{}:
		default: // the committer already has a wake-up pending
		}
	}
	i := len(g.recs)
	g.recs = append(g.recs, r)
	s.gmu.Unlock()
	<-g.done
	return g.failed[i]
}

// commitLoop writes groups one after another until Close.
func (s *Store) commitLoop() {
	defer close(s.gdone)
	for {
		stopping := false
		select {
		case <-s.gready:
		case <-s.gstop:
			stopping = true
		}
		s.gmu.Lock()
		g := s.filling
		s.filling = nil
		if stopping {
			s.gclosed = true
		}
		s.gmu.Unlock()
		if g != nil {
			s.commitGroup(g)
		}
		if stopping {
			return
		}
	}
}

// commitGroup writes g in transactions of bounded size, stopping at the first
// failure (what follows it fails too: order is kept), and wakes its requests.
func (s *Store) commitGroup(g *group) {
	g.failed = make([]error, len(g.recs))
	var err error
	for lo := 0; lo < len(g.recs); {
		hi, size := lo, 0
		for hi < len(g.recs) && hi-lo < maxTxnRecords && (hi == lo || size < maxTxnExtra) {
			size += g.recs[hi].Size
			hi++
		}
		if err == nil {
			err = s.commitTxn(g.recs[lo:hi])
		}
		for i := lo; i < hi; i++ {
			g.failed[i] = err
		}
		lo = hi
	}
	close(g.done)
}

// commitTxn writes recs in one synced transaction, then applies their events.
// It holds commitMu so that a checkpoint sees every journal entry either
// fully applied or not written yet.
func (s *Store) commitTxn(recs []Record) error {
	evs := make([]Event, len(recs))
	for i := range recs {
		evs[i] = recs[i].Event
	}
	s.commitMu.Lock()
	defer s.commitMu.Unlock()
	var extra []KV
	var done func(bool)
	if s.hook != nil {
		extra, done = s.hook(recs)
	}
	var err error
	var seq uint64
	if s.db != nil {
		s.mu.Lock()
		s.seq++
		seq = s.seq
		s.mu.Unlock()
		val := encodeJournal(evs)
		err = s.db.Update(func(tx *cache.Tx) error {
			if err := tx.Set(journalKey(seq), val, 0); err != nil {
				return err
			}
			for i := range recs {
				if put := recs[i].Put; put != nil {
					if err := put(tx); err != nil {
						return err
					}
				}
			}
			return SetAll(tx, extra)
		})
	}
	if done != nil {
		done(err == nil)
	}
	if err != nil {
		return fmt.Errorf("save usage events: %w", err)
	}
	if s.db != nil {
		s.journal = append(s.journal, seq)
	}
	s.ingestAll(evs, func(*Event) bool { return true })
	s.drain()
	return nil
}

package sandbox

import (
	"encoding/json"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/sandbox/usage"
	"github.com/penguinmails/console/cache"
)

// Key counters (request_count, error_count, last_used, and each previous
// secret's use since its rotation) come from the gateway's usage events:
// countBatch is the usage store's BatchHook, so the counters of a group of
// requests are written in the same synced transaction as their events and
// moved in memory only once that write succeeded. After any crash they
// equal the answers sent. countersMu orders this with the one other writer,
// the demo backfill.

// counted is what a request's usage Record tells countBatch.
type counted struct {
	entry *keyEntry
	// the request-log entry, written in the group's blocks (nil: none)
	tenant   string
	log      *timeline.Record
	prevHash string     // hex hash of the previous secret used, "" for the current one
	prev     *secretUse // its counters
}

// counterDelta is what a batch adds to one key.
type counterDelta struct {
	requests, errors, lastUsed int64
	prev                       map[*secretUse]*useDelta
}

type useDelta struct {
	hash        string
	n, lastUsed int64
}

// countBatch is the usage store's BatchHook.
//
// It also writes the group's request-log entries, one block per tenant
// (requestlog.Log.Pairs): a few keys for the whole group rather than
// several per request, in the same synced transaction as their events.
func (s *Server) countBatch(recs []usage.Record) ([]usage.KV, func(bool)) {
	logs := s.logBlocks(recs)
	s.countersMu.Lock()
	deltas := map[*keyEntry]*counterDelta{}
	for i := range recs {
		c, ok := recs[i].Owner.(counted)
		if !ok || c.entry == nil {
			continue // refused before a key was known
		}
		ev := &recs[i].Event
		d := deltas[c.entry]
		if d == nil {
			d = &counterDelta{}
			deltas[c.entry] = d
		}
		ns := ev.At.UnixNano()
		d.requests++
		if usage.IsError(ev.Status) {
			d.errors++
		}
		d.lastUsed = max(d.lastUsed, ns)
		if c.prev != nil {
			if d.prev == nil {
				d.prev = map[*secretUse]*useDelta{}
			}
			u := d.prev[c.prev]
			if u == nil {
				u = &useDelta{hash: c.prevHash}
				d.prev[c.prev] = u
			}
			u.n++
			u.lastUsed = max(u.lastUsed, ns)
		}
	}
	kvs, err := counterKVs(deltas)
	if err != nil {
		s.countersMu.Unlock()
		s.log.WithError(err).Error("encode key counters")
		return nil, nil
	}
	kvs = append(kvs, logs...)
	return kvs, func(ok bool) {
		if ok {
			for e, d := range deltas {
				d.apply(e)
			}
		}
		s.countersMu.Unlock()
	}
}

// logBlocks are the keys and values of recs' request-log entries: a block
// per tenant.
func (s *Server) logBlocks(recs []usage.Record) []usage.KV {
	var byTenant map[string][]*timeline.Record
	for i := range recs {
		if c, ok := recs[i].Owner.(counted); ok && c.log != nil {
			if byTenant == nil {
				byTenant = map[string][]*timeline.Record{}
			}
			byTenant[c.tenant] = append(byTenant[c.tenant], c.log)
		}
	}
	var kvs []usage.KV
	for tenant, lrs := range byTenant {
		for _, kv := range s.reqlog.Pairs(tenant, lrs) {
			kvs = append(kvs, usage.KV{Key: kv.Key, Value: kv.Value})
		}
	}
	return kvs
}

// counterKVs is the saved counters of each key after its delta.
func counterKVs(deltas map[*keyEntry]*counterDelta) ([]usage.KV, error) {
	kvs := make([]usage.KV, 0, len(deltas))
	for e, d := range deltas {
		c := e.counters()
		c.Requests += d.requests
		c.Errors += d.errors
		if c.LastUsed == nil || c.LastUsed.UnixNano() < d.lastUsed {
			c.LastUsed = nsTime(d.lastUsed)
		}
		for _, u := range d.prev {
			if c.Previous == nil {
				c.Previous = map[string]secretUseRec{}
			}
			r := c.Previous[u.hash]
			r.Requests += u.n
			if r.LastUsed == nil || r.LastUsed.UnixNano() < u.lastUsed {
				r.LastUsed = nsTime(u.lastUsed)
			}
			c.Previous[u.hash] = r
		}
		b, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		kvs = append(kvs, usage.KV{Key: []byte(pCounters + e.state.Load().rec.ID), Value: b})
	}
	return kvs, nil
}

func (d *counterDelta) apply(e *keyEntry) {
	e.requests.Add(d.requests)
	e.errors.Add(d.errors)
	storeMax(&e.lastUsed, d.lastUsed)
	for u, ud := range d.prev {
		u.requests.Add(ud.n)
		storeMax(&u.lastUsed, ud.lastUsed)
	}
}

// addCounters adds counts that did not come through the gateway (the demo
// backfill) and saves them.
func (s *Server) addCounters(deltas map[*keyEntry]*counterDelta) error {
	s.countersMu.Lock()
	defer s.countersMu.Unlock()
	kvs, err := counterKVs(deltas)
	if err != nil {
		return err
	}
	if err := s.db.Update(func(tx *cache.Tx) error { return usage.SetAll(tx, kvs) }); err != nil {
		return err
	}
	for e, d := range deltas {
		d.apply(e)
	}
	return nil
}

func nsTime(ns int64) *time.Time {
	if ns == 0 {
		return nil
	}
	return timePtr(time.Unix(0, ns).UTC())
}

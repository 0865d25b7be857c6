package sandbox

import (
	"sync"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// secEventWindow is how long identical security events (same tenant, kind,
// key, user and IP) fold into one stored event with a count. A client that
// keeps using a revoked key thousands of times a minute thus stores one
// event a minute, logs one line when it starts and one with the total when
// the minute is over, and alerts the live stream once.
const secEventWindow = time.Minute

// inWindow reports whether now falls in the window that opened at start: the
// one rule of every fold (security events here, unknown-email sign-ins in
// signinfolds.go). A clock set back puts now before start: outside.
func inWindow(now, start time.Time) bool {
	d := now.Sub(start)
	return d >= 0 && d < secEventWindow
}

// secWriteEvery caps how often the growing count of an open event is
// rewritten in Badger (each write is synced); the last count is written
// when the window is swept or the server closes.
const secWriteEvery = time.Second

// maxOpenSecEvents bounds the windows tracked at once; beyond it an event is
// stored on its own, as before aggregation.
const maxOpenSecEvents = 10000

type secAggKey struct{ tenant, kind, key, user, ip string }

// openSecEvent is a stored event whose window is still open.
type openSecEvent struct {
	write   sync.Mutex // orders the rewrites of this event (held across the Badger write)
	ev      wire.SecurityEvent
	dirty   bool      // count changed since the last write
	written time.Time // real time of the last write
}

type secAggregator struct {
	mu   sync.Mutex
	open map[secAggKey]*openSecEvent
}

func newSecAggregator() *secAggregator {
	return &secAggregator{open: map[secAggKey]*openSecEvent{}}
}

// securityEvent stores the event and pushes it to the tenant's live stream,
// or, when an identical event is less than a minute old, adds one to its
// count instead.
func (s *Server) securityEvent(tenantID string, ev wire.SecurityEvent) {
	now := s.now()
	k := secAggKey{tenantID, ev.Kind, ev.KeyID, ev.UserID, ev.IP}
	a := s.secAgg
	a.mu.Lock()
	if o := a.open[k]; o != nil {
		if inWindow(now, o.ev.At) {
			o.ev.Count++
			o.ev.LastAt = timePtr(now)
			o.dirty = true
			due := time.Since(o.written) >= secWriteEvery
			a.mu.Unlock()
			if due {
				s.writeSecEvent(tenantID, o)
			}
			return
		}
		delete(a.open, k)
		a.mu.Unlock()
		s.closeSecEvent(tenantID, o)
		a.mu.Lock()
	}
	ev.ID, ev.At, ev.Count, ev.LastAt = orderedID("sec_", now), now, 1, nil
	o := &openSecEvent{ev: ev, written: time.Now()}
	if len(a.open) < maxOpenSecEvents {
		a.open[k] = o
	}
	o.write.Lock() // a repeat arriving now waits until the first write is done
	a.mu.Unlock()
	if err := s.db.SetJSON([]byte(pSecurity+tenantID+"/"+ev.ID), ev, 0); err != nil {
		s.log.WithError(err).Warn("store security event")
	}
	o.write.Unlock()
	s.log.WithFields(map[string]any{"kind": ev.Kind, "key_id": ev.KeyID, "ip": ev.IP, "count": 1}).Warn("security event")
	s.recordAudit(tenantID, securityAudit(ev))
	s.hub.Publish(tenantID, ev)
}

// writeSecEvent rewrites an open event with its current count.
func (s *Server) writeSecEvent(tenantID string, o *openSecEvent) {
	o.write.Lock()
	defer o.write.Unlock()
	s.secAgg.mu.Lock()
	ev, dirty := o.ev, o.dirty
	o.dirty, o.written = false, time.Now()
	s.secAgg.mu.Unlock()
	if !dirty {
		return
	}
	if err := s.db.SetJSON([]byte(pSecurity+tenantID+"/"+ev.ID), ev, 0); err != nil {
		s.log.WithError(err).Warn("store security event")
	}
}

// closeSecEvent writes an event whose window is over and, if it repeated,
// logs one line with the total.
func (s *Server) closeSecEvent(tenantID string, o *openSecEvent) {
	s.writeSecEvent(tenantID, o)
	s.secAgg.mu.Lock()
	ev := o.ev
	s.secAgg.mu.Unlock()
	if ev.Count > 1 {
		s.log.WithFields(map[string]any{"kind": ev.Kind, "key_id": ev.KeyID, "ip": ev.IP, "count": ev.Count,
			"first": ev.At, "last": ev.LastAt}).Warn("security event repeated")
	}
}

// sweepSecEvents writes the counts of open events and closes those whose
// window is over (all of them when final, at shutdown).
func (s *Server) sweepSecEvents(now time.Time, final bool) {
	type item struct {
		tenant string
		o      *openSecEvent
		over   bool
	}
	var items []item
	s.secAgg.mu.Lock()
	for k, o := range s.secAgg.open {
		over := final || !inWindow(now, o.ev.At)
		if over {
			delete(s.secAgg.open, k)
		}
		if over || o.dirty {
			items = append(items, item{k.tenant, o, over})
		}
	}
	s.secAgg.mu.Unlock()
	for _, it := range items {
		if it.over {
			s.closeSecEvent(it.tenant, it.o)
		} else {
			s.writeSecEvent(it.tenant, it.o)
		}
	}
}

// liveCounts overlays the counts of open events on a page read from Badger,
// which may lag by up to secWriteEvery.
func (s *Server) liveCounts(events []wire.SecurityEvent) {
	s.secAgg.mu.Lock()
	defer s.secAgg.mu.Unlock()
	byID := make(map[string]*openSecEvent, len(s.secAgg.open))
	for _, o := range s.secAgg.open {
		byID[o.ev.ID] = o
	}
	for i := range events {
		if o := byID[events[i].ID]; o != nil {
			events[i].Count, events[i].LastAt = o.ev.Count, o.ev.LastAt
		}
		if events[i].Count == 0 { // stored before events had counts
			events[i].Count = 1
		}
	}
}

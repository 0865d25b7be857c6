package usage

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// recentErrors merges the shards' rings: the tenant's newest errors (at
// most maxErrors), newest first.
func (s *Store) recentErrors(tenant string) []wire.RecentError {
	var all []wire.RecentError
	for _, sh := range s.shards {
		sh.mu.Lock()
		if tl := sh.tenants[tenant]; tl != nil {
			all = append(all, tl.errs...)
		}
		sh.mu.Unlock()
	}
	// sort pointers, not the 150-byte structs: this runs on every api-usage
	ptrs := make([]*wire.RecentError, len(all))
	for i := range all {
		ptrs[i] = &all[i]
	}
	slices.SortFunc(ptrs, func(a, b *wire.RecentError) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return strings.Compare(a.KeyID, b.KeyID)
	})
	out := make([]wire.RecentError, 0, min(len(ptrs), maxErrors))
	for _, p := range ptrs[:min(len(ptrs), maxErrors)] {
		out = append(out, *p)
	}
	return out
}

// errorsIn is the retained errors in [from, to), optionally of one key.
func (s *Store) errorsIn(tenant, keyID string, from, to int64) []wire.RecentError {
	all := s.recentErrors(tenant)
	out := all[:0]
	for _, e := range all {
		sec := e.At.Unix()
		if sec < from || sec >= to || (keyID != "" && e.KeyID != keyID) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// keyStates merges the per-shard state of each of a tenant's keys.
func (s *Store) keyStates(tenant string) map[string]*keyState {
	out := map[string]*keyState{}
	for _, sh := range s.shards {
		sh.mu.Lock()
		for k, ks := range sh.keys {
			if k.tenant != tenant {
				continue
			}
			m := out[k.key]
			if m == nil {
				m = &keyState{}
				out[k.key] = m
			}
			mergeKeyState(m, ks)
		}
		sh.mu.Unlock()
	}
	return out
}

func (s *Store) keyState(tenant, key string) *keyState {
	m := &keyState{}
	for _, sh := range s.shards {
		sh.mu.Lock()
		if ks := sh.keys[tkKey{tenant, key}]; ks != nil {
			mergeKeyState(m, ks)
		}
		sh.mu.Unlock()
	}
	return m
}

// mergeKeyState adds src into dst, copying (src stays owned by its shard).
func mergeKeyState(dst, src *keyState) {
	for _, ip := range src.ips {
		found := false
		for i := range dst.ips {
			if dst.ips[i].IP == ip.IP {
				dst.ips[i].N += ip.N
				dst.ips[i].Last = max(dst.ips[i].Last, ip.Last)
				found = true
				break
			}
		}
		if !found {
			dst.ips = append(dst.ips, ip)
		}
	}
	sort.Slice(dst.ips, func(i, j int) bool { return dst.ips[i].Last > dst.ips[j].Last })
}

const (
	keyStatDays = 30
	topForKey   = 5
	ipsShown    = 10
)

// KeyStats gives a key's last 30 days by day (oldest first, today last), its
// top endpoints over those days, and its last 10 client IPs.
func (s *Store) KeyStats(tenantID, keyID string) (byDay []wire.DayUsage, top []wire.EndpointCount, ips []wire.RecentIP) {
	s.drain()
	today := bucketStart(s.clock().Unix(), lvDay)
	byDay = make([]wire.DayUsage, 0, keyStatDays)
	top = []wire.EndpointCount{}
	s.mu.RLock()
	th := s.tenants[tenantID]
	ki, known := s.in.keys[keyID]
	perEp := map[uint32]int64{}
	for i := keyStatDays - 1; i >= 0; i-- {
		day := today - int64(i)*levelSec[lvDay]
		d := wire.DayUsage{Date: time.Unix(day, 0).UTC().Format("2006-01-02")}
		if th != nil && known {
			if b := th.lv[lvDay][day]; b != nil {
				if a := b.keys[ki]; a != nil {
					d.Requests = a.total()
					d.Errors = a.n[clsClient] + a.n[clsServer]
					d.RateLimited = a.n[clsLimited]
					for _, r := range b.rows {
						if di := s.in.dimInfo[r.dim]; di.key == ki {
							perEp[di.ep] += r.n
						}
					}
				}
			}
		}
		byDay = append(byDay, d)
	}
	for ep, n := range perEp {
		name := s.in.epNames[ep]
		top = append(top, wire.EndpointCount{Method: name[0], Endpoint: name[1], Requests: n})
	}
	s.mu.RUnlock()
	sort.Slice(top, func(i, j int) bool {
		if top[i].Requests != top[j].Requests {
			return top[i].Requests > top[j].Requests
		}
		return top[i].Method+top[i].Endpoint < top[j].Method+top[j].Endpoint
	})
	if len(top) > topForKey {
		top = top[:topForKey]
	}
	ks := s.keyState(tenantID, keyID)
	ips = []wire.RecentIP{}
	for _, ip := range ks.ips {
		if len(ips) == ipsShown {
			break
		}
		ips = append(ips, wire.RecentIP{IP: ip.IP, LastSeen: time.Unix(0, ip.Last).UTC(), Requests: ip.N})
	}
	return byDay, top, ips
}

// LiveTick is the live stream's view of the tenant at now: requests, errors
// and 429s of the last second, requests of the last 60 seconds, and the
// average latency of the last second. The caller fills Limit and Remaining.
//
// "The last second" is counted in whole 100 ms slots from where the previous
// tick of the tenant stopped, so that consecutive ticks neither miss nor
// repeat a request even when the ticker runs late, and a request shows in
// the next tick (within about 1.1 s).
func (s *Store) LiveTick(tenantID string, now time.Time) wire.LiveMessage {
	ns := now.UnixNano()
	cur := ns/fineSlotNano - 1 // the last complete slot
	secNow := ns / 1e9
	s.liveMu.Lock()
	from, ok := s.liveLast[tenantID]
	if !ok || from > cur || cur-from > fineSlots-2 {
		from = cur - 10 // first tick, a clock set back, or a long pause
	}
	s.liveLast[tenantID] = cur
	s.liveMu.Unlock()

	var req, errs, limited, lat, rpm int64
	for _, sh := range s.shards {
		sh.mu.Lock()
		if tl := sh.tenants[tenantID]; tl != nil {
			for f := from + 1; f <= cur; f++ {
				sl := &tl.fine[f%fineSlots]
				if sl.slot == f {
					req += sl.req
					errs += sl.errs
					limited += sl.limited
					lat += sl.lat
				}
			}
			for c := secNow - 59; c <= secNow; c++ {
				sl := &tl.coarse[c%coarseSlots]
				if sl.slot == c {
					rpm += sl.req
				}
			}
		}
		sh.mu.Unlock()
	}
	return wire.LiveMessage{Type: "tick", T: now.UTC(), Requests: req, Errors: errs,
		RateLimited: limited, RPM: rpm, AvgLatencyMs: ms(lat, req)}
}

package usage

import (
	"sync"

	"github.com/penguinmails/console/backend/wire"
)

// The hot path writes into one of several shards, each with its own lock.
// A shard is picked at random (TryLock first), not by key, so that one busy
// key does not make every writer queue on the same lock.

const (
	numShards    = 16
	ipsPerShard  = 16 // recent IPs kept per key and shard (10 are shown)
	maxErrors    = 500
	fineSlots    = 32 // 100 ms slots for the live "last second" (3.2 s kept)
	coarseSlots  = 64 // 1 s slots for the live requests-per-minute
	fineSlotNano = int64(100e6)
)

type rowKey struct {
	min    int64 // minute start, unix seconds
	tenant string
	key    string
	method string
	route  string
	code   string
	status int
}

type kmKey struct {
	min    int64
	tenant string
	key    string
}

type tkKey struct{ tenant, key string }

// rowAcc accumulates one row of the current batch. It caches pointers to the
// per-key and per-tenant state so that an event costs one map lookup.
type rowAcc struct {
	n, lat int64
	km     *kmAcc
	ks     *keyState
	tl     *tenantLive
}

// kmAcc is the latency histogram and newest event of a key in a minute.
type kmAcc struct {
	h    hist
	last int64 // unix nanos
}

type ipSeen struct {
	IP   string `json:"ip"`
	Last int64  `json:"last"`
	N    int64  `json:"n"`
}

// keyState is what outlives a batch for a key: its recent IPs.
type keyState struct {
	ips []ipSeen
}

func (ks *keyState) seeIP(ip string, ns int64) {
	if ip == "" {
		return
	}
	oldest := -1
	for i := range ks.ips {
		p := &ks.ips[i]
		if p.IP == ip {
			p.N++
			if ns > p.Last {
				p.Last = ns
			}
			return
		}
		if oldest < 0 || p.Last < ks.ips[oldest].Last {
			oldest = i
		}
	}
	if len(ks.ips) < ipsPerShard {
		ks.ips = append(ks.ips, ipSeen{IP: ip, Last: ns, N: 1})
		return
	}
	ks.ips[oldest] = ipSeen{IP: ip, Last: ns, N: 1}
}

type liveSlot struct {
	slot, req, errs, limited, lat int64
}

// tenantLive holds what the live stream and the recent-errors list need.
type tenantLive struct {
	fine   [fineSlots]liveSlot
	coarse [coarseSlots]liveSlot
	errs   []wire.RecentError // ring of at most maxErrors
	next   int
}

func (tl *tenantLive) see(ns int64, status int, us int64) {
	f := ns / fineSlotNano
	c := ns / 1e9
	add(&tl.fine[f%fineSlots], f, status, us)
	add(&tl.coarse[c%coarseSlots], c, status, us)
}

func add(s *liveSlot, slot int64, status int, us int64) {
	if s.slot != slot {
		if slot < s.slot {
			return // an old event (backfill): not live any more
		}
		*s = liveSlot{slot: slot}
	}
	s.req++
	s.lat += us
	if status == 429 {
		s.limited++
	}
	if IsError(status) {
		s.errs++
	}
}

func (tl *tenantLive) addErr(e wire.RecentError) {
	if len(tl.errs) < maxErrors {
		tl.errs = append(tl.errs, e)
		return
	}
	tl.errs[tl.next] = e
	tl.next = (tl.next + 1) % maxErrors
}

type shard struct {
	mu      sync.Mutex
	rows    map[rowKey]*rowAcc
	kms     map[kmKey]*kmAcc
	keys    map[tkKey]*keyState
	tenants map[string]*tenantLive
	dirty   bool     // recent errors or IPs changed
	_       [64]byte // keep shards' locks on different cache lines
}

func newShard() *shard {
	return &shard{
		rows:    make(map[rowKey]*rowAcc),
		kms:     make(map[kmKey]*kmAcc),
		keys:    make(map[tkKey]*keyState),
		tenants: make(map[string]*tenantLive),
	}
}

func (sh *shard) keyState(tenant, key string) *keyState {
	k := tkKey{tenant, key}
	ks := sh.keys[k]
	if ks == nil {
		ks = &keyState{}
		sh.keys[k] = ks
	}
	return ks
}

func (sh *shard) tenant(tenant string) *tenantLive {
	tl := sh.tenants[tenant]
	if tl == nil {
		tl = &tenantLive{}
		sh.tenants[tenant] = tl
	}
	return tl
}

func (sh *shard) newRow(rk rowKey) *rowAcc {
	kk := kmKey{rk.min, rk.tenant, rk.key}
	km := sh.kms[kk]
	if km == nil {
		km = &kmAcc{}
		sh.kms[kk] = km
	}
	ra := &rowAcc{km: km, ks: sh.keyState(rk.tenant, rk.key), tl: sh.tenant(rk.tenant)}
	sh.rows[rk] = ra
	return ra
}

// row finds or makes the accumulator of rk. (A cache keyed by the strings'
// addresses used to sit in front of this map; real requests bring new
// strings each time, so it only helped benchmarks that reuse theirs.)
func (sh *shard) row(rk *rowKey) *rowAcc {
	ra := sh.rows[*rk]
	if ra == nil {
		ra = sh.newRow(*rk)
	}
	return ra
}

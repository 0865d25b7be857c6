package sandbox

import (
	"sync/atomic"
	"time"
)

// gcra is a tenant's rate limiter: the Generic Cell Rate Algorithm, one
// atomic int64 (the theoretical arrival time) and no allocation per call.
// With emission interval T = 60s/limit and tolerance burst×T, at most burst
// requests pass at once and any 60-second window admits at most
// limit + burst.
type gcra struct {
	limit    int64 // per minute, for the X-RateLimit-Limit header
	burst    int64
	interval int64 // ns between requests at the sustained rate
	tol      int64 // burst × interval
	tat      atomic.Int64
}

func newGCRA(perMinute, burst int) *gcra {
	g := &gcra{limit: int64(perMinute), burst: int64(burst)}
	g.interval = int64(time.Minute) / g.limit
	g.tol = g.burst * g.interval
	return g
}

// limitResult is what the headers say.
type limitResult struct {
	allowed    bool
	limit      int64
	remaining  int64
	resetSec   int64 // seconds until the bucket is full again
	retryAfter int64 // seconds until one more request passes (when refused)
}

// take admits one request at now, or refuses it.
func (g *gcra) take(now time.Time) limitResult {
	n := now.UnixNano()
	for {
		tat := g.tat.Load()
		base := max(tat, n)
		newTat := base + g.interval
		if newTat-n > g.tol {
			wait := newTat - g.tol - n
			return limitResult{limit: g.limit, remaining: 0, resetSec: ceilSec(tat - n), retryAfter: max(1, ceilSec(wait))}
		}
		if g.tat.CompareAndSwap(tat, newTat) {
			return limitResult{allowed: true, limit: g.limit, remaining: (g.tol - (newTat - n)) / g.interval, resetSec: ceilSec(newTat - n)}
		}
	}
}

// peek reports the state without taking anything (for refusals that happen
// before the rate-limit step).
func (g *gcra) peek(now time.Time) limitResult {
	n := now.UnixNano()
	tat := max(g.tat.Load(), n)
	return limitResult{allowed: true, limit: g.limit, remaining: max(0, (g.tol-(tat-n))/g.interval), resetSec: ceilSec(tat - n)}
}

// available is how many requests would pass right now.
func (g *gcra) available(now time.Time) int64 { return g.peek(now).remaining }

func ceilSec(ns int64) int64 {
	if ns <= 0 {
		return 0
	}
	return (ns + int64(time.Second) - 1) / int64(time.Second)
}

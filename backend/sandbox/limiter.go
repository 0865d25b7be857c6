package sandbox

import (
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/backend/apikey"
)

// gcra is a tenant's rate limiter: apikey's GCRA maths over one atomic int64
// (the theoretical arrival time), with no allocation per call.
type gcra struct {
	rate apikey.Rate
	tat  atomic.Int64
}

func newGCRA(perMinute, burst int) *gcra { return &gcra{rate: apikey.NewRate(perMinute, burst)} }

// limitResult is what the X-RateLimit-* headers say.
type limitResult = apikey.Window

// take admits one request at now, or refuses it.
func (g *gcra) take(now time.Time) limitResult {
	n := now.UnixNano()
	for {
		tat := g.tat.Load()
		w, next := g.rate.Take(tat, n)
		if !w.Allowed || g.tat.CompareAndSwap(tat, next) {
			return w
		}
	}
}

// decide runs the gateway's decision against this limiter, storing the new
// state when the request is admitted (retried if another request won the
// race for the same state).
func (g *gcra) decide(in *apikey.Request) apikey.Decision {
	for {
		in.Rate, in.TAT = g.rate, g.tat.Load()
		d := apikey.Decide(in)
		if d.TAT == in.TAT || g.tat.CompareAndSwap(in.TAT, d.TAT) {
			return d
		}
	}
}

// peek reports the state without taking anything (for refusals that happen
// before the rate-limit step).
func (g *gcra) peek(now time.Time) limitResult { return g.rate.Peek(g.tat.Load(), now.UnixNano()) }

// available is how many requests would pass right now.
func (g *gcra) available(now time.Time) int64 { return g.peek(now).Remaining }

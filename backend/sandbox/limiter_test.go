package sandbox

import (
	"math/rand/v2"
	"testing"
	"time"
)

// Over 10,000 requests at random rates, no 60-second window admits more than
// limit + burst, and a burst of exactly `burst` passes at once.
func TestGCRAWindowBound(t *testing.T) {
	for _, plan := range []struct{ limit, burst int }{{60, 100}, {300, 500}, {1000, 2000}} {
		g := newGCRA(plan.limit, plan.burst)
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		now := start
		// All at once: exactly burst pass.
		n := 0
		for i := 0; i < plan.burst*2; i++ {
			if g.take(now).allowed {
				n++
			}
		}
		if n != plan.burst {
			t.Fatalf("%v: burst admitted %d", plan, n)
		}
		var admitted []time.Time
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < 10000; i++ {
			// random gaps: sometimes bursts, sometimes idle
			switch r.IntN(4) {
			case 0:
				now = now.Add(time.Duration(r.IntN(5000)) * time.Millisecond)
			case 1:
				now = now.Add(time.Duration(r.IntN(50)) * time.Millisecond)
			}
			if g.take(now).allowed {
				admitted = append(admitted, now)
			}
		}
		// Sliding window check (from the first request, the initial burst included).
		all := append(make([]time.Time, 0, plan.burst+len(admitted)), admitted...)
		for i := 0; i < plan.burst; i++ {
			all = append([]time.Time{start}, all...)
			_ = i
		}
		j := 0
		for i := range all {
			for all[i].Sub(all[j]) >= time.Minute {
				j++
			}
			if c := i - j + 1; c > plan.limit+plan.burst {
				t.Fatalf("%v: %d admitted within 60 s", plan, c)
			}
		}
	}
}

func TestGCRARemainingAndRetry(t *testing.T) {
	g := newGCRA(60, 100)
	now := time.Unix(1000, 0)
	r := g.take(now)
	if !r.allowed || r.remaining != 99 || r.limit != 60 {
		t.Fatalf("first: %+v", r)
	}
	for i := 0; i < 99; i++ {
		g.take(now)
	}
	r = g.take(now)
	if r.allowed || r.remaining != 0 || r.retryAfter != 1 {
		t.Fatalf("over: %+v", r)
	}
	if r := g.take(now.Add(time.Second)); !r.allowed {
		t.Fatalf("after 1 s one more should pass: %+v", r)
	}
}

package sandbox

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestGCRAWindowBound drives each plan at about 5× its rate (random,
// exponential gaps) for 10,000 requests and checks both bounds: no
// 60-second window admits more than limit + burst, and once the burst is
// spent every minute admits the plan's rate, give or take one — the limiter
// neither lets too much through nor starves a busy caller.
func TestGCRAWindowBound(t *testing.T) {
	for _, plan := range []struct{ limit, burst int }{{60, 100}, {300, 500}, {1000, 2000}} {
		g := newGCRA(plan.limit, plan.burst)
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		// All at once: exactly burst pass.
		n := 0
		for i := 0; i < plan.burst*2; i++ {
			if g.take(start).Allowed {
				n++
			}
		}
		if n != plan.burst {
			t.Fatalf("%v: burst admitted %d", plan, n)
		}
		admitted := make([]time.Time, 0, plan.burst+10000)
		for i := 0; i < plan.burst; i++ {
			admitted = append(admitted, start)
		}
		r := rand.New(rand.NewPCG(1, 2))
		mean := float64(time.Minute) / float64(5*plan.limit)
		now, refused := start, 0
		for i := 0; i < 10000; i++ {
			now = now.Add(time.Duration(r.ExpFloat64() * mean))
			if g.take(now).Allowed {
				admitted = append(admitted, now)
			} else {
				refused++
			}
		}
		if refused < 10000*3/4 {
			t.Errorf("%v: only %d of 10,000 refused at 5× the rate", plan, refused)
		}
		// Upper bound: every sliding 60-second window.
		j := 0
		for i := range admitted {
			for admitted[i].Sub(admitted[j]) >= time.Minute {
				j++
			}
			if c := i - j + 1; c > plan.limit+plan.burst {
				t.Fatalf("%v: %d admitted within 60 s (bound %d)", plan, c, plan.limit+plan.burst)
			}
		}
		// Lower (and tight upper) bound: each whole minute after the first,
		// when the burst is long spent, admits the plan's rate.
		perMin := map[int]int{}
		for _, at := range admitted {
			perMin[int(at.Sub(start)/time.Minute)]++
		}
		last := int(now.Sub(start) / time.Minute)
		if last < 2 {
			t.Fatalf("%v: the run lasted %v, too short to judge", plan, now.Sub(start))
		}
		for m := 1; m < last; m++ {
			if c := perMin[m]; c < plan.limit-1 || c > plan.limit+1 {
				t.Errorf("%v: minute %d admitted %d, want %d ± 1", plan, m, c, plan.limit)
			}
		}
	}
}

func TestGCRARemainingAndRetry(t *testing.T) {
	g := newGCRA(60, 100)
	now := time.Unix(1000, 0)
	r := g.take(now)
	if !r.Allowed || r.Remaining != 99 || r.Limit != 60 {
		t.Fatalf("first: %+v", r)
	}
	for i := 0; i < 99; i++ {
		g.take(now)
	}
	r = g.take(now)
	if r.Allowed || r.Remaining != 0 || r.RetryAfter != 1 {
		t.Fatalf("over: %+v", r)
	}
	if r := g.take(now.Add(time.Second)); !r.Allowed {
		t.Fatalf("after 1 s one more should pass: %+v", r)
	}
}

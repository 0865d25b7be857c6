package apikey

import (
	"testing"
	"time"
)

func TestPlans(t *testing.T) {
	for _, c := range []struct {
		name         string
		limit, burst int
		next         string
	}{
		{"starter", 60, 100, "professional"},
		{"professional", 300, 500, "business"},
		{"business", 1000, 2000, ""},
	} {
		p, ok := PlanByName(c.name)
		if !ok || p.PerMinute != c.limit || p.Burst != c.burst {
			t.Errorf("%s = %+v %v", c.name, p, ok)
		}
		n, ok := NextPlan(c.name)
		if n.Name != c.next || ok != (c.next != "") {
			t.Errorf("after %s comes %q %v, want %q", c.name, n.Name, ok, c.next)
		}
	}
	if _, ok := PlanByName("enterprise"); ok {
		t.Error("an unknown plan was found")
	}
}

func TestRateWindow(t *testing.T) {
	const s = int64(time.Second)
	r := NewRate(60, 3) // one request a second, 3 at once
	now := int64(1000) * s
	tat := int64(0)
	var w Window
	for i := range 3 {
		w, tat = r.Take(tat, now)
		if !w.Allowed || w.Remaining != int64(2-i) || w.ResetSec != int64(i+1) {
			t.Fatalf("take %d: %+v", i, w)
		}
	}
	w, after := r.Take(tat, now)
	if w.Allowed || after != tat || w.RetryAfter != 1 || w.ResetSec != 3 || w.Remaining != 0 {
		t.Fatalf("4th take: %+v (tat moved %v)", w, after != tat)
	}
	if p := r.Peek(tat, now+s); p.Remaining != 1 || p.ResetSec != 2 {
		t.Fatalf("a second later: %+v", p)
	}
	if p := r.Peek(tat, now+10*s); p.Remaining != 3 || p.ResetSec != 0 {
		t.Fatalf("refilled: %+v", p)
	}
}

// TestResetSeconds: the reset the console derives from a remaining count is
// the one the limiter's own headers give.
func TestResetSeconds(t *testing.T) {
	for _, p := range Plans {
		r := p.Rate()
		now := int64(5e12)
		tat := int64(0)
		for i := range p.Burst {
			w, next := r.Take(tat, now)
			tat = next
			if got := r.ResetSeconds(w.Remaining); got != w.ResetSec {
				t.Fatalf("%s take %d: ResetSeconds(%d) = %d, headers say %d", p.Name, i, w.Remaining, got, w.ResetSec)
			}
			if back := r.TATFor(w.Remaining, now); back != tat {
				t.Fatalf("%s take %d: TATFor(%d) = %d, limiter has %d", p.Name, i, w.Remaining, back, tat)
			}
		}
	}
	if NewRate(0, 0).ResetSeconds(0) != 0 {
		t.Error("an unknown rate resets in 0")
	}
	for ns, want := range map[int64]int64{-1: 0, 0: 0, 1: 1, int64(time.Second): 1, int64(time.Second) + 1: 2} {
		if got := CeilSeconds(ns); got != want {
			t.Errorf("CeilSeconds(%d) = %d, want %d", ns, got, want)
		}
	}
}

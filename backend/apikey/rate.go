package apikey

import "time"

// Rate is a rate limit as the Generic Cell Rate Algorithm sees it: with
// emission interval T = 60 s / limit and tolerance burst × T, at most burst
// requests pass at once and any 60-second window admits at most
// limit + burst. Its state is one number, the theoretical arrival time (TAT,
// unix ns); the maths below are pure so the gateway, the live tick and the
// console's figures all compute the same headers.
type Rate struct {
	Limit    int64 // per minute, for X-RateLimit-Limit
	Burst    int64
	Interval int64 // ns between requests at the sustained rate
	Tol      int64 // Burst × Interval
}

// NewRate returns the parameters of perMinute requests a minute with burst.
func NewRate(perMinute, burst int) Rate {
	r := Rate{Limit: int64(perMinute), Burst: int64(burst)}
	if r.Limit > 0 {
		r.Interval = int64(time.Minute) / r.Limit
	}
	r.Tol = r.Burst * r.Interval
	return r
}

// Known reports whether r is a real limit (the zero Rate stands for "not
// known", which checks nothing).
func (r Rate) Known() bool { return r.Interval > 0 }

// Window is what the X-RateLimit-* headers say about one moment.
type Window struct {
	Allowed    bool
	Limit      int64
	Remaining  int64 // requests that would pass right now
	ResetSec   int64 // seconds until the allowance is full again
	RetryAfter int64 // seconds until one more request passes (when refused)
}

// Peek is the window at now without taking anything.
func (r Rate) Peek(tat, now int64) Window {
	tat = max(tat, now)
	return Window{Allowed: true, Limit: r.Limit, Remaining: max(0, (r.Tol-(tat-now))/r.Interval), ResetSec: CeilSeconds(tat - now)}
}

// Take admits one request at now, returning the window and the new TAT, or
// refuses it (the TAT stays as it was).
func (r Rate) Take(tat, now int64) (Window, int64) {
	newTat := max(tat, now) + r.Interval
	if newTat-now > r.Tol {
		wait := newTat - r.Tol - now
		return Window{Limit: r.Limit, ResetSec: CeilSeconds(tat - now), RetryAfter: max(1, CeilSeconds(wait))}, tat
	}
	return Window{Allowed: true, Limit: r.Limit, Remaining: (r.Tol - (newTat - now)) / r.Interval, ResetSec: CeilSeconds(newTat - now)}, newTat
}

// TATFor is the state that leaves remaining requests at now: how the console
// rebuilds the limiter from the headers or the live tick it last saw.
func (r Rate) TATFor(remaining, now int64) int64 {
	return now + max(0, r.Burst-max(0, remaining))*r.Interval
}

// ResetSeconds is X-RateLimit-Reset for a bucket with remaining requests
// left: each missing request comes back after one interval.
func (r Rate) ResetSeconds(remaining int64) int64 {
	if !r.Known() {
		return 0
	}
	return CeilSeconds(r.TATFor(remaining, 0))
}

// CeilSeconds rounds a duration in ns up to whole seconds (0 for none).
func CeilSeconds(ns int64) int64 {
	if ns <= 0 {
		return 0
	}
	return (ns + int64(time.Second) - 1) / int64(time.Second)
}

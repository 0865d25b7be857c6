package sandbox

import (
	"sync"
	"time"
)

// attemptLimiter counts failed logins and failed sudo attempts per subject
// (an email, or a user for sudo): after max failures within window, further
// attempts are refused until the oldest failure leaves the window.
type attemptLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
}

func newAttemptLimiter(max int, window time.Duration) *attemptLimiter {
	return &attemptLimiter{max: max, window: window, fails: map[string][]time.Time{}}
}

// blocked returns how long subject must wait, or 0.
func (a *attemptLimiter) blocked(subject string, now time.Time) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.prune(subject, now)
	if len(f) < a.max {
		return 0
	}
	return f[0].Add(a.window).Sub(now)
}

func (a *attemptLimiter) fail(subject string, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.fails[subject] = append(a.prune(subject, now), now)
	if len(a.fails) > 100000 { // bound memory against floods of made-up emails
		clear(a.fails)
	}
}

func (a *attemptLimiter) reset(subject string) {
	a.mu.Lock()
	delete(a.fails, subject)
	a.mu.Unlock()
}

func (a *attemptLimiter) prune(subject string, now time.Time) []time.Time {
	f := a.fails[subject]
	i := 0
	for i < len(f) && !f[i].Add(a.window).After(now) {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(a.fails, subject)
		return nil
	}
	a.fails[subject] = f
	return f
}

// alertThrottle lets one IP-violation email per key and IP through every
// 10 minutes, so a misconfigured client does not flood the admins' inbox
// (every violation is still a stored security event).
type alertThrottle struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func newAlertThrottle() *alertThrottle { return &alertThrottle{last: map[string]time.Time{}} }

func (a *alertThrottle) allow(k string, now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if t, ok := a.last[k]; ok && now.Sub(t) < 10*time.Minute && !now.Before(t) {
		return false
	}
	if len(a.last) > 10000 {
		clear(a.last)
	}
	a.last[k] = now
	return true
}

// anonLimiter gives requests refused before a key is known (missing,
// malformed or unknown key) honest X-RateLimit-* headers: a per-IP bucket at
// the starter plan's rate. It only informs; such requests are refused anyway.
type anonLimiter struct {
	mu sync.Mutex
	m  map[string]*gcra
}

func newAnonLimiter() *anonLimiter { return &anonLimiter{m: map[string]*gcra{}} }

func (a *anonLimiter) take(ip string, now time.Time) limitResult {
	a.mu.Lock()
	g := a.m[ip]
	if g == nil {
		if len(a.m) > 10000 {
			clear(a.m)
		}
		g = newGCRA(60, 100)
		a.m[ip] = g
	}
	a.mu.Unlock()
	r := g.take(now)
	r.allowed = true
	return r
}

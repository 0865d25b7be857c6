package sandbox

import (
	"container/list"
	"sync"
	"time"
)

// Failed password attempts (SPEC §8.3). A sign-in is refused after
// pairMax failures for one (email, client IP) within attemptWindow, or after
// emailMax failures for the email from anywhere: one stranger can no longer
// lock the admin out with five guesses, and a guesser spread over many
// addresses still meets a ceiling. Sudo attempts count per user.
const (
	attemptWindow = 15 * time.Minute
	pairMax       = 5
	emailMax      = 20
	// maxAttemptSubjects bounds each limiter's memory. Past it the least
	// recently failed subjects that are not locked are forgotten; a locked
	// subject is never evicted, so a flood of made-up emails cannot lift a
	// lockout.
	maxAttemptSubjects = 100_000
	// evictScan bounds the work of one eviction; if every subject it sees is
	// locked the table grows past its bound until they unlock. Each locked
	// subject costs its sender several bcrypt checks, which bounds that growth.
	evictScan = 64
)

// attemptLimiter counts failures per subject: after max failures within
// window, further attempts are refused until the oldest failure leaves the
// window.
type attemptLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	cap    int
	fails  map[string]*list.Element // of *attemptEntry
	order  *list.List               // least recently failed first
}

type attemptEntry struct {
	subject string
	fails   []time.Time
}

func newAttemptLimiter(max int, window time.Duration, capacity int) *attemptLimiter {
	return &attemptLimiter{max: max, window: window, cap: capacity, fails: map[string]*list.Element{}, order: list.New()}
}

// blocked returns how long subject must wait, or 0.
func (a *attemptLimiter) blocked(subject string, now time.Time) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.prune(subject, now)
	if len(f) < a.max {
		return 0
	}
	return f[len(f)-a.max].Add(a.window).Sub(now)
}

func (a *attemptLimiter) fail(subject string, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := append(a.prune(subject, now), now)
	if len(f) > a.max { // older failures no longer decide anything
		f = f[len(f)-a.max:]
	}
	if el := a.fails[subject]; el != nil {
		el.Value.(*attemptEntry).fails = f
		a.order.MoveToBack(el)
		return
	}
	a.fails[subject] = a.order.PushBack(&attemptEntry{subject: subject, fails: f})
	if len(a.fails) > a.cap {
		a.evict(now)
	}
}

// evict forgets the least recently failed subject that is not locked.
func (a *attemptLimiter) evict(now time.Time) {
	el := a.order.Front()
	for i := 0; el != nil && i < evictScan; i++ {
		next := el.Next()
		en := el.Value.(*attemptEntry)
		if f := a.prune(en.subject, now); len(f) < a.max {
			if f != nil { // prune removed it already when nothing was left
				a.remove(en.subject)
			}
			return
		}
		el = next
	}
}

func (a *attemptLimiter) reset(subject string) {
	a.mu.Lock()
	a.remove(subject)
	a.mu.Unlock()
}

func (a *attemptLimiter) remove(subject string) {
	if el := a.fails[subject]; el != nil {
		a.order.Remove(el)
		delete(a.fails, subject)
	}
}

// size is how many subjects are remembered.
func (a *attemptLimiter) size() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.fails)
}

func (a *attemptLimiter) prune(subject string, now time.Time) []time.Time {
	el := a.fails[subject]
	if el == nil {
		return nil
	}
	en := el.Value.(*attemptEntry)
	f := en.fails
	i := 0
	for i < len(f) && !f[i].Add(a.window).After(now) {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		a.remove(subject)
		return nil
	}
	en.fails = f
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
	r.Allowed = true
	return r
}

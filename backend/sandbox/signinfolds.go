package sandbox

import (
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/penguinmails/console/backend/sandbox/audit"
	"github.com/penguinmails/console/backend/wire"
)

// A failed sign-in with an address no user has is audited by the tenant
// whose users share the domain (auth.go). Made-up addresses cost an attacker
// nothing, so such failures are folded the way security events are: those
// from one client IP to one tenant within secEventWindow are one audit entry
// with a count, the first addresses tried and how many attempts used others. A
// tenant takes at most maxFoldedPerMinute such entries a minute; failures
// from further IPs go into one overflow entry (its IP empty, the first IPs
// listed). Failures of real users, and every other action, are never folded.
const (
	maxFoldedPerMinute = 20
	foldListed         = 5 // addresses (and overflow IPs) named in an entry
)

type foldKey struct{ tenant, ip string } // ip "" is the tenant's overflow entry

// foldedFailure is an audit entry whose window is still open.
type foldedFailure struct {
	write     sync.Mutex // orders this entry's rewrites (held across the Badger write)
	entry     wire.AuditEntry
	emails    []string // listed in the entry
	ips       []string // the overflow entry's
	other     int      // attempts with addresses not listed
	lockedOut int      // the lockout one of these failures started, seconds
	written   int      // the count last stored
}

// foldTenant counts the entries a tenant opened in its current minute.
type foldTenant struct {
	start  time.Time
	opened int
}

type signInFolds struct {
	mu      sync.Mutex
	open    map[foldKey]*foldedFailure
	tenants map[string]*foldTenant
}

func newSignInFolds() *signInFolds {
	return &signInFolds{open: map[foldKey]*foldedFailure{}, tenants: map[string]*foldTenant{}}
}

// auditUnknownEmail records a failed sign-in with the unknown email for
// tenantID. lockedOut is the lockout this failure started, or 0. The entry
// is stored before it returns, as every audit entry is.
func (s *Server) auditUnknownEmail(r *http.Request, tenantID, email string, lockedOut int) {
	now := s.now()
	ip := remoteHost(r)
	f := s.folds
	f.mu.Lock()
	g := f.get(foldKey{tenantID, ip}, now)
	if g == nil {
		k := foldKey{tenantID, ip}
		if !f.admit(tenantID, now) {
			k.ip = ""
			g = f.get(k, now)
		}
		if g == nil {
			g = &foldedFailure{entry: wire.AuditEntry{ID: audit.NewID(now), At: now, Action: wire.AuditSignInFailed,
				Actor: email, IP: k.ip, UserAgent: r.UserAgent(), Target: email}}
			f.open[k] = g
		}
	}
	g.add(email, ip, lockedOut, now)
	e := g.snapshot()
	f.mu.Unlock()

	g.write.Lock()
	defer g.write.Unlock()
	if e.Count > g.written { // a later count may have been stored already
		s.recordAudit(tenantID, e)
		g.written = e.Count
	}
}

// get returns the open entry under k, or nil (dropping one whose window is
// over). Called with f.mu held.
func (f *signInFolds) get(k foldKey, now time.Time) *foldedFailure {
	g := f.open[k]
	if g != nil && !inWindow(now, g.entry.At) {
		delete(f.open, k)
		g = nil
	}
	return g
}

// admit reports whether the tenant may open one more entry this minute, and
// counts it. Called with f.mu held.
func (f *signInFolds) admit(tenantID string, now time.Time) bool {
	t := f.tenants[tenantID]
	if t == nil || !inWindow(now, t.start) {
		t = &foldTenant{start: now}
		f.tenants[tenantID] = t
	}
	if t.opened >= maxFoldedPerMinute {
		return false
	}
	t.opened++
	return true
}

// add counts one more failure. Called with the folds' mu held.
func (g *foldedFailure) add(email, ip string, lockedOut int, now time.Time) {
	g.entry.Count++
	if g.entry.Count > 1 {
		g.entry.LastAt = timePtr(now)
	}
	switch {
	case slices.Contains(g.emails, email):
	case len(g.emails) < foldListed:
		g.emails = append(g.emails, email)
	default:
		g.other++
	}
	if g.entry.IP == "" && !slices.Contains(g.ips, ip) && len(g.ips) < foldListed {
		g.ips = append(g.ips, ip)
	}
	if lockedOut > 0 {
		g.lockedOut = lockedOut
	}
}

// snapshot is the entry as it stands, its detail a map of its own (the
// stored copy is marshalled after the folds' lock is let go).
func (g *foldedFailure) snapshot() wire.AuditEntry {
	e := g.entry
	e.Detail = map[string]any{"reason": "unknown_email", "emails": slices.Clone(g.emails)}
	if g.other > 0 {
		e.Detail["other_attempts"] = g.other
	}
	if g.ips != nil {
		e.Detail["ips"] = slices.Clone(g.ips)
	}
	if g.lockedOut > 0 {
		e.Detail["locked_out_seconds"] = g.lockedOut // one of these failures started a lockout
	}
	return e
}

// sweep forgets entries and tenant minutes that are over, so the maps hold
// only the last minute's.
func (f *signInFolds) sweep(now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, g := range f.open {
		if !inWindow(now, g.entry.At) {
			delete(f.open, k)
		}
	}
	for id, t := range f.tenants {
		if !inWindow(now, t.start) {
			delete(f.tenants, id)
		}
	}
}

package sandbox

import (
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/backend/platform"
)

// keyIndex is the in-memory view of every key, so the gateway verifies a
// secret with one map lookup by its SHA-256. Badger is the source of truth;
// the index is loaded at start and written through on every change.
type keyIndex struct {
	mu     sync.RWMutex
	byHash map[KeyHash]hashRef
	byID   map[string]*keyEntry
}

// hashRef says which secret of a key a hash is.
type hashRef struct {
	entry *keyEntry
	kind  uint8
}

const (
	secretCurrent uint8 = iota
	secretPrevious
	secretRetired
)

// keyEntry is one key: an immutable state swapped on change, and counters.
type keyEntry struct {
	state atomic.Pointer[keyState]

	requests     atomic.Int64
	errors       atomic.Int64
	lastUsed     atomic.Int64 // unix ns, 0 = never
	prevRequests atomic.Int64
	prevLastUsed atomic.Int64
	dirty        atomic.Bool
	seenIPs      sync.Map // ip string → struct{}
}

// keyState is the parsed form of a keyRec, ready for the hot path.
type keyState struct {
	rec        keyRec
	hash       KeyHash
	perms      permSet
	allow      AllowList
	expiresAt  int64 // unix ns, 0 = never
	revoked    bool
	prevExpiry int64 // unix ns of the previous secret's end, 0 = none
}

func newKeyIndex() *keyIndex {
	return &keyIndex{byHash: map[KeyHash]hashRef{}, byID: map[string]*keyEntry{}}
}

func parseHash(h string) (KeyHash, error) {
	var out KeyHash
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != len(out) {
		return out, fmt.Errorf("bad key hash")
	}
	copy(out[:], b)
	return out, nil
}

func buildState(r keyRec) (*keyState, error) {
	st := &keyState{rec: r, perms: makePermSet(r.Permissions), revoked: r.RevokedAt != nil}
	var err error
	if st.hash, err = parseHash(r.Hash); err != nil {
		return nil, fmt.Errorf("key %s: %w", r.ID, err)
	}
	if st.allow, _, err = ParseAllowList(r.AllowedIPs); err != nil {
		return nil, fmt.Errorf("key %s: %w", r.ID, err)
	}
	if r.ExpiresAt != nil {
		st.expiresAt = r.ExpiresAt.UnixNano()
	}
	if r.PrevExpiresAt != nil {
		st.prevExpiry = r.PrevExpiresAt.UnixNano()
	}
	return st, nil
}

// put inserts or replaces a key and re-indexes its secrets.
func (ix *keyIndex) put(r keyRec) (*keyEntry, error) {
	st, err := buildState(r)
	if err != nil {
		return nil, err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	e := ix.byID[r.ID]
	if e == nil {
		e = &keyEntry{}
		ix.byID[r.ID] = e
	}
	if old := e.state.Load(); old != nil {
		delete(ix.byHash, old.hash)
		if old.rec.PrevHash != "" {
			if h, err := parseHash(old.rec.PrevHash); err == nil {
				delete(ix.byHash, h)
			}
		}
	}
	e.state.Store(st)
	ix.byHash[st.hash] = hashRef{entry: e, kind: secretCurrent}
	if r.PrevHash != "" {
		if h, err := parseHash(r.PrevHash); err == nil {
			ix.byHash[h] = hashRef{entry: e, kind: secretPrevious}
		}
	}
	for _, rh := range r.Retired {
		if h, err := parseHash(rh); err == nil {
			ix.byHash[h] = hashRef{entry: e, kind: secretRetired}
		}
	}
	return e, nil
}

// verify recognises a presented secret: format and checksum offline, then
// one map lookup by SHA-256, then a constant-time comparison of the hashes.
// ok=false means malformed or unknown — the same answer for both, so a
// caller learns nothing about which keys exist.
func (ix *keyIndex) verify(tok string) (hashRef, *keyState, bool) {
	if _, ok := ParseKey(tok); !ok {
		return hashRef{}, nil, false
	}
	h := HashKey(tok)
	ref, ok := ix.lookup(h)
	if !ok {
		return hashRef{}, nil, false
	}
	st := ref.entry.state.Load()
	want := st.hash
	if ref.kind != secretCurrent {
		want = ix.otherHash(st, ref.kind, h)
	}
	if subtle.ConstantTimeCompare(h[:], want[:]) != 1 {
		return hashRef{}, nil, false
	}
	return ref, st, true
}

// otherHash finds the stored previous or retired hash equal to h.
func (ix *keyIndex) otherHash(st *keyState, kind uint8, h KeyHash) KeyHash {
	var cands []string
	if kind == secretPrevious {
		cands = []string{st.rec.PrevHash}
	} else {
		cands = st.rec.Retired
	}
	for _, c := range cands {
		if ch, err := parseHash(c); err == nil && subtle.ConstantTimeCompare(ch[:], h[:]) == 1 {
			return ch
		}
	}
	return KeyHash{}
}

func (ix *keyIndex) lookup(h KeyHash) (hashRef, bool) {
	ix.mu.RLock()
	ref, ok := ix.byHash[h]
	ix.mu.RUnlock()
	return ref, ok
}

// get returns a key of tenantID by id; another tenant's key is "not found".
func (ix *keyIndex) get(tenantID, id string) *keyEntry {
	ix.mu.RLock()
	e := ix.byID[id]
	ix.mu.RUnlock()
	if e == nil || e.state.Load().rec.TenantID != tenantID {
		return nil
	}
	return e
}

func (ix *keyIndex) ofTenant(tenantID string) []*keyEntry {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []*keyEntry
	for _, e := range ix.byID {
		if e.state.Load().rec.TenantID == tenantID {
			out = append(out, e)
		}
	}
	return out
}

func (ix *keyIndex) all() []*keyEntry {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]*keyEntry, 0, len(ix.byID))
	for _, e := range ix.byID {
		out = append(out, e)
	}
	return out
}

func (e *keyEntry) loadCounters(c keyCounters) {
	e.requests.Store(c.Requests)
	e.errors.Store(c.Errors)
	if c.LastUsed != nil {
		e.lastUsed.Store(c.LastUsed.UnixNano())
	}
	e.prevRequests.Store(c.PrevRequests)
	if c.PrevLastUsed != nil {
		e.prevLastUsed.Store(c.PrevLastUsed.UnixNano())
	}
}

func (e *keyEntry) counters() keyCounters {
	c := keyCounters{Requests: e.requests.Load(), Errors: e.errors.Load(), PrevRequests: e.prevRequests.Load()}
	if n := e.lastUsed.Load(); n != 0 {
		c.LastUsed = timePtr(time.Unix(0, n).UTC())
	}
	if n := e.prevLastUsed.Load(); n != 0 {
		c.PrevLastUsed = timePtr(time.Unix(0, n).UTC())
	}
	return c
}

// status is active, revoked or expired at now.
func (st *keyState) status(now time.Time) string {
	switch {
	case st.revoked:
		return platform.StatusRevoked
	case st.expiresAt != 0 && now.UnixNano() >= st.expiresAt:
		return platform.StatusExpired
	}
	return platform.StatusActive
}

// view is the Key as the platform shows it: never the secret.
func (e *keyEntry) view(now time.Time, plan platform.Plan) platform.Key {
	st := e.state.Load()
	r := st.rec
	c := e.counters()
	k := platform.Key{
		KeyID: r.ID, Name: r.Name, Description: r.Description, Environment: r.Environment,
		MaskedKey: r.Masked, Permissions: append([]string{}, r.Permissions...), AllowedIPs: append([]string{}, r.AllowedIPs...),
		RateLimit: plan.PerMinute, Burst: plan.Burst, Status: st.status(now),
		CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, LastUsed: c.LastUsed,
		ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt, RequestCount: c.Requests, ErrorCount: c.Errors,
	}
	if r.PrevHash != "" && r.PrevExpiresAt != nil && r.RevokedAt == nil && now.Before(*r.PrevExpiresAt) {
		k.Rotation = &platform.Rotation{
			PreviousMaskedKey: r.PrevMasked, PreviousExpiresAt: *r.PrevExpiresAt,
			PreviousLastUsed: c.PrevLastUsed, PreviousRequests: c.PrevRequests,
		}
	}
	return k
}

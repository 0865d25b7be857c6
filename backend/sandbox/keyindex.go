package sandbox

import (
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// keyIndex is the in-memory view of every key, so the gateway verifies a
// secret with one map lookup by its SHA-256. Badger is the source of truth;
// the index is loaded at start and written through on every change.
type keyIndex struct {
	mu     sync.RWMutex
	byHash map[apikey.Hash]hashRef
	byID   map[string]*keyEntry
}

// hashRef says which secret of a key a hash is.
type hashRef struct {
	entry *keyEntry
	kind  uint8
	hash  apikey.Hash // the stored hash, compared in constant time
	prev  *prevState  // secretPrevious only: its deadline and counters
}

// prevState is a live previous secret on the hot path.
type prevState struct {
	rec    prevSecret
	hash   apikey.Hash
	expiry int64 // unix ns
	use    *secretUse
}

// secretUse counts the requests made with one previous secret.
type secretUse struct {
	requests atomic.Int64
	lastUsed atomic.Int64 // unix ns, 0 = never
}

const (
	secretCurrent uint8 = iota
	secretPrevious
	secretRetired
)

// keyEntry is one key: an immutable state swapped on change, and counters.
type keyEntry struct {
	state atomic.Pointer[keyState]

	requests atomic.Int64
	errors   atomic.Int64
	lastUsed atomic.Int64 // unix ns, 0 = never
	prevUse  sync.Map     // hex hash of a previous secret → *secretUse
	seenIPs  sync.Map     // ip string → struct{}
	driver   *apikey.Hash // the demo driver's credential, if any (guarded by keyIndex.mu)
}

// keyState is the parsed form of a keyRec, ready for the hot path.
type keyState struct {
	rec       keyRec
	hash      apikey.Hash
	perms     apikey.PermSet
	allow     apikey.AllowList
	expiresAt int64 // unix ns, 0 = never
	revoked   bool
	previous  []*prevState // as rec.Previous
}

func newKeyIndex() *keyIndex {
	return &keyIndex{byHash: map[apikey.Hash]hashRef{}, byID: map[string]*keyEntry{}}
}

func parseHash(h string) (apikey.Hash, error) {
	var out apikey.Hash
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != len(out) {
		return out, fmt.Errorf("bad key hash")
	}
	copy(out[:], b)
	return out, nil
}

func buildState(r keyRec) (*keyState, error) {
	st := &keyState{rec: r, perms: apikey.PermSetOf(r.Permissions), revoked: r.RevokedAt != nil}
	var err error
	if st.hash, err = parseHash(r.Hash); err != nil {
		return nil, fmt.Errorf("key %s: %w", r.ID, err)
	}
	if st.allow, _, err = apikey.ParseAllowList(r.AllowedIPs); err != nil {
		return nil, fmt.Errorf("key %s: %w", r.ID, err)
	}
	if r.ExpiresAt != nil {
		st.expiresAt = r.ExpiresAt.UnixNano()
	}
	for _, p := range r.Previous {
		h, err := parseHash(p.Hash)
		if err != nil {
			return nil, fmt.Errorf("key %s: previous secret: %w", r.ID, err)
		}
		st.previous = append(st.previous, &prevState{rec: p, hash: h, expiry: p.ExpiresAt.UnixNano()})
	}
	return st, nil
}

// use returns the counters of the previous secret with hex hash h, made on
// first use; they outlive state swaps.
func (e *keyEntry) use(h string) *secretUse {
	if u, ok := e.prevUse.Load(h); ok {
		return u.(*secretUse)
	}
	u, _ := e.prevUse.LoadOrStore(h, new(secretUse))
	return u.(*secretUse)
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
		for _, p := range old.previous {
			delete(ix.byHash, p.hash)
		}
	}
	live := map[string]bool{}
	for _, p := range st.previous {
		p.use = e.use(p.rec.Hash)
		live[p.rec.Hash] = true
	}
	e.prevUse.Range(func(h, _ any) bool { // forget the counters of retired secrets
		if !live[h.(string)] {
			e.prevUse.Delete(h)
		}
		return true
	})
	e.state.Store(st)
	ix.byHash[st.hash] = hashRef{entry: e, kind: secretCurrent, hash: st.hash}
	if e.driver != nil {
		ix.byHash[*e.driver] = hashRef{entry: e, kind: secretCurrent, hash: *e.driver}
	}
	for _, p := range st.previous {
		ix.byHash[p.hash] = hashRef{entry: e, kind: secretPrevious, hash: p.hash, prev: p}
	}
	for _, rh := range r.Retired {
		if h, err := parseHash(rh); err == nil {
			ix.byHash[h] = hashRef{entry: e, kind: secretRetired, hash: h}
		}
	}
	return e, nil
}

// driverSecret gives the demo traffic driver a credential for e that acts as
// the key's current secret, whatever rotations come: a real backend would
// be redeployed with the new secret, and the demo should not turn into a
// stream of key_revoked because of a rotation. It lives only in this
// process's memory — never stored, shown or logged — which is why a restart
// needs neither the key's secret nor a rotation.
func (ix *keyIndex) driverSecret(e *keyEntry, env string) (string, error) {
	secret, err := apikey.GenerateKey(env)
	if err != nil {
		return "", err
	}
	h := apikey.HashKey(secret)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if e.driver != nil {
		delete(ix.byHash, *e.driver)
	}
	e.driver = &h
	ix.byHash[h] = hashRef{entry: e, kind: secretCurrent, hash: h}
	return secret, nil
}

// verify recognises a presented secret: format and checksum offline, then
// one map lookup by SHA-256, then a constant-time comparison of the hashes.
// ok=false means malformed or unknown — the same answer for both, so a
// caller learns nothing about which keys exist.
func (ix *keyIndex) verify(tok string) (hashRef, *keyState, bool) {
	if _, ok := apikey.ParseKey(tok); !ok {
		return hashRef{}, nil, false
	}
	h := apikey.HashKey(tok)
	ref, ok := ix.lookup(h)
	if !ok {
		return hashRef{}, nil, false
	}
	if subtle.ConstantTimeCompare(h[:], ref.hash[:]) != 1 {
		return hashRef{}, nil, false
	}
	return ref, ref.entry.state.Load(), true
}

func (ix *keyIndex) lookup(h apikey.Hash) (hashRef, bool) {
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
	for h, pc := range c.Previous {
		if _, live := e.prevUse.Load(h); !live {
			continue // a secret retired since: nothing to show
		}
		u := e.use(h)
		u.requests.Store(pc.Requests)
		if pc.LastUsed != nil {
			u.lastUsed.Store(pc.LastUsed.UnixNano())
		}
	}
}

func (e *keyEntry) counters() keyCounters {
	c := keyCounters{Requests: e.requests.Load(), Errors: e.errors.Load()}
	if n := e.lastUsed.Load(); n != 0 {
		c.LastUsed = timePtr(time.Unix(0, n).UTC())
	}
	e.prevUse.Range(func(h, v any) bool {
		if c.Previous == nil {
			c.Previous = map[string]secretUseRec{}
		}
		c.Previous[h.(string)] = v.(*secretUse).rec()
		return true
	})
	return c
}

func (u *secretUse) rec() secretUseRec {
	r := secretUseRec{Requests: u.requests.Load()}
	if n := u.lastUsed.Load(); n != 0 {
		r.LastUsed = timePtr(time.Unix(0, n).UTC())
	}
	return r
}

// status is active, revoked or expired at now.
func (st *keyState) status(now time.Time) string {
	switch {
	case st.revoked:
		return wire.StatusRevoked
	case st.expiresAt != 0 && now.UnixNano() >= st.expiresAt:
		return wire.StatusExpired
	}
	return wire.StatusActive
}

// view is the Key as the platform shows it: never the secret.
func (e *keyEntry) view(now time.Time, plan apikey.Plan) wire.Key {
	st := e.state.Load()
	r := st.rec
	c := e.counters()
	k := wire.Key{
		KeyID: r.ID, Name: r.Name, Description: r.Description, Environment: r.Environment,
		MaskedKey: r.Masked, Permissions: append([]string{}, r.Permissions...), AllowedIPs: append([]string{}, r.AllowedIPs...),
		RateLimit: plan.PerMinute, Burst: plan.Burst, Status: st.status(now),
		CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, LastUsed: c.LastUsed,
		ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt, RequestCount: c.Requests, ErrorCount: c.Errors,
	}
	if r.RevokedAt == nil {
		k.Rotation = st.rotation(now)
	}
	return k
}

// rotation lists the previous secrets still working at now, newest rotation
// first, or nil when there are none.
func (st *keyState) rotation(now time.Time) *wire.Rotation {
	var live []wire.PreviousSecret
	for _, p := range st.previous {
		if now.UnixNano() >= p.expiry {
			continue
		}
		u := p.use.rec()
		live = append(live, wire.PreviousSecret{MaskedKey: p.rec.Masked, RotatedAt: p.rec.RotatedAt,
			ExpiresAt: p.rec.ExpiresAt, RequestsSinceRotation: u.Requests, LastUsed: u.LastUsed})
	}
	if len(live) == 0 {
		return nil
	}
	n := live[0]
	return &wire.Rotation{PreviousMaskedKey: n.MaskedKey, PreviousExpiresAt: n.ExpiresAt,
		PreviousLastUsed: n.LastUsed, PreviousRequests: n.RequestsSinceRotation, PreviousSecrets: live}
}

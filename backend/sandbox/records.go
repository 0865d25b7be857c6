package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/backend/apikey"
)

// Records as stored in Badger (JSON). Secrets are never stored: keys carry
// only the SHA-256 of their secrets, sessions and sudo tokens likewise.

type tenantRec struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Plan      string    `json:"plan"`
	CreatedAt time.Time `json:"created_at"`
}

type userRec struct {
	ID           string    `json:"id"`
	TenantID     string    `json:"tenant_id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	PasswordHash []byte    `json:"password_hash"` // bcrypt
	CreatedAt    time.Time `json:"created_at"`
}

type sessionRec struct {
	UserID    string    `json:"user_id"`
	TenantID  string    `json:"tenant_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

type keyRec struct {
	ID          string     `json:"id"`
	TenantID    string     `json:"tenant_id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Environment string     `json:"environment"`
	Masked      string     `json:"masked"`
	Hash        string     `json:"hash"` // hex SHA-256 of the current secret
	Permissions []string   `json:"permissions"`
	AllowedIPs  []string   `json:"allowed_ips"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"` // the creator's email
	CreatedByID string     `json:"created_by_id"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	RevokedAt   *time.Time `json:"revoked_at,omitempty"`
	// Previous secrets of rotations still in their grace, newest rotation
	// first; each works until its own deadline (at most maxLivePrevious).
	Previous []prevSecret `json:"previous,omitempty"`
	// The single previous secret of data written before per-secret
	// deadlines; load moves it into Previous.
	PrevHash      string     `json:"prev_hash,omitempty"`
	PrevMasked    string     `json:"prev_masked,omitempty"`
	PrevExpiresAt *time.Time `json:"prev_expires_at,omitempty"`
	// Secrets retired by an earlier rotation: still recognised, so their use
	// answers key_revoked rather than "unknown key".
	Retired []string `json:"retired,omitempty"`
}

// prevSecret is the secret a rotation replaced, with its own deadline.
type prevSecret struct {
	Hash      string    `json:"hash"` // hex SHA-256
	Masked    string    `json:"masked"`
	RotatedAt time.Time `json:"rotated_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// migrateLegacy moves the pre-per-secret single previous secret (and its
// counters) into Previous, so older data directories keep their grace.
func (r *keyRec) migrateLegacy(c *keyCounters) {
	if r.PrevHash == "" || r.PrevExpiresAt == nil {
		r.PrevHash, r.PrevMasked, r.PrevExpiresAt = "", "", nil
		return
	}
	r.Previous = append([]prevSecret{{Hash: r.PrevHash, Masked: r.PrevMasked,
		RotatedAt: r.PrevExpiresAt.Add(-24 * time.Hour), ExpiresAt: *r.PrevExpiresAt}}, r.Previous...)
	if c.PrevRequests > 0 || c.PrevLastUsed != nil {
		if c.Previous == nil {
			c.Previous = map[string]secretUseRec{}
		}
		c.Previous[r.PrevHash] = secretUseRec{Requests: c.PrevRequests, LastUsed: c.PrevLastUsed}
	}
	r.PrevHash, r.PrevMasked, r.PrevExpiresAt = "", "", nil
	c.PrevRequests, c.PrevLastUsed = 0, nil
}

// keyCounters are the per-key usage counters as saved, with the usage events
// they count (counters.go).
type keyCounters struct {
	LastUsed *time.Time `json:"last_used,omitempty"`
	Requests int64      `json:"requests"`
	Errors   int64      `json:"errors"`
	// Previous counts the use of each live previous secret since its
	// rotation, by the secret's hash.
	Previous map[string]secretUseRec `json:"previous,omitempty"`
	// The counters of the legacy single previous secret (see migrateLegacy).
	PrevLastUsed *time.Time `json:"prev_last_used,omitempty"`
	PrevRequests int64      `json:"prev_requests,omitempty"`
}

// secretUseRec is how much one previous secret was used since its rotation.
type secretUseRec struct {
	Requests int64      `json:"requests"`
	LastUsed *time.Time `json:"last_used,omitempty"`
}

// Badger key prefixes, all under "sb/" so the sandbox's data is recognisable.
const (
	pTenant   = "sb/t/"  // + tenantID
	pUser     = "sb/u/"  // + email
	pSession  = "sb/s/"  // + hex(sha256(token))
	pKey      = "sb/k/"  // + keyID
	pCounters = "sb/kc/" // + keyID
	pAudit    = "sb/ka/" // + keyID + "/" + time-ordered id
	pKeyIP    = "sb/ki/" // + keyID + "/" + ip: IPs seen, for new_ip audit
	pOutbox   = "sb/o/"  // + tenantID + "/" + time-ordered id
	pSecurity = "sb/se/" // + tenantID + "/" + time-ordered id
	pContact  = "sb/c/"  // + tenantID + "/" + email
	pCampaign = "sb/cp/" // + tenantID + "/" + id
	pEmail    = "sb/e/"  // + tenantID + "/" + id
	pIdem     = "sb/ni/" // + tenantID + "/" + hex(sha256(Idempotency-Key)) of a notification
	kSeeded   = "sb/meta/seeded"
)

// idDigits is the alphabet of record ids.
const idDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newID returns prefix + 20 random base62 characters.
func newID(prefix string) string {
	var b [20]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = idDigits[int(b[i])%62]
	}
	return prefix + string(b[:])
}

// orderedID sorts by time: hex nanoseconds then randomness, so prefix scans
// in reverse list newest first.
// A process-wide sequence breaks ties between ids made at the same instant
// (the fake clock of tests stands still), keeping creation order.
func orderedID(prefix string, t time.Time) string {
	var b [16]byte
	n := uint64(t.UnixNano())
	for i := 7; i >= 0; i-- {
		b[i] = byte(n)
		n >>= 8
	}
	q := idSeq.Add(1)
	b[8], b[9], b[10], b[11] = byte(q>>24), byte(q>>16), byte(q>>8), byte(q)
	rand.Read(b[12:])
	return prefix + hex.EncodeToString(b[:])
}

var idSeq atomic.Uint32

func hashHex(h apikey.Hash) string { return hex.EncodeToString(h[:]) }

func timePtr(t time.Time) *time.Time { return &t }

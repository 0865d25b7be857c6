package apikey

import "net/netip"

// Status is the gateway's verdict on a request (SPEC §2.4): a bad key is a
// status, not an error. Each refusal maps to one HTTP status and error code.
type Status uint8

const (
	Allowed           Status = iota
	MissingKey               // 401 invalid_token: no bearer key sent
	InvalidKey               // 401 invalid_token: malformed, forged or unknown
	Revoked                  // 401 key_revoked: revoked, or its rotation grace is over
	Expired                  // 401 key_expired
	IPNotAllowed             // 403 ip_not_allowed
	InsufficientScope        // 403 insufficient_permissions
	RateLimited              // 429 rate_limit_exceeded
)

var statusHTTP = [...]int{Allowed: 200, MissingKey: 401, InvalidKey: 401, Revoked: 401, Expired: 401,
	IPNotAllowed: 403, InsufficientScope: 403, RateLimited: 429}

// The codes are SPEC §2.1's; platform's constants carry the same words.
var statusCode = [...]string{Allowed: "", MissingKey: "invalid_token", InvalidKey: "invalid_token", Revoked: "key_revoked",
	Expired: "key_expired", IPNotAllowed: "ip_not_allowed", InsufficientScope: "insufficient_permissions",
	RateLimited: "rate_limit_exceeded"}

// HTTPStatus is the status code the gateway answers with.
func (s Status) HTTPStatus() int { return statusHTTP[s] }

// Code is the error code of the answer ("" when allowed).
func (s Status) Code() string { return statusCode[s] }

// KeyState is what the gateway knows about the presented key.
type KeyState struct {
	Presented bool // a bearer key was sent
	Known     bool // it is the secret of a key of this platform
	Revoked   bool // the key is revoked, or this secret was replaced and its grace is over
	ExpiresAt int64
	Allow     AllowList
	Perms     PermSet
}

// Request is everything the decision depends on; it holds no reference the
// decision keeps, so a Request on the caller's stack stays there.
type Request struct {
	Key  KeyState
	IP   netip.Addr // the caller; an invalid address is never allowed by a non-empty list
	Need string     // the permission the endpoint needs; "" for none
	Now  int64      // unix ns
	Rate Rate       // the tenant's limit; the zero Rate checks nothing
	TAT  int64      // the limiter's state at Now
}

// Decision is the verdict with the rate-limit window the answer's headers
// show, and the limiter's new state when the request was admitted.
type Decision struct {
	Status Status
	Window Window
	TAT    int64
}

// The checks in SPEC §2.4's order; the rate limit comes last.
const (
	stepKey = iota
	stepIP
	stepScope
	steps
)

func (r *Request) check(step int) Status {
	k := &r.Key
	switch step {
	case stepKey:
		switch {
		case !k.Presented:
			return MissingKey
		case !k.Known:
			return InvalidKey
		case k.Revoked:
			return Revoked
		case k.ExpiresAt != 0 && r.Now >= k.ExpiresAt:
			return Expired
		}
	case stepIP:
		if len(k.Allow) > 0 && (!r.IP.IsValid() || !k.Allow.Allows(r.IP)) {
			return IPNotAllowed
		}
	case stepScope:
		if !k.Perms.Has(r.Need) {
			return InsufficientScope
		}
	}
	return Allowed
}

// Decide runs the gateway's checks in order and stops at the first refusal:
// key status → IP allow-list → permission → rate limit. Only an admitted
// request takes from the limit (the caller stores TAT); a refusal reports the
// window as it stands.
func Decide(r *Request) Decision {
	for step := range steps {
		if s := r.check(step); s != Allowed {
			d := Decision{Status: s, TAT: r.TAT}
			if r.Rate.Known() {
				d.Window = r.Rate.Peek(r.TAT, r.Now)
			}
			return d
		}
	}
	if !r.Rate.Known() {
		return Decision{Status: Allowed, Window: Window{Allowed: true}, TAT: r.TAT}
	}
	w, tat := r.Rate.Take(r.TAT, r.Now)
	if !w.Allowed {
		return Decision{Status: RateLimited, Window: w, TAT: r.TAT}
	}
	return Decision{Status: Allowed, Window: w, TAT: tat}
}

// Refusals lists every check the request fails, in the gateway's order, so
// a tester can warn about all of them at once. Its first entry is always
// Decide's status; none means the gateway admits it. A key that is missing
// or unknown is the only thing said, as nothing else can be checked.
func Refusals(r *Request) []Status {
	var out []Status
	for step := range steps {
		if s := r.check(step); s != Allowed {
			out = append(out, s)
			if s == MissingKey || s == InvalidKey {
				return out
			}
		}
	}
	if r.Rate.Known() {
		if w, _ := r.Rate.Take(r.TAT, r.Now); !w.Allowed {
			out = append(out, RateLimited)
		}
	}
	return out
}

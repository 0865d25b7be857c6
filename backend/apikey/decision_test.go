package apikey

import (
	"net/netip"
	"slices"
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC).UnixNano()
	rate := NewRate(60, 2)
	full := rate.TATFor(2, now)  // the whole burst left
	empty := rate.TATFor(0, now) // nothing left
	office, _, _ := ParseAllowList([]string{"203.0.113.0/24"})
	good := KeyState{Presented: true, Known: true, Perms: PermSetOf([]string{PermSendEmail})}
	with := func(f func(k *KeyState)) KeyState { k := good; f(&k); return k }
	home := netip.MustParseAddr("198.51.100.7")
	cases := []struct {
		name    string
		key     KeyState
		ip      netip.Addr
		need    string
		tat     int64
		want    Status
		all     []Status
		http    int
		code    string
		remains int64
	}{
		{"admitted", good, home, PermSendEmail, full, Allowed, nil, 200, "", 1},
		{"no key", KeyState{}, home, PermSendEmail, full, MissingKey, []Status{MissingKey}, 401, "invalid_token", 2},
		{"unknown key", KeyState{Presented: true}, home, PermSendEmail, full, InvalidKey, []Status{InvalidKey}, 401, "invalid_token", 2},
		{"revoked", with(func(k *KeyState) { k.Revoked = true }), home, PermSendEmail, full, Revoked, []Status{Revoked}, 401, "key_revoked", 2},
		{"expired this instant", with(func(k *KeyState) { k.ExpiresAt = now }), home, PermSendEmail, full, Expired, []Status{Expired}, 401, "key_expired", 2},
		{"expires next second", with(func(k *KeyState) { k.ExpiresAt = now + int64(time.Second) }), home, PermSendEmail, full, Allowed, nil, 200, "", 1},
		{"outside the allow-list", with(func(k *KeyState) { k.Allow = office }), home, PermSendEmail, full, IPNotAllowed, []Status{IPNotAllowed}, 403, "ip_not_allowed", 2},
		{"inside the allow-list", with(func(k *KeyState) { k.Allow = office }), netip.MustParseAddr("203.0.113.9"), PermSendEmail, full, Allowed, nil, 200, "", 1},
		{"IPv4-mapped caller inside", with(func(k *KeyState) { k.Allow = office }), netip.MustParseAddr("::ffff:203.0.113.9"), PermSendEmail, full, Allowed, nil, 200, "", 1},
		{"no caller address", with(func(k *KeyState) { k.Allow = office }), netip.Addr{}, PermSendEmail, full, IPNotAllowed, []Status{IPNotAllowed}, 403, "ip_not_allowed", 2},
		{"wrong scope", good, home, PermReadContacts, full, InsufficientScope, []Status{InsufficientScope}, 403, "insufficient_permissions", 2},
		{"full access", with(func(k *KeyState) { k.Perms = PermSetOf([]string{FullAccess}) }), home, PermManageBilling, full, Allowed, nil, 200, "", 1},
		{"over the limit", good, home, PermSendEmail, empty, RateLimited, []Status{RateLimited}, 429, "rate_limit_exceeded", 0},
		{"revoked beats expired", with(func(k *KeyState) { k.Revoked, k.ExpiresAt = true, now-1 }), home, PermSendEmail, full, Revoked, []Status{Revoked}, 401, "key_revoked", 2},
		{"everything wrong, in order", with(func(k *KeyState) { k.ExpiresAt, k.Allow, k.Perms = now-1, office, 0 }), home, PermSendEmail, empty,
			Expired, []Status{Expired, IPNotAllowed, InsufficientScope, RateLimited}, 401, "key_expired", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Request{Key: c.key, IP: c.ip, Need: c.need, Now: now, Rate: rate, TAT: c.tat}
			d := Decide(&r)
			if d.Status != c.want || d.Status.HTTPStatus() != c.http || d.Status.Code() != c.code {
				t.Fatalf("Decide = %v (%d %q), want %v (%d %q)", d.Status, d.Status.HTTPStatus(), d.Status.Code(), c.want, c.http, c.code)
			}
			if d.Window.Remaining != c.remains || d.Window.Limit != 60 {
				t.Errorf("window %+v, want %d remaining of 60", d.Window, c.remains)
			}
			if (d.TAT != c.tat) != (c.want == Allowed) {
				t.Errorf("TAT moved %v for %v: only an admitted request takes from the limit", d.TAT != c.tat, c.want)
			}
			all := Refusals(&r)
			if !slices.Equal(all, c.all) {
				t.Errorf("Refusals = %v, want %v", all, c.all)
			}
			if len(all) > 0 && all[0] != d.Status {
				t.Errorf("first refusal %v differs from the decision %v", all[0], d.Status)
			}
		})
	}
}

// TestDecideUnknownRate: a caller that does not know the limit (the zero
// Rate) gets no rate-limit verdict, never a refusal.
func TestDecideUnknownRate(t *testing.T) {
	r := Request{Key: KeyState{Presented: true, Known: true, Perms: PermSetOf([]string{PermSendEmail})}, Need: PermSendEmail}
	if d := Decide(&r); d.Status != Allowed {
		t.Fatalf("Decide = %v", d.Status)
	}
	if got := Refusals(&r); got != nil {
		t.Fatalf("Refusals = %v", got)
	}
}

func TestDecideDoesNotAllocate(t *testing.T) {
	office, _, _ := ParseAllowList([]string{"203.0.113.0/24"})
	r := Request{Key: KeyState{Presented: true, Known: true, Allow: office, Perms: PermSetOf([]string{PermSendEmail})},
		IP: netip.MustParseAddr("203.0.113.9"), Need: PermSendEmail, Now: 1, Rate: NewRate(60, 100)}
	if n := testing.AllocsPerRun(100, func() { _ = Decide(&r) }); n != 0 {
		t.Fatalf("Decide allocates %v times per call", n)
	}
}

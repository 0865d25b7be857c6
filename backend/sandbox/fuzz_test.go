package sandbox

import (
	"encoding/json"
	"net/netip"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

func FuzzParseAllowList(f *testing.F) {
	for _, s := range []string{"203.0.113.0/24", "198.51.100.5", "::1", "2001:db8::/32", "10.0.0.0/33", "300.1.1.1",
		"fe80::1%eth0", "", " 1.2.3.4 ", "1.2.3.4/0", "::ffff:1.2.3.4", "1.2.3.4,5.6.7.8", "a/b/c",
		// issue 10: an IPv4-mapped range was stored as given and never matched
		"::ffff:127.0.0.0/104", "::ffff:0.0.0.0/64", "::ffff:1.2.3.4/128", "::ffff:10.0.0.0/95"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		entries := strings.Split(s, ",")
		list, canon, err := apikey.ParseAllowList(entries)
		if err != nil {
			if !strings.Contains(err.Error(), "is not a valid IP address or CIDR range") && !strings.Contains(err.Error(), "has an invalid prefix length") && !strings.Contains(err.Error(), "at most") &&
				!strings.Contains(err.Error(), "IPv4-mapped range wider than the IPv4 space") {
				t.Fatalf("unclear error %q", err)
			}
			return
		}
		// The canonical form parses back to the same list.
		list2, canon2, err := apikey.ParseAllowList(canon)
		if err != nil || len(list2) != len(list) || strings.Join(canon2, ",") != strings.Join(canon, ",") {
			t.Fatalf("canonical %v does not round-trip: %v %v", canon, canon2, err)
		}
		for _, p := range list {
			if p.Addr().Is4In6() {
				t.Fatalf("%v kept an IPv4-mapped range; IPv4 callers would never match it", canon)
			}
			if !list.Allows(p.Addr()) {
				t.Fatalf("%v does not allow its own %v", canon, p.Addr())
			}
		}
		if len(list) == 0 && !list.Allows(netip.MustParseAddr("192.0.2.1")) {
			t.Fatal("empty list must allow all")
		}
	})
}

func FuzzCreateKeyBody(f *testing.F) {
	f.Add(`{"name":"Prod","environment":"live","permissions":["send_email"]}`)
	f.Add(`{"name":"Prod","environment":"test","permissions":["full_access"],"allowed_ips":["10.0.0.0/8"],"expires_at":"2030-01-01T00:00:00Z"}`)
	f.Add(`{"name":"","permissions":[]}`)
	f.Add(`{"name":"x","colour":"red"}`)
	f.Add(`{"name": 5}`)
	f.Add(`{"name":"x","permissions":["send_email"],"expires_at":"yesterday"}`)
	f.Add(`[1,2,3]`)
	f.Add(`{"name":"x"`)
	f.Add("\x00\xff")
	f.Add(``)
	// issue 10's bad input
	f.Add(`{"name":"x","environment":"live","permissions":["send_email"],"expires_at":"2026-03-02T10:00:00.5Z"}`)
	f.Add(`{"name":"x","environment":"live","permissions":["send_email"],"expires_at":"2026-03-02T10:00:59Z"}`)
	f.Add(`{"name":"x","environment":"live","permissions":["send_email"],"expires_at":"31/01/2027"}`)
	f.Add(`{"name":"x","environment":"live","permissions":["send_email"],"expires_at":1769850000}`)
	f.Add(`{"name":null,"environment":"live","permissions":["send_email"]}`)
	f.Add(`{"name":"x","environment":"live","permissions":null}`)
	f.Add(`{"name":"x","environment":"live","permissions":["send_email",null]}`)
	f.Add(`{"name":"x","environment":"live","permissions":["a","b","c","d","e","f","g","h"]}`)
	f.Add(`{"name":"x","environment":"live","permissions":["send_email"],"allowed_ips":["::ffff:127.0.0.0/104"]}`)
	f.Add(`{"name":"x","environment":"live","permissions":["send_email"],"description":"` + strings.Repeat("é", 300) + `"}`)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string) {
		var req wire.CreateKeyRequest
		if ae := parseJSON([]byte(body), &req); ae != nil {
			if ae.Status != 400 || (ae.Code != wire.CodeInvalidJSON && ae.Code != wire.CodeInvalidRequest) || ae.Message == "" {
				t.Fatalf("bad refusal %+v", ae)
			}
			if ae.Code == wire.CodeInvalidRequest && len(ae.Fields) == 0 {
				t.Fatalf("invalid_request without fields: %+v", ae)
			}
			plainAnswer(t, ae, len(body))
			return
		}
		rec, fields := validateCreate(&req, now)
		if len(fields) > 0 {
			plainAnswer(t, invalid(fields), len(body))
			return
		}
		// Whatever passes is a key we are willing to store.
		if n := len([]rune(rec.Name)); n < 1 || n > 50 || len(rec.Permissions) == 0 || (rec.Environment != "live" && rec.Environment != "test") {
			t.Fatalf("accepted %+v", rec)
		}
		if rec.ExpiresAt != nil && rec.ExpiresAt.Sub(now) < apikey.MinExpiryAhead-time.Second {
			t.Fatalf("accepted an expiry less than a minute ahead: %v", rec.ExpiresAt)
		}
		for _, p := range rec.AllowedIPs {
			if strings.HasPrefix(p, "::ffff:") {
				t.Fatalf("stored an IPv4-mapped entry %s", p)
			}
		}
		if _, _, err := apikey.ParseAllowList(rec.AllowedIPs); err != nil {
			t.Fatalf("accepted bad allow-list %v", rec.AllowedIPs)
		}
	})
}

// plainAnswer checks a refusal speaks plainly and stays small: no Go time
// layout, no echo of the whole input.
func plainAnswer(t *testing.T, ae *wire.APIError, in int) {
	t.Helper()
	b, _ := json.Marshal(ae)
	if strings.Contains(string(b), "2006-01-02") || strings.Contains(string(b), "parsing time") {
		t.Fatalf("Go layout in %s", b)
	}
	if len(b) > 4096 && len(b) > in {
		t.Fatalf("answer of %d bytes for %d bytes in", len(b), in)
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"a@example.com", "Bob <bob@example.com>", "a@b", "@example.com", "",
		// issue 10: a 10,000-character local part was accepted
		strings.Repeat("l", 10_000) + "@example.com", strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 65) + "@example.com",
		"a@" + strings.Repeat("d", 249) + ".com", "é@example.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addr, err := parseAddress(s)
		if err != nil {
			if utf8.RuneCountInString(err.Error()) > 200 {
				t.Fatalf("error of %d characters", len(err.Error()))
			}
			return
		}
		at := strings.LastIndexByte(addr, '@')
		if at < 0 || utf8.RuneCountInString(addr[:at]) > maxLocalPart || utf8.RuneCountInString(addr) > maxAddress {
			t.Fatalf("accepted %q", addr)
		}
	})
}

package sandbox

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
)

func FuzzParseAllowList(f *testing.F) {
	for _, s := range []string{"203.0.113.0/24", "198.51.100.5", "::1", "2001:db8::/32", "10.0.0.0/33", "300.1.1.1",
		"fe80::1%eth0", "", " 1.2.3.4 ", "1.2.3.4/0", "::ffff:1.2.3.4", "1.2.3.4,5.6.7.8", "a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		entries := strings.Split(s, ",")
		list, canon, err := ParseAllowList(entries)
		if err != nil {
			if !strings.Contains(err.Error(), "is not a valid IP address or CIDR range") && !strings.Contains(err.Error(), "at most") {
				t.Fatalf("unclear error %q", err)
			}
			return
		}
		// The canonical form parses back to the same list.
		list2, canon2, err := ParseAllowList(canon)
		if err != nil || len(list2) != len(list) || strings.Join(canon2, ",") != strings.Join(canon, ",") {
			t.Fatalf("canonical %v does not round-trip: %v %v", canon, canon2, err)
		}
		for _, p := range list {
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
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string) {
		var req platform.CreateKeyRequest
		if ae := parseJSON([]byte(body), &req); ae != nil {
			if ae.Status != 400 || (ae.Code != platform.CodeInvalidJSON && ae.Code != platform.CodeInvalidRequest) || ae.Message == "" {
				t.Fatalf("bad refusal %+v", ae)
			}
			if ae.Code == platform.CodeInvalidRequest && len(ae.Fields) == 0 {
				t.Fatalf("invalid_request without fields: %+v", ae)
			}
			return
		}
		rec, fields := validateCreate(&req, now)
		if len(fields) > 0 {
			return
		}
		// Whatever passes is a key we are willing to store.
		if n := len([]rune(rec.Name)); n < 1 || n > 50 || len(rec.Permissions) == 0 || (rec.Environment != "live" && rec.Environment != "test") {
			t.Fatalf("accepted %+v", rec)
		}
		if rec.ExpiresAt != nil && !rec.ExpiresAt.After(now) {
			t.Fatalf("accepted past expiry %v", rec.ExpiresAt)
		}
		if _, _, err := ParseAllowList(rec.AllowedIPs); err != nil {
			t.Fatalf("accepted bad allow-list %v", rec.AllowedIPs)
		}
	})
}

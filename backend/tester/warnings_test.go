package tester

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

func codes(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

func TestWarnings(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	local := net.ParseIP("127.0.0.1")
	ok := wire.Key{Name: "ok", Status: "active", Permissions: []string{"send_email"}, ExpiresAt: &future}
	cases := []struct {
		name string
		key  func(k wire.Key) wire.Key
		need string
		want []string
	}{
		{"fine", func(k wire.Key) wire.Key { return k }, "send_email", nil},
		{"no permission needed", func(k wire.Key) wire.Key { return k }, "", nil},
		{"wrong scope", func(k wire.Key) wire.Key { k.Permissions = []string{"read_contacts"}; return k }, "send_email", []string{"insufficient_permissions"}},
		{"full access", func(k wire.Key) wire.Key { k.Permissions = []string{"full_access"}; return k }, "delete_contacts", nil},
		{"revoked", func(k wire.Key) wire.Key { k.Status, k.RevokedAt = "revoked", &past; return k }, "send_email", []string{"key_revoked"}},
		{"expired by status", func(k wire.Key) wire.Key { k.Status = "expired"; return k }, "send_email", []string{"key_expired"}},
		{"expired by date", func(k wire.Key) wire.Key { k.ExpiresAt = &past; return k }, "send_email", []string{"key_expired"}},
		{"ip restricted", func(k wire.Key) wire.Key { k.AllowedIPs = []string{"203.0.113.0/24", "198.51.100.5"}; return k }, "send_email", []string{"ip_not_allowed"}},
		{"ip allowed by cidr", func(k wire.Key) wire.Key { k.AllowedIPs = []string{"127.0.0.0/8"}; return k }, "send_email", nil},
		{"ip allowed exactly", func(k wire.Key) wire.Key { k.AllowedIPs = []string{"127.0.0.1"}; return k }, "send_email", nil},
		{"everything wrong", func(k wire.Key) wire.Key {
			k.Status, k.AllowedIPs, k.Permissions = "revoked", []string{"10.0.0.1"}, nil
			return k
		}, "send_email", []string{"key_revoked", "ip_not_allowed", "insufficient_permissions"}},
	}
	for _, c := range cases {
		got := codes(Warnings(c.key(ok), c.need, local, now, RateSeen{}))
		if len(got) != len(c.want) {
			t.Errorf("%s: got %v want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: got %v want %v", c.name, got, c.want)
			}
		}
	}
}

func TestOutboundIP(t *testing.T) {
	ip, err := OutboundIP("http://127.0.0.1:8787")
	if err != nil || !ip.Equal(net.ParseIP("127.0.0.1")) {
		t.Fatalf("loopback: %v %v", ip, err)
	}
	ip, err = OutboundIP("http://localhost:8787")
	if err != nil || !ip.IsLoopback() {
		t.Fatalf("localhost: %v %v", ip, err)
	}
}

// TestWarningsRateLimit: with the limit last seen spent, the warning says
// when a request will pass again; a refilled or unknown limit says nothing.
func TestWarningsRateLimit(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	k := wire.Key{Name: "ok", Status: "active", Permissions: []string{"send_email"}}
	local := net.ParseIP("127.0.0.1")
	spent := RateSeen{Limit: 60, Burst: 100, Remaining: 0, At: now}
	ws := Warnings(k, "send_email", local, now, spent)
	if len(ws) != 1 || ws[0].Code != "rate_limit_exceeded" || !strings.Contains(ws[0].Message, "60 requests a minute") || !strings.Contains(ws[0].Message, "for 1 second ") {
		t.Fatalf("spent: %+v", ws)
	}
	if ws := Warnings(k, "send_email", local, now.Add(time.Second), spent); len(ws) != 0 {
		t.Fatalf("a second later one request passes: %+v", ws)
	}
	if ws := Warnings(k, "send_email", local, now, RateSeen{}); len(ws) != 0 {
		t.Fatalf("unknown limit: %+v", ws)
	}
}

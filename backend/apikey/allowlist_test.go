package apikey

import (
	"net/netip"
	"strings"
	"testing"
)

func TestAllowList(t *testing.T) {
	list, canon, err := ParseAllowList([]string{" 203.0.113.7 ", "10.0.0.0/8", "::ffff:192.0.2.0/120", "2001:db8::/32", "10.0.0.0/8"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(canon, ","); got != "203.0.113.7,10.0.0.0/8,192.0.2.0/24,2001:db8::/32" {
		t.Fatalf("canonical %s", got)
	}
	for ip, want := range map[string]bool{
		"203.0.113.7": true, "203.0.113.8": false, "10.9.8.7": true, "::ffff:10.1.1.1": true,
		"192.0.2.200": true, "2001:db8::1": true, "2001:db9::1": false,
	} {
		a := netip.MustParseAddr(ip)
		if list.Allows(a) != want || AllowListOf(canon).Allows(a) != want {
			t.Errorf("%s allowed = %v/%v, want %v", ip, list.Allows(a), AllowListOf(canon).Allows(a), want)
		}
	}
	if !AllowListOf(nil).Allows(netip.MustParseAddr("198.51.100.1")) || !AllowList(nil).Allows(netip.MustParseAddr("198.51.100.1")) {
		t.Error("an empty list must allow every IP")
	}
	for _, bad := range []string{"1.2.3", "fe80::1%eth0", "::ffff:0.0.0.0/80", "a/b"} {
		if _, _, err := ParseAllowList([]string{bad}); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestGrants(t *testing.T) {
	cases := []struct {
		perms    []string
		required string
		want     bool
	}{
		{nil, "", true},
		{[]string{"read_contacts"}, "read_contacts", true},
		{[]string{"read_contacts"}, "send_email", false},
		{[]string{FullAccess}, "manage_billing", true},
		{[]string{FullAccess}, "a_permission_added_later", true},
	}
	for _, c := range cases {
		if got := Grants(c.perms, c.required); got != c.want {
			t.Errorf("Grants(%v, %q) = %v", c.perms, c.required, got)
		}
	}
}

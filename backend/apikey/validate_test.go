package apikey

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckName(t *testing.T) {
	for _, c := range []struct{ in, clean, problem string }{
		{"  CI deploy_key-1 ", "CI deploy_key-1", ""},
		{"", "", MsgNameInvalid},
		{"   ", "", MsgNameInvalid},
		{strings.Repeat("n", 50), strings.Repeat("n", 50), ""},
		{strings.Repeat("n", 51), strings.Repeat("n", 51), MsgNameInvalid},
		{"bad/name", "bad/name", MsgNameChars},
		{"café", "café", MsgNameChars}, // ASCII only
	} {
		clean, problem := CheckName(c.in)
		if clean != c.clean || problem != c.problem {
			t.Errorf("CheckName(%q) = %q, %q; want %q, %q", c.in, clean, problem, c.clean, c.problem)
		}
	}
	if _, p := CheckDescription(strings.Repeat("é", 500)); p != "" {
		t.Errorf("500 characters: %q", p)
	}
	if _, p := CheckDescription(strings.Repeat("é", 501)); p != MsgDescriptionLong {
		t.Errorf("501 characters: %q", p)
	}
	if CheckEnvironment("live") != "" || CheckEnvironment("prod") != MsgEnvironment {
		t.Error("environment")
	}
}

func TestCheckPermissions(t *testing.T) {
	for _, c := range []struct {
		in      []string
		out     []string
		problem string
	}{
		{nil, nil, MsgSelectPermission},
		{[]string{PermReadInbox, PermSendEmail, PermSendEmail}, []string{PermSendEmail, PermReadInbox}, ""},
		{[]string{"send_mail"}, nil, `Unknown permission: "send_mail"`},
		{[]string{"a", "b", "c", "d", "e", "f", "g", "a"}, nil, `Unknown permissions: "a", "b", "c", "d", "e" and 2 more`},
		{[]string{strings.Repeat("x", 45)}, nil, `Unknown permission: "` + strings.Repeat("x", 40) + `…"`},
	} {
		out, problem := CheckPermissions(c.in)
		if !slices.Equal(out, c.out) || problem != c.problem {
			t.Errorf("CheckPermissions(%v) = %v, %q; want %v, %q", c.in, out, problem, c.out, c.problem)
		}
	}
}

func TestCheckExpiry(t *testing.T) {
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		-time.Hour: MsgExpiryTooSoon, 0: MsgExpiryTooSoon, 59 * time.Second: MsgExpiryTooSoon, time.Minute: "", 24 * time.Hour: "",
	} {
		if got := CheckExpiry(now.Add(d), now); got != want {
			t.Errorf("now%+v: %q, want %q", d, got, want)
		}
	}
}

func TestCheckAllowList(t *testing.T) {
	canon, p := CheckAllowList(SplitAllowList("203.0.113.7, 10.0.0.0/8\n\n ::ffff:192.0.2.0/120"))
	if p != "" || !slices.Equal(canon, []string{"203.0.113.7", "10.0.0.0/8", "192.0.2.0/24"}) {
		t.Fatalf("good list: %v %q", canon, p)
	}
	if canon, p := CheckAllowList(nil); p != "" || canon == nil || len(canon) != 0 {
		t.Fatalf("empty list: %#v %q", canon, p)
	}
	_, p = CheckAllowList([]string{"nope", "10.0.0.1", "10.0.0.0/33", "2001:db8::/129", "10.0.0.1/", "fe80::1%eth0"})
	want := strings.Join([]string{
		`"nope" is not a valid IP address or CIDR range`,
		`"10.0.0.0/33" has an invalid prefix length (0-32)`,
		`"2001:db8::/129" has an invalid prefix length (0-128)`,
		`"10.0.0.1/" has an invalid prefix length (0-32)`,
		`"fe80::1%eth0" is not a valid IP address or CIDR range`,
	}, "\n")
	if p != want {
		t.Fatalf("every bad entry, one per line:\n%s\nwant\n%s", p, want)
	}
	if _, p := CheckAllowList(make([]string, 101)); p != "at most 100 entries are allowed" {
		t.Fatalf("too many: %q", p)
	}
	if got := SplitAllowList(" a,b  c\r\nd\t"); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
		t.Fatalf("split %v", got)
	}
}

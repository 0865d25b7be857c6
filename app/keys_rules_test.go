package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

func ptr[T any](v T) *T { return &v }

// TestKeysCheck: the form's checks are the platform's, with its words, and
// only the fields given are checked.
func TestKeysCheck(t *testing.T) {
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	k := &Keys{clock: func() time.Time { return now }}
	cases := []struct {
		name   string
		draft  KeyDraft
		fields map[string]string
		ips    []string
	}{
		{"nothing given", KeyDraft{}, map[string]string{}, []string{}},
		{"fine", KeyDraft{Name: ptr(" CI key "), Permissions: ptr([]string{"send_email"}), ExpiresAt: ptr("2027-01-31T23:59:59Z"),
			AllowedIPs: ptr("203.0.113.0/24,\n198.51.100.5")}, map[string]string{}, []string{"203.0.113.0/24", "198.51.100.5"}},
		{"empty name", KeyDraft{Name: ptr("  ")}, map[string]string{"name": apikey.MsgNameInvalid}, []string{}},
		{"bad characters", KeyDraft{Name: ptr("ci/cd")}, map[string]string{"name": apikey.MsgNameChars}, []string{}},
		{"no permission", KeyDraft{Permissions: ptr([]string{})}, map[string]string{"permissions": apikey.MsgSelectPermission}, []string{}},
		{"past date", KeyDraft{ExpiresAt: ptr("2026-12-31T23:59:59Z")}, map[string]string{"expires_at": apikey.MsgExpiryTooSoon}, []string{}},
		{"no date yet", KeyDraft{ExpiresAt: ptr("")}, map[string]string{"expires_at": apikey.MsgExpiryMissing}, []string{}},
		{"bad entries named one per line", KeyDraft{AllowedIPs: ptr("10.0.0.1\nnope\n10.0.0.0/33")},
			map[string]string{"allowed_ips": `"nope" is not a valid IP address or CIDR range` + "\n" + `"10.0.0.0/33" has an invalid prefix length (0-32)`},
			[]string{"10.0.0.1", "nope", "10.0.0.0/33"}},
	}
	for _, c := range cases {
		got, err := k.Check(c.draft)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got.Fields) != len(c.fields) {
			t.Errorf("%s: fields %v, want %v", c.name, got.Fields, c.fields)
		}
		for f, want := range c.fields {
			if got.Fields[f] != want {
				t.Errorf("%s: %s = %q, want %q", c.name, f, got.Fields[f], want)
			}
		}
		if !slices.Equal(got.AllowedIPs, c.ips) {
			t.Errorf("%s: entries %q, want %q", c.name, got.AllowedIPs, c.ips)
		}
	}
}

func TestKeysMaskGrantsPresetsPlans(t *testing.T) {
	k := &Keys{}
	if m, _ := k.Mask(" pm_live_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6 "); m != "pm_live_a1b...o5p6" {
		t.Errorf("mask %q", m)
	}
	if m, _ := k.Mask("short"); m != "****" {
		t.Errorf("a short credential is hidden whole: %q", m)
	}
	got, _ := k.Grants([]string{"read_contacts"}, []string{"read_contacts", "send_email", ""})
	if !slices.Equal(got, []bool{true, false, false}) {
		t.Errorf("grants %v", got)
	}
	got, _ = k.Grants([]string{"full_access"}, []string{"manage_billing", "added_later"})
	if !slices.Equal(got, []bool{true, true}) {
		t.Errorf("full_access grants %v", got)
	}
	ps, _ := k.Presets()
	if len(ps) != 3 || ps[0].Label != "Read only" || !slices.Contains(ps[0].Permissions, "read_inbox") {
		t.Errorf("presets %+v", ps)
	}
	plans, _ := (&Usage{}).Plans()
	if len(plans) != 3 || plans[0].Name != "starter" || plans[0].Next.Name != "professional" || plans[2].Next != nil {
		t.Errorf("plans %+v", plans)
	}
}

// TestKeysIdentifyAndDocsMatch: on the real platform, a pasted secret is
// found as its key without the secret being kept, and a path is matched to
// its documented operation.
func TestKeysIdentifyAndDocsMatch(t *testing.T) {
	url, _ := testerPlatform(t)
	a := testerApp(t, url, t.TempDir())
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", testerPW); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session.Sudo(testerPW); err != nil {
		t.Fatal(err)
	}
	made, err := a.Keys.Create(wire.CreateKeyRequest{Name: "pasted", Environment: "test", Permissions: []string{"send_email"}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.Keys.Identify("  " + made.APIKey + "\n")
	if err != nil || id.KeyID != made.Key.KeyID || id.Name != "pasted" || id.Masked != made.Key.MaskedKey || id.Problem != "" {
		t.Fatalf("identify: %+v %v", id, err)
	}
	other, _ := apikey.GenerateKey("test")
	if id, err := a.Keys.Identify(other); err != nil || id.KeyID != "" || id.Problem != "" {
		t.Fatalf("a secret of no key: %+v %v", id, err)
	}
	if id, err := a.Keys.Identify("sk_live_123"); err != nil || id.Problem != "A PenguinMails key starts with pm_live_ or pm_test_" {
		t.Fatalf("not a key: %+v %v", id, err)
	}
	for _, c := range []struct{ method, path, tmpl, perm string }{
		{"post", url + "/api/v1/emails/send?x=1", "/emails/send", "send_email"},
		{"DELETE", "/api/v1/contacts/x%40y.z", "/contacts/{email}", "delete_contacts"},
		{"GET", "/contacts", "/contacts", "read_contacts"},
	} {
		m, err := a.Docs.Match(c.method, c.path)
		if err != nil || !m.Found || m.Path != c.tmpl || m.RequiredPermission != c.perm || m.Method != strings.ToUpper(c.method) {
			t.Errorf("%s %s: %+v %v", c.method, c.path, m, err)
		}
	}
	if m, _ := a.Docs.Match("GET", "/api/v1/contacts/x/y"); m.Found {
		t.Errorf("an undocumented path matched %+v", m)
	}
}

package app

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/tester"
)

// uiAnswersFile holds Go's own answers to the key-domain methods the UI
// calls (and Tester.ParseCurl, which reads a pasted key with them), for the
// inputs the UI's unit tests use: Vitest fakes Go at the
// transport with them (src/test/goAnswers.ts) instead of a copy of the
// rules. Regenerate with UPDATE_UI_ANSWERS=1 go test ./app -run TestUIAnswers.
const uiAnswersFile = "../frontend/src/test/goAnswers.json"

// The inputs the UI tests type or pick.
var (
	uiNames = []string{"", "   ", strings.Repeat("x", 51), "CI runner", "Dup", "Enter key", "Production backend", "Production server", "Renamed",
		"ci/cd", "A key"}
	uiAllowLists = []string{"", "198.51.100.5\n10.0.0.0/33\nnope", "198.51.100.5\n10.0.0.0/8", "300.1.1.1", "203.0.113.0/24",
		"203.0.113.0/24\n198.51.100.5", "10.0.0.1", "198.51.100.5"}
	uiSecrets = []string{"pm_test_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgXYZ123",
		"pm_live_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u_1a2b3c", "pm_test_secret", uiIssuedKey}
	// uiIssuedKey is well formed (its checksum holds), as a key the platform
	// issued would be.
	uiIssuedKey = "pm_test_7nx7_LEbuwmoDTzrsiFk7T7IoJ0o0-21dUQGiUrsIjU3ydE9c"
	// The cURL commands the UI tests import.
	uiCurls = []string{
		"curl -X POST http://127.0.0.1:8787/api/v1/contacts -d '{}'",
		"curl http://127.0.0.1:8787/api/v1/contacts -H 'Authorization: Bearer " + uiIssuedKey + "'",
		"curl http://127.0.0.1:8787/api/v1/contacts -H 'Authorization: Bearer pm_test_7nx...dE9c'",
	}
	uiPermissionSets = [][]string{{}, {"send_email"}, {"read_contacts"}, {"send_email", "read_contacts"}, {"full_access"},
		{"manage_billing"}, {"read_campaigns"}}
)

type uiAnswers struct {
	Names       map[string]string        `json:"names"`
	Permissions map[string]string        `json:"permissions"` // by the ids joined with ","
	AllowLists  map[string]KeyDraftCheck `json:"allowed_ips"`
	// Expiry is the problem with no date, with one less than a minute ahead
	// and with one further ahead (the fake tells them apart by the clock).
	Expiry  map[string]string   `json:"expiry"`
	Masks   map[string]string   `json:"masks"`
	Grants  map[string][]string `json:"grants"` // by the ids joined with ",": every catalog permission they grant
	Presets []apikey.Preset     `json:"presets"`
	Plans   []PlanInfo          `json:"plans"`
	About   any                 `json:"jobs_about"`
	// Curls are Tester.ParseCurl's answers, by command.
	Curls map[string]*tester.Request `json:"curls"`
}

func TestUIAnswers(t *testing.T) {
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	k := &Keys{clock: func() time.Time { return now }}
	a := uiAnswers{Names: map[string]string{}, Permissions: map[string]string{}, AllowLists: map[string]KeyDraftCheck{},
		Expiry: map[string]string{}, Masks: map[string]string{}, Grants: map[string][]string{}}
	field := func(d KeyDraft, f string) string {
		c, err := k.Check(d)
		if err != nil {
			t.Fatal(err)
		}
		return c.Fields[f]
	}
	for _, n := range uiNames {
		a.Names[n] = field(KeyDraft{Name: &n}, "name")
	}
	var all []string
	for _, c := range apikey.Categories {
		for _, p := range c.Permissions {
			all = append(all, p.ID)
		}
	}
	for _, ps := range append(uiPermissionSets, all) {
		key := strings.Join(ps, ",")
		a.Permissions[key] = field(KeyDraft{Permissions: &ps}, "permissions")
		needs := append(append([]string{}, all...), "")
		granted, _ := k.Grants(ps, needs)
		a.Grants[key] = []string{}
		for i, g := range granted {
			if g {
				a.Grants[key] = append(a.Grants[key], needs[i])
			}
		}
	}
	for _, l := range uiAllowLists {
		c, _ := k.Check(KeyDraft{AllowedIPs: &l})
		a.AllowLists[l] = c
	}
	for name, at := range map[string]string{"none": "", "soon": now.Add(30 * time.Second).Format(time.RFC3339), "later": now.Add(48 * time.Hour).Format(time.RFC3339)} {
		a.Expiry[name] = field(KeyDraft{ExpiresAt: &at}, "expires_at")
	}
	for _, s := range uiSecrets {
		a.Masks[s], _ = k.Mask(s)
	}
	if _, ok := apikey.ParseKey(uiIssuedKey); !ok {
		t.Fatalf("%s is not a well-formed key", uiIssuedKey)
	}
	a.Curls = map[string]*tester.Request{}
	for _, c := range uiCurls {
		r, err := (&Tester{}).ParseCurl(c)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		a.Curls[c] = r
	}
	a.Presets, _ = k.Presets()
	a.Plans, _ = (&Usage{}).Plans()
	a.About, _ = (&Jobs{}).About()

	want, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if os.Getenv("UPDATE_UI_ANSWERS") != "" {
		if err := os.WriteFile(uiAnswersFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(uiAnswersFile)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s is not Go's answers (%v): run UPDATE_UI_ANSWERS=1 go test ./app -run TestUIAnswers", uiAnswersFile, err)
	}
}

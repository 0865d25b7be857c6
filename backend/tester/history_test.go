package tester

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/cache"
)

const secret = "pm_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgXYZ123"

func TestHistoryMasksSearchesAndSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	db, err := cache.Open(dir, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h := NewHistory(db, func() time.Time { clock = clock.Add(time.Second); return clock })
	req := Request{Method: "POST", URL: "http://127.0.0.1:1/api/v1/emails/send?key=" + secret, KeyID: "key_1",
		Headers: []Header{{"Authorization", "Bearer " + secret}, {"X-Sudo-Token", "sudo-token-value"}},
		Body:    `{"to":"a@b.c","note":"` + secret + `"}`}
	first, err := h.Add(req, &Response{Status: 202, Body: `{"echo":"` + secret + `"}`,
		Headers: []Header{{"X-Echo", secret}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Add(Request{Method: "GET", URL: "/api/v1/contacts"}, &Response{Status: 403, Body: `{"error":"insufficient_permissions"}`}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Add(Request{Method: "GET", URL: "/api/v1/campaigns"}, nil, errors.New("Could not connect")); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = cache.Open(dir, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// no secret anywhere in the database, in any form
	raw := ""
	db.Scan([]byte(""), false, func(k, v []byte) error { raw += string(k) + string(v); return nil })
	if strings.Contains(raw, secret) || strings.Contains(raw, "sudo-token-value") || strings.Contains(raw, secret[8:]) {
		t.Fatal("a secret reached the history")
	}
	h = NewHistory(db, nil)
	all, err := h.List("", 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("list after restart: %v %v", all, err)
	}
	if all[0].URL != "/api/v1/campaigns" || all[0].Error == "" || all[2].ID != first.ID {
		t.Fatalf("not newest first: %+v", all)
	}
	got, err := h.Get(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	masked := apikey.Mask(secret)
	if masked != "pm_live_AbC...Z123" || got.Request.Headers[0].Value != "Bearer "+masked ||
		!strings.Contains(got.Request.URL, masked) || !strings.Contains(got.Response.Body, masked) || got.KeyMasked != masked {
		t.Fatalf("reopened entry: %+v", got)
	}
	for q, want := range map[string]int{"403": 1, "emails send": 1, "POST": 1, "connect": 1, "get api": 2, "nothing-like-this": 0} {
		if l, _ := h.List(q, 0); len(l) != want {
			t.Errorf("search %q: %d results, want %d", q, len(l), want)
		}
	}
	if err := h.Clear(); err != nil {
		t.Fatal(err)
	}
	if l, _ := h.List("", 0); len(l) != 0 {
		t.Fatalf("cleared history still has %d", len(l))
	}
	if _, err := h.Get(first.ID); !errors.Is(err, ErrEntryNotFound) {
		t.Fatalf("get after clear: %v", err)
	}
}

func TestHistoryKeepsTheNewest(t *testing.T) {
	db, _ := cache.Open("", cache.Options{InMemory: true})
	defer db.Close()
	clock := time.Unix(1e9, 0)
	h := NewHistory(db, func() time.Time { clock = clock.Add(time.Millisecond); return clock })
	h.Max = 3
	for _, p := range []string{"/a", "/b", "/c", "/d", "/e"} {
		h.Add(Request{Method: "GET", URL: p}, &Response{Status: 200}, nil)
	}
	l, _ := h.List("", 0)
	if len(l) != 3 || l[0].URL != "/e" || l[2].URL != "/c" {
		t.Fatalf("%+v", l)
	}
}

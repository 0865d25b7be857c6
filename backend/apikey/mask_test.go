package apikey

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"pm_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_xc0ffee": "pm_live_AbC...ffee",
		"pm_test_abcdefghijkl":   "pm_test_abc...ijkl",
		"pm_test_short":          "pm_test_...",
		"sk_someone_elses_token": "sk_...oken",
		"hunter2":                "****",
		"":                       "****",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsMasked(t *testing.T) {
	k, _ := GenerateKey("live")
	for in, want := range map[string]bool{
		Mask(k):                      true,
		"pm_live_a1b...o5p6":         true,
		"pm_test_...":                true,
		k:                            false,
		"pm_live_a1b...o5p6x":        false, // not a form Mask makes
		"pm_live_a1b.....o5p6":       false,
		"pm_live_.......":            false,
		"sk_...oken":                 false, // masked, but not a PenguinMails key
		"pm_live_AbCdEfGhIjKlMnOpQr": false,
		"":                           false,
	} {
		if got := IsMasked(in); got != want {
			t.Errorf("IsMasked(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestMaskAll(t *testing.T) {
	k, _ := GenerateKey("live")
	in := `{"key":"` + k + `","url":"/x?api_key=pm_test_0123456789abcdef"}`
	out := MaskAll(in)
	if strings.Contains(out, k[11:len(k)-4]) || strings.Contains(out, "456789ab") {
		t.Fatalf("secret left: %s", out)
	}
	if !strings.Contains(out, Mask(k)) || !strings.Contains(out, "pm_test_012...cdef") {
		t.Fatalf("masked forms missing: %s", out)
	}
	if s := "no keys here"; MaskAll(s) != s {
		t.Fatal("text without keys changed")
	}
	if FindSecret("Bearer "+k) != k || FindSecret("pm_live_a1b...o5p6") != "" {
		t.Fatal("FindSecret")
	}
}

func TestRedact(t *testing.T) {
	in := "Bearer pm_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_x_c0ffee and pm_test_short12345, masked pm_live_a1b...o5p6"
	out := Redact(in)
	if strings.Contains(out, "AbCdEf") || strings.Contains(out, "short12345") {
		t.Fatalf("secret left: %s", out)
	}
	if !strings.Contains(out, "pm_live_a1b...o5p6") {
		t.Fatalf("the masked form must survive: %s", out)
	}
}

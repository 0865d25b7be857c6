package apikey

import (
	"strings"
	"testing"
)

func TestKeyFormat(t *testing.T) {
	for _, env := range []string{"live", "test"} {
		k, err := GenerateKey(env)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := ParseKey(k); !ok || got != env {
			t.Fatalf("ParseKey(%s fresh) = %q,%v", env, got, ok)
		}
		if !strings.HasPrefix(k, "pm_"+env+"_") || len(k) != keyLen {
			t.Fatalf("bad shape %d", len(k))
		}
		m := Mask(k)
		if m != k[:11]+"..."+k[len(k)-4:] || strings.Contains(m, k[11:len(k)-4]) {
			t.Fatalf("mask %q", m)
		}
		// Every single-character change is refused by the checksum or the alphabet.
		for i := len(PrefixLive); i < len(k); i++ {
			b := []byte(k)
			if b[i] == 'A' {
				b[i] = 'B'
			} else {
				b[i] = 'A'
			}
			if _, ok := ParseKey(string(b)); ok {
				t.Fatalf("forged key with char %d changed accepted", i)
			}
		}
		if _, ok := ParseKey(k[:len(k)-1]); ok {
			t.Fatal("truncated key accepted")
		}
	}
}

func FuzzParseKey(f *testing.F) {
	k, _ := GenerateKey("live")
	f.Add(k)
	f.Add(k[:20])
	f.Add("pm_test_")
	f.Add("")
	f.Add(strings.Repeat("A", keyLen))
	f.Add("pm_live_" + strings.Repeat("\xff", secretLen))
	f.Fuzz(func(t *testing.T, s string) {
		env, ok := ParseKey(s)
		if !ok {
			return
		}
		if env != "live" && env != "test" || len(s) != keyLen {
			t.Fatalf("accepted %q as %q", s, env)
		}
		body := s[len(PrefixLive) : len(PrefixLive)+bodyLen]
		if checksum(s[:len(PrefixLive)], body) != s[len(PrefixLive)+bodyLen:] {
			t.Fatalf("accepted bad checksum %q", s)
		}
	})
}

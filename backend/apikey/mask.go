package apikey

import (
	"regexp"
	"strings"
)

// maskMinSecret is the shortest secret part that is shown as first 3 + last
// 4 characters; anything shorter would reveal most of itself and is hidden
// whole.
const maskMinSecret = 12

// secretText finds key secrets anywhere in text (a header, a URL, a JSON
// body, an answer echoing a key, a log line). Four characters after the
// prefix are enough to count: a truncated secret is still hidden, while a
// masked form ("pm_live_a1b...o5p6") has only 3 and is left as it is.
var secretText = regexp.MustCompile(`pm_(?:live|test)_[A-Za-z0-9_\-]{4,}`)

// Mask is the masked form the platform shows (SPEC §2.3): the prefix, the
// first 3 characters of the secret, "...", the last 4 — pm_live_a1b...o5p6.
// A credential without a PenguinMails prefix is masked the same way; one
// too short to mask is hidden whole.
func Mask(s string) string {
	prefix := ""
	if strings.HasPrefix(s, PrefixLive) || strings.HasPrefix(s, PrefixTest) {
		prefix = s[:len(PrefixLive)]
	}
	rest := s[len(prefix):]
	if len(rest) < maskMinSecret {
		if prefix == "" {
			return "****"
		}
		return prefix + "..."
	}
	return prefix + rest[:3] + "..." + rest[len(rest)-4:]
}

// IsMasked reports whether s is the masked form Mask gives a PenguinMails
// key (pm_live_a1b...o5p6, or pm_live_... for one too short to show): text
// copied from a log or a shared snippet that can never authenticate.
func IsMasked(s string) bool {
	if !strings.HasPrefix(s, PrefixLive) && !strings.HasPrefix(s, PrefixTest) {
		return false
	}
	rest := s[len(PrefixLive):]
	if rest == "..." {
		return true
	}
	return len(rest) == 3+3+4 && rest[3:6] == "..." && !strings.Contains(rest[:3]+rest[6:], ".")
}

// MaskAll replaces every key secret in s with its masked form.
func MaskAll(s string) string {
	if !strings.Contains(s, "pm_") {
		return s
	}
	return secretText.ReplaceAllStringFunc(s, Mask)
}

// FindSecret returns the first key secret in s, or "".
func FindSecret(s string) string { return secretText.FindString(s) }

// Redact replaces every key secret in s with its prefix and "[REDACTED]":
// what the logger and error texts keep, which reveals nothing of the secret.
func Redact(s string) string {
	if !strings.Contains(s, "pm_") {
		return s
	}
	return secretText.ReplaceAllStringFunc(s, func(m string) string {
		return m[:len(PrefixLive)] + "[REDACTED]"
	})
}

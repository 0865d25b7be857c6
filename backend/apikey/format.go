package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"hash/crc32"
	"strings"
)

// Key secrets look like GitHub's tokens: a prefix saying what they are, a
// random body, and a checksum tail, so a truncated or forged key is refused
// offline, before any lookup:
//
//	pm_live_ + base64url(32 random bytes, 43 chars) + base62(crc32(prefix+body), 6 chars)
const (
	PrefixLive   = "pm_live_"
	PrefixTest   = "pm_test_"
	secretBytes  = 32
	bodyLen      = 43 // base64url, no padding, of 32 bytes
	checksumLen  = 6  // base62 of a uint32 fits in 6 chars
	secretLen    = bodyLen + checksumLen
	keyLen       = len(PrefixLive) + secretLen
	base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// Hash is the SHA-256 of a full key secret: the only form stored.
type Hash [sha256.Size]byte

// GenerateKey returns a fresh secret for the environment ("live" or "test").
func GenerateKey(env string) (string, error) {
	var raw [secretBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	prefix := PrefixLive
	if env == "test" {
		prefix = PrefixTest
	}
	body := base64.RawURLEncoding.EncodeToString(raw[:])
	return prefix + body + checksum(prefix, body), nil
}

func checksum(prefix, body string) string {
	n := crc32.ChecksumIEEE([]byte(prefix + body))
	var out [checksumLen]byte
	for i := checksumLen - 1; i >= 0; i-- {
		out[i] = base62Digits[n%62]
		n /= 62
	}
	return string(out[:])
}

// ParseKey checks a presented key offline: prefix, length, alphabet and
// checksum. It returns the environment, or ok=false for anything that cannot
// be a key we issued. It does not allocate for well-formed input except the
// checksum computation on the stack.
func ParseKey(key string) (env string, ok bool) {
	if len(key) != keyLen {
		return "", false
	}
	switch key[:len(PrefixLive)] {
	case PrefixLive:
		env = "live"
	case PrefixTest:
		env = "test"
	default:
		return "", false
	}
	body := key[len(PrefixLive) : len(PrefixLive)+bodyLen]
	tail := key[len(PrefixLive)+bodyLen:]
	for i := 0; i < len(body); i++ {
		if !isB64URL(body[i]) {
			return "", false
		}
	}
	// The last char of 43 base64url chars carries only 4 bits of the 256;
	// a canonical encoding has its low 2 bits zero.
	if strings.IndexByte(base64urlAlphabet, body[bodyLen-1])&3 != 0 {
		return "", false
	}
	var buf [keyLen]byte // on the stack: no allocation per verification
	copy(buf[:], key)
	n := crc32.ChecksumIEEE(buf[:len(PrefixLive)+bodyLen])
	for i := checksumLen - 1; i >= 0; i-- {
		if tail[i] != base62Digits[n%62] {
			return "", false
		}
		n /= 62
	}
	return env, true
}

const base64urlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func isB64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// HashKey is the stored form of a secret.
func HashKey(key string) Hash {
	if len(key) == keyLen { // the usual case, hashed from a stack copy
		var buf [keyLen]byte
		copy(buf[:], key)
		return sha256.Sum256(buf[:])
	}
	return sha256.Sum256([]byte(key))
}

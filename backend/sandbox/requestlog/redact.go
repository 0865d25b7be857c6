package requestlog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/penguinmails/console/backend/apikey"
)

// MaxBody is how much of each body the log keeps.
const MaxBody = 16 << 10

// Redacted replaces the value of every field whose name looks like a secret.
const Redacted = "[REDACTED]"

// secretName matches field and header names whose values must never be kept.
var secretName = regexp.MustCompile(`(?i)password|passwd|token|secret|api[_-]?key|authorization|credential|private[_-]?key|cookie`)

// SecretName tells whether a field or header name looks like it holds a
// secret. Names repeat (the same headers and fields on every request), so
// answers are remembered rather than matched again on the gateway's path.
func SecretName(name string) bool {
	if v, ok := secretNames.Load(name); ok {
		return v.(bool)
	}
	v := secretName.MatchString(name)
	if secretNamesN.Add(1) <= maxSecretNames { // bounded: names come from callers
		secretNames.Store(name, v)
	}
	return v
}

var (
	secretNames  sync.Map
	secretNamesN atomic.Int64
)

const maxSecretNames = 4096

// Body turns a captured body into what the log keeps: JSON with the values
// of secret-like fields replaced and key secrets masked, at most MaxBody
// bytes. A body that is not JSON is kept as a JSON string; one that does not
// fit is kept as a string of its first MaxBody bytes, and truncated is true.
func Body(raw []byte) (out json.RawMessage, truncated bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, false
	}
	if len(raw) <= MaxBody && nothingToRedact(raw) && utf8.Valid(raw) {
		var buf bytes.Buffer
		buf.Grow(len(raw))
		if json.Compact(&buf, raw) == nil {
			return buf.Bytes(), false
		}
	}
	var text []byte
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err == nil && !dec.More() {
		if b, err := json.Marshal(redact(v)); err == nil {
			if len(b) <= MaxBody {
				return b, false
			}
			text = b
		}
	}
	if text == nil {
		if !utf8.Valid(raw) {
			s, _ := json.Marshal(fmt.Sprintf("[%d bytes of binary data]", len(raw)))
			return s, false
		}
		text = []byte(apikey.MaskAll(string(raw)))
	}
	if len(text) > MaxBody {
		cut := MaxBody
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text, truncated = text[:cut], true
	}
	s, _ := json.Marshal(string(text))
	return s, truncated
}

// secretWords are what secretName matches, lower case: a body holding none
// of them (in any case) and no "pm_" has no field to redact and no key to
// mask, so Body keeps it as sent (compacted) without decoding it — the
// usual case, on the gateway's path. An escape could spell a name in a way
// the bytes don't show ("passw\u006frd"), so a body with a backslash takes
// the decoding path, and so does one that is not UTF-8 (decoding mends it).
var secretWords = [...]string{"password", "passwd", "token", "secret", "api", "authorization", "credential", "private", "cookie"}

func nothingToRedact(raw []byte) bool {
	if bytes.IndexByte(raw, '\\') >= 0 || bytes.Contains(raw, []byte("pm_")) {
		return false
	}
	var lower [256]byte
	for len(raw) > 0 { // in chunks that overlap by a word's length, lower-cased on the stack
		n := copy(lower[:], raw)
		chunk := lower[:n]
		for i, c := range chunk {
			if 'A' <= c && c <= 'Z' {
				chunk[i] = c + 'a' - 'A'
			}
		}
		for _, w := range secretWords {
			if bytes.Contains(chunk, []byte(w)) {
				return false
			}
		}
		if n == len(raw) {
			break
		}
		raw = raw[n-len("authorization")+1:]
	}
	return true
}

func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if SecretName(k) {
				if val != nil {
					x[k] = Redacted
				}
				continue
			}
			x[k] = redact(val)
		}
	case []any:
		for i := range x {
			x[i] = redact(x[i])
		}
	case string:
		return apikey.MaskAll(x)
	}
	return v
}

// requestHeaderValue is what the log keeps of a request header: the API key
// in Authorization keeps only its masked form, other secret-like headers are
// replaced, and key secrets anywhere else are masked.
func requestHeaderValue(k string, vs []string) string {
	v := joinValues(vs)
	switch {
	case strings.EqualFold(k, "Authorization"):
		scheme, tok, ok := strings.Cut(v, " ")
		if ok && strings.EqualFold(scheme, "bearer") {
			return "Bearer " + apikey.Mask(strings.TrimSpace(tok))
		}
		return Redacted
	case SecretName(k):
		return Redacted
	}
	return apikey.MaskAll(v)
}

// responseHeaderValue is what the log keeps of an answer's header.
func responseHeaderValue(k string, vs []string) string {
	if SecretName(k) {
		return Redacted
	}
	return joinValues(vs)
}

func joinValues(vs []string) string {
	if len(vs) == 1 {
		return vs[0]
	}
	return strings.Join(vs, ", ")
}

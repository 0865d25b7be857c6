package requestlog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
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

// RequestHeaders keeps a request's headers with secrets masked: the API key
// in Authorization keeps only its masked form, other secret-like headers are
// replaced.
func RequestHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		v := ""
		if len(vs) == 1 {
			v = vs[0]
		} else {
			v = strings.Join(vs, ", ")
		}
		switch {
		case strings.EqualFold(k, "Authorization"):
			scheme, tok, ok := strings.Cut(v, " ")
			if ok && strings.EqualFold(scheme, "bearer") {
				v = "Bearer " + apikey.Mask(strings.TrimSpace(tok))
			} else {
				v = Redacted
			}
		case SecretName(k):
			v = Redacted
		default:
			v = apikey.MaskAll(v)
		}
		out[k] = v
	}
	return out
}

// ResponseHeaders keeps a response's headers.
func ResponseHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		switch {
		case SecretName(k):
			out[k] = Redacted
		case len(vs) == 1:
			out[k] = vs[0]
		default:
			out[k] = strings.Join(vs, ", ")
		}
	}
	return out
}

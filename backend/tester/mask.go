package tester

import (
	"regexp"
	"strings"
)

// secretRe finds PenguinMails key secrets anywhere in text (a header, a
// URL, a JSON body, an answer echoing a key).
var secretRe = regexp.MustCompile(`pm_(?:live|test)_[A-Za-z0-9_\-]{8,}`)

// MaskSecret is the masked form the platform shows (SPEC §2.3): the prefix,
// the first 3 characters of the secret, "...", the last 4.
func MaskSecret(s string) string {
	for _, p := range []string{"pm_live_", "pm_test_"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if len(rest) <= 7 {
				return p + "..."
			}
			return p + rest[:3] + "..." + rest[len(rest)-4:]
		}
	}
	if len(s) <= 8 {
		return "****"
	}
	return s[:3] + "..." + s[len(s)-4:]
}

// MaskSecrets replaces every key secret in s with its masked form.
func MaskSecrets(s string) string {
	return secretRe.ReplaceAllStringFunc(s, MaskSecret)
}

// credentialHeaders carry credentials whatever their format; their values
// are masked even when they are not PenguinMails keys (a pasted key of the
// wrong shape is still somebody's secret).
var credentialHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "x-api-key": true,
	"x-sudo-token": true, "cookie": true, "set-cookie": true,
}

func maskHeaders(hs []Header) []Header {
	out := make([]Header, len(hs))
	for i, h := range hs {
		v := MaskSecrets(h.Value)
		if credentialHeaders[strings.ToLower(h.Name)] && v == h.Value {
			scheme, cred, ok := strings.Cut(v, " ")
			if ok && (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "Basic")) {
				v = scheme + " " + MaskSecret(cred)
			} else {
				v = MaskSecret(v)
			}
		}
		out[i] = Header{Name: h.Name, Value: v}
	}
	return out
}

// MaskRequest returns a copy of req with no secret left in it.
func MaskRequest(req Request) Request {
	req.Key = ""
	req.URL = MaskSecrets(req.URL)
	req.Headers = maskHeaders(req.Headers)
	req.Body = MaskSecrets(req.Body)
	return req
}

// MaskResponse returns a copy of resp with no secret left in it.
func MaskResponse(resp *Response) *Response {
	if resp == nil {
		return nil
	}
	c := *resp
	c.Headers = maskHeaders(resp.Headers)
	c.Body = MaskSecrets(resp.Body)
	return &c
}

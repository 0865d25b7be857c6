package tester

import (
	"slices"
	"strings"

	"github.com/penguinmails/console/backend/apikey"
)

// CredentialHeaders carry credentials whatever their format (lower case,
// sorted): their values are masked even when they are not PenguinMails keys
// (a pasted key of the wrong shape is still somebody's secret). Set-Cookie is
// an answer's header, but its value is a session all the same. It is the one
// list: scripts/tsgen writes it into the UI's types.gen.ts, where the tester
// shows these headers as password fields and drops them from a kept draft.
var CredentialHeaders = []string{
	"authorization", "cookie", "proxy-authorization", "set-cookie", "x-api-key", "x-sudo-token",
}

// isCredentialHeader reports whether a header of this name (any case) holds
// a credential.
func isCredentialHeader(name string) bool {
	_, ok := slices.BinarySearch(CredentialHeaders, strings.ToLower(name))
	return ok
}

func maskHeaders(hs []Header) []Header {
	out := make([]Header, len(hs))
	for i, h := range hs {
		v := apikey.MaskAll(h.Value)
		if isCredentialHeader(h.Name) && v == h.Value {
			scheme, cred, ok := strings.Cut(v, " ")
			if ok && (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "Basic")) {
				v = scheme + " " + apikey.Mask(cred)
			} else {
				v = apikey.Mask(v)
			}
		}
		out[i] = Header{Name: h.Name, Value: v}
	}
	return out
}

// MaskRequest returns a copy of req with no secret left in it.
func MaskRequest(req Request) Request {
	req.Key = ""
	req.URL = apikey.MaskAll(req.URL)
	req.Headers = maskHeaders(req.Headers)
	req.Body = apikey.MaskAll(req.Body)
	return req
}

// MaskResponse returns a copy of resp with no secret left in it.
func MaskResponse(resp *Response) *Response {
	if resp == nil {
		return nil
	}
	c := *resp
	c.Headers = maskHeaders(resp.Headers)
	c.Body = apikey.MaskAll(resp.Body)
	return &c
}

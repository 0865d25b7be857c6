package tester

import (
	"strings"

	"github.com/penguinmails/console/backend/apikey"
)

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
		v := apikey.MaskAll(h.Value)
		if credentialHeaders[strings.ToLower(h.Name)] && v == h.Value {
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

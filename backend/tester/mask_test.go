package tester

import (
	"slices"
	"strings"
	"testing"
)

// The list is searched by binary search here and compared in lower case by
// the UI (which gets it as written, through scripts/tsgen): it must stay
// sorted, lower case and without repeats.
func TestCredentialHeadersAreSortedLowerCase(t *testing.T) {
	if !slices.IsSorted(CredentialHeaders) || len(slices.Compact(slices.Clone(CredentialHeaders))) != len(CredentialHeaders) {
		t.Fatalf("CredentialHeaders %q: not sorted or has repeats", CredentialHeaders)
	}
	for _, h := range CredentialHeaders {
		if h != strings.ToLower(strings.TrimSpace(h)) {
			t.Errorf("%q is not a lower-case header name", h)
		}
	}
}

// Every listed header has its value masked in a recorded request and answer,
// whatever the case of its name, and other headers are kept as sent.
func TestEveryCredentialHeaderIsMasked(t *testing.T) {
	const value = "opaque-session-value-0123456789"
	for _, name := range CredentialHeaders {
		for _, spelled := range []string{name, strings.ToUpper(name)} {
			hs := []Header{{spelled, value}, {"X-Trace", value}}
			req := MaskRequest(Request{Headers: hs})
			resp := MaskResponse(&Response{Headers: hs})
			for _, got := range [][]Header{req.Headers, resp.Headers} {
				if got[0].Value == value || strings.Contains(got[0].Value, "session-value") {
					t.Errorf("%s: kept as %q", spelled, got[0].Value)
				}
				if got[1].Value != value {
					t.Errorf("X-Trace beside %s: %q, want it as sent", spelled, got[1].Value)
				}
			}
		}
	}
}

package platform

import (
	"errors"
	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCheckResponseDecodesEveryErrorAnswer(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header map[string]string
		body   string
		want   wire.APIError
	}{
		{"validation", 400, nil, `{"error":"invalid_request","message":"Some fields are not valid","fields":{"name":"Name must be 1-50 characters"}}`,
			wire.APIError{Status: 400, Code: wire.CodeInvalidRequest, Message: "Some fields are not valid", Fields: map[string]string{"name": apikey.MsgNameInvalid}}},
		// Every 409 keeps the answer's own code and words.
		{"409 already revoked", 409, nil, `{"error":"already_revoked","message":"This key has already been revoked and cannot be used."}`,
			wire.APIError{Status: 409, Code: wire.CodeAlreadyRevoked, Message: wire.MsgKeyRevoked}},
		{"409 too many previous secrets", 409, nil, `{"error":"too_many_previous_secrets","message":"This key already has 3 previous secrets in their grace period."}`,
			wire.APIError{Status: 409, Code: wire.CodeTooManyPreviousSecrets, Message: "This key already has 3 previous secrets in their grace period."}},
		{"409 a code the console does not know yet", 409, nil, `{"error":"rotation_in_progress","message":"Another rotation of this key is under way."}`,
			wire.APIError{Status: 409, Code: "rotation_in_progress", Message: "Another rotation of this key is under way."}},
		{"409 without a code is no revocation", 409, nil, `conflict`,
			wire.APIError{Status: 409, Code: wire.CodeConflict, Message: "Conflict"}},
		{"rate limited, retry in body", 429, nil, `{"error":"rate_limit_exceeded","message":"Rate limit exceeded. Upgrade plan for higher limits.","retry_after":7,"upgrade_url":"https://penguinmails.test/plans"}`,
			wire.APIError{Status: 429, Code: wire.CodeRateLimitExceeded, Message: wire.MsgRateLimitExceeded, RetryAfter: 7, UpgradeURL: "https://penguinmails.test/plans"}},
		{"rate limited, retry in header only", 429, map[string]string{"Retry-After": "12"}, `{"error":"rate_limit_exceeded","message":"Rate limit exceeded. Upgrade plan for higher limits."}`,
			wire.APIError{Status: 429, Code: wire.CodeRateLimitExceeded, Message: wire.MsgRateLimitExceeded, RetryAfter: 12}},
		{"scope", 403, nil, `{"error":"insufficient_permissions","message":"Insufficient permissions. Update key permissions in settings.","required":["send_email"]}`,
			wire.APIError{Status: 403, Code: wire.CodeInsufficientPermissions, Message: wire.MsgInsufficientPermissions, Required: []string{"send_email"}}},
		{"not JSON (a proxy's page)", 502, nil, `<html>bad gateway</html>`,
			wire.APIError{Status: 502, Code: wire.CodeInternal, Message: "Bad Gateway"}},
		{"empty 404", 404, nil, ``,
			wire.APIError{Status: 404, Code: wire.CodeNotFound, Message: "Not Found"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c, _ := NewClient(srv.URL, time.Second)
			_, err := c.ListKeys(t.Context(), wire.KeyListQuery{})
			var ae *wire.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want *APIError, got %T %v", err, err)
			}
			if ae.Status != tc.want.Status || ae.Code != tc.want.Code || ae.Message != tc.want.Message ||
				ae.RetryAfter != tc.want.RetryAfter || ae.UpgradeURL != tc.want.UpgradeURL ||
				strings.Join(ae.Required, ",") != strings.Join(tc.want.Required, ",") ||
				len(ae.Fields) != len(tc.want.Fields) || ae.Fields["name"] != tc.want.Fields["name"] {
				t.Fatalf("got %+v\nwant %+v", *ae, tc.want)
			}
			if !errors.Is(err, &wire.APIError{Code: tc.want.Code}) {
				t.Fatal("errors.Is does not match on the code")
			}
		})
	}
}

func TestClientSendsAuthInOnePlace(t *testing.T) {
	var gotAuth, gotSudo, gotQuery string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotSudo, gotQuery = r.Header.Get("Authorization"), r.Header.Get("X-Sudo-Token"), r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"api_keys":[{"key_id":"key_1","name":"A","status":"active"}],"total":1}`))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL+"/", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken("sess-123")
	list, err := c.ListKeys(t.Context(), wire.KeyListQuery{Status: "active", Q: "bill ing", Sort: "name"})
	if err != nil || list.Total != 1 || list.APIKeys[0].KeyID != "key_1" {
		t.Fatalf("list: %+v %v", list, err)
	}
	if gotAuth != "Bearer sess-123" || gotSudo != "" {
		t.Fatalf("auth %q sudo %q", gotAuth, gotSudo)
	}
	if !strings.Contains(gotQuery, "status=active") || !strings.Contains(gotQuery, "q=bill+ing") || !strings.Contains(gotQuery, "sort=name") {
		t.Fatalf("query %q", gotQuery)
	}
	c.RevokeKey(t.Context(), "sudo-9", "key_1")
	if gotSudo != "sudo-9" {
		t.Fatalf("sudo header %q", gotSudo)
	}
}

func TestUnreachablePlatformIsNotAnAPIError(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	c, _ := NewClient("http://"+addr, time.Second)
	_, err := c.Me(t.Context())
	var ae *wire.APIError
	if !errors.Is(err, ErrUnreachable) || errors.As(err, &ae) {
		t.Fatalf("want ErrUnreachable, got %v", err)
	}
}

func TestNewClientRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "localhost:8787", "ftp://x", "http://"} {
		if _, err := NewClient(u, 0); err == nil || !strings.Contains(err.Error(), "not an http(s) URL") {
			t.Errorf("%q: %v", u, err)
		}
	}
}

func TestLiveURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8787":   "ws://127.0.0.1:8787/api/v1/tenant/analytics/api-usage/live",
		"https://api.example.com": "wss://api.example.com/api/v1/tenant/analytics/api-usage/live",
	} {
		c, _ := NewClient(in, 0)
		if got := c.LiveURL(); got != want {
			t.Errorf("%s: %s", in, got)
		}
	}
}

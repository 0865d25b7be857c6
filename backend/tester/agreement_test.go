package tester_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/tester"
	"github.com/penguinmails/console/backend/wire"
)

// TestWarningsAgreeWithTheGateway drives the real sandbox over HTTP: for
// keys of every status, allow-lists that include this machine or not,
// scopes that fit or not, and a rate limit full, spent and refilled, the
// first warning the tester predicts is the error the gateway answers, and no
// warning means the gateway lets the request through.
func TestWarningsAgreeWithTheGateway(t *testing.T) {
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := sandboxtest.NewClock(start)
	_, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: demoPassword, Plan: "starter", Clock: clock})
	c := sandboxtest.SignIn(t, url, sandboxtest.Admin, demoPassword)
	p := &realPlatform{URL: url, Client: c, Sudo: sandboxtest.Sudo(t, c, demoPassword)}
	ctx := context.Background()
	runner, err := tester.NewRunner(url)
	if err != nil {
		t.Fatal(err)
	}
	local, err := tester.OutboundIP(url)
	if err != nil {
		t.Fatal(err)
	}
	need := requiredPermissions(t, url)

	type made struct {
		secret string
		id     string
	}
	mk := func(req wire.CreateKeyRequest) made {
		s, k := p.createKey(t, req)
		return made{s, k.KeyID}
	}
	sender := mk(wire.CreateKeyRequest{Name: "sender", Permissions: []string{"send_email"}})
	reader := mk(wire.CreateKeyRequest{Name: "reader", Permissions: []string{"read_contacts"}})
	full := mk(wire.CreateKeyRequest{Name: "full", Permissions: []string{"full_access"}})
	office := mk(wire.CreateKeyRequest{Name: "office", Permissions: []string{"send_email"}, AllowedIPs: []string{"203.0.113.0/24"}})
	loopback := mk(wire.CreateKeyRequest{Name: "loopback", Permissions: []string{"send_email"}, AllowedIPs: []string{"127.0.0.0/8"}})
	mapped := mk(wire.CreateKeyRequest{Name: "mapped", Permissions: []string{"send_email"}, AllowedIPs: []string{"::ffff:127.0.0.1"}})
	revoked := mk(wire.CreateKeyRequest{Name: "revoked", Permissions: []string{"send_email"}})
	soon := start.Add(2 * time.Minute)
	expiring := mk(wire.CreateKeyRequest{Name: "expiring", Permissions: []string{"send_email"}, ExpiresAt: &soon})
	worst := mk(wire.CreateKeyRequest{Name: "worst", Permissions: []string{"read_contacts"}, AllowedIPs: []string{"198.51.100.1"}})
	for _, k := range []made{revoked, worst} {
		if _, err := c.RevokeKey(ctx, p.Sudo, k.id); err != nil {
			t.Fatal(err)
		}
	}

	send := tester.Request{Method: "POST", URL: "/api/v1/emails/send", Headers: []tester.Header{{Name: "Content-Type", Value: "application/json"}},
		Body: `{"to":"dev@example.com","subject":"Agreement","text_body":"hi"}`}
	list := tester.Request{Method: "GET", URL: "/api/v1/contacts"}
	add := tester.Request{Method: "POST", URL: "/api/v1/contacts", Headers: send.Headers, Body: `{"email":"new@example.com"}`}

	var seen tester.RateSeen // the limit as the last answer's headers showed it
	check := func(name string, k made, req tester.Request) string {
		t.Helper()
		key, err := c.GetKey(ctx, k.id)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ws := tester.Warnings(key.Key, need[req.Method+" "+req.URL], local, clock.Now(), seen)
		predicted := ""
		if len(ws) > 0 {
			predicted = ws[0].Code
		}
		req.Key = k.secret
		resp, err := runner.Send(ctx, req)
		if err != nil {
			t.Fatalf("%s: send: %v", name, err)
		}
		var body struct {
			Error string `json:"error"`
		}
		json.Unmarshal([]byte(resp.Body), &body)
		if body.Error != predicted || (predicted == "") != (resp.Status < 300) {
			t.Fatalf("%s: predicted %q (%v), the gateway answered %d %q", name, predicted, ws, resp.Status, body.Error)
		}
		seen = rateFromHeaders(t, resp.Headers, key.Key.Burst, clock.Now())
		return body.Error
	}

	cases := []struct {
		name string
		key  made
		req  tester.Request
		want string
	}{
		{"in scope", sender, send, ""},
		{"out of scope", reader, send, "insufficient_permissions"},
		{"in scope, reading", reader, list, ""},
		{"full access", full, add, ""},
		{"out of scope, writing", reader, add, "insufficient_permissions"},
		{"allow-list without this machine", office, send, "ip_not_allowed"},
		{"allow-list with this machine", loopback, send, ""},
		{"IPv4-mapped allow-list entry", mapped, send, ""},
		{"revoked", revoked, send, "key_revoked"},
		{"not expired yet", expiring, send, ""},
		{"revoked, outside the list and out of scope", worst, send, "key_revoked"},
	}
	for _, tc := range cases {
		if got := check(tc.name, tc.key, tc.req); got != tc.want {
			t.Fatalf("%s: the gateway answered %q, want %q", tc.name, got, tc.want)
		}
	}

	clock.Advance(3 * time.Minute)
	if got := check("expired", expiring, send); got != "key_expired" {
		t.Fatalf("expired: %q", got)
	}
	// Spend the plan's burst; each answer's headers feed the next prediction.
	for i := 0; seen.Remaining > 0; i++ {
		if i > 200 {
			t.Fatalf("the burst never ran out: %+v", seen)
		}
		check("spending the burst", reader, list)
	}
	if got := check("over the limit", reader, list); got != "rate_limit_exceeded" {
		t.Fatalf("over the limit: %q", got)
	}
	if got := check("over the limit, and out of scope", sender, list); got != "insufficient_permissions" {
		t.Fatalf("a scope refusal comes before the limit: %q", got)
	}
	clock.Advance(time.Second) // the starter plan refills one request a second
	if got := check("refilled", reader, list); got != "" {
		t.Fatalf("refilled: %q", got)
	}
	if got := check("spent again", reader, list); got != "rate_limit_exceeded" {
		t.Fatalf("spent again: %q", got)
	}
}

// requiredPermissions reads each gateway operation's permission from the
// platform's own document, keyed "METHOD /api/v1/path" with the test's
// concrete paths.
func requiredPermissions(t *testing.T, url string) map[string]string {
	t.Helper()
	c, err := platform.NewClient(url, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := c.OpenAPI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			var op struct {
				Perm string `json:"x-required-permission"`
			}
			if json.Unmarshal(raw, &op) != nil {
				continue // "parameters" and other members that are not operations
			}
			p := path
			if !strings.HasPrefix(p, "/api/v1") {
				p = "/api/v1" + p
			}
			out[strings.ToUpper(method)+" "+p] = op.Perm
		}
	}
	for _, k := range []string{"POST /api/v1/emails/send", "GET /api/v1/contacts", "POST /api/v1/contacts"} {
		if out[k] == "" {
			t.Fatalf("the document names no permission for %s", k)
		}
	}
	return out
}

func rateFromHeaders(t *testing.T, hs []tester.Header, burst int, at time.Time) tester.RateSeen {
	t.Helper()
	get := func(name string) int64 {
		for _, h := range hs {
			if strings.EqualFold(h.Name, name) {
				n, err := strconv.ParseInt(h.Value, 10, 64)
				if err != nil {
					t.Fatalf("%s: %q", name, h.Value)
				}
				return n
			}
		}
		t.Fatalf("no %s header in %v", name, hs)
		return 0
	}
	return tester.RateSeen{Limit: get("X-RateLimit-Limit"), Burst: int64(burst), Remaining: get("X-RateLimit-Remaining"), At: at}
}

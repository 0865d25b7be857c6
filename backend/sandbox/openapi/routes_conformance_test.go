package openapi_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/openapi"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// Every platform route answers as documented, success and main errors:
// sign-in, the session, sudo, the key lifecycle, the catalog, usage and its
// CSV, the live stream (upgrade, 429 too_many_streams, close code 4001 on
// sign-out), mail, security events, the document and the health check. At
// the end, every operation of the table has been seen succeeding.
func TestEveryRouteAnswersAsDocumented(t *testing.T) {
	clk := sandboxtest.NewClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	srv, base := sandboxtest.Start(t, sandbox.Config{DemoPassword: "openapi-test-pw", Clock: clk})
	c := newChecker(t, base)
	const pw = "openapi-test-pw"

	// public routes
	c.expect(c.callRoot("GET", "/healthz", "", nil), 200, "")
	c.expect(c.call("GET", "/openapi.json", "", nil), 200, "")
	c.expect(c.call("POST", "/auth/login", "", map[string]any{"email": "admin@demo.penguinmails.test", "password": "wrong"}), 401, wire.CodeInvalidCredentials)
	c.expect(c.call("POST", "/auth/login", "", map[string]any{"email": ""}), 400, wire.CodeInvalidRequest)
	c.expect(c.call("POST", "/auth/login", "", `{"email":`), 400, wire.CodeInvalidJSON)
	login := func(email string) string {
		a := c.call("POST", "/auth/login", "", map[string]any{"email": email, "password": pw})
		c.expect(a, 200, "")
		tok, _ := a.body["token"].(string)
		return tok
	}
	admin := login("admin@demo.penguinmails.test")
	support := login("support@demo.penguinmails.test")

	// the session and sudo
	c.expect(c.call("GET", "/auth/me", admin, nil), 200, "")
	c.expect(c.call("GET", "/auth/me", "pms_nope", nil), 401, wire.CodeUnauthorized)
	c.expect(c.call("POST", "/auth/sudo", admin, map[string]any{"password": "wrong"}), 401, wire.CodeInvalidCredentials)
	s := c.call("POST", "/auth/sudo", admin, map[string]any{"password": pw})
	c.expect(s, 200, "")
	sudo, _ := s.body["sudo_token"].(string)

	// keys: the lifecycle, with its refusals
	c.expect(c.call("GET", "/platform/api-keys/permissions", support, nil), 200, "")
	c.expect(c.call("POST", "/platform/api-keys", admin, map[string]any{"name": "no sudo", "environment": "test", "permissions": []string{"read_contacts"}}),
		403, wire.CodeSudoRequired)
	c.header = http.Header{"X-Sudo-Token": {sudo}}
	c.expect(c.call("POST", "/platform/api-keys", support, map[string]any{"name": "support", "environment": "test", "permissions": []string{"read_contacts"}}),
		403, wire.CodeForbidden)
	c.expect(c.call("POST", "/platform/api-keys", admin, map[string]any{"name": "", "environment": "test", "permissions": []string{}}),
		400, wire.CodeInvalidRequest)
	exp := clk.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)
	created := c.call("POST", "/platform/api-keys", admin, map[string]any{"name": "openapi lifecycle", "description": "conformance",
		"environment": "live", "permissions": []string{"read_contacts", "send_email"}, "expires_at": exp, "allowed_ips": []string{"127.0.0.1", "203.0.113.0/24"}})
	c.expect(created, 201, "")
	secret, _ := created.body["api_key"].(string)
	id, _ := created.body["key"].(map[string]any)["key_id"].(string)
	c.expect(c.call("GET", "/contacts", secret, nil), 200, "") // usage for the key's details and the analytics
	c.expect(c.call("POST", "/emails/send", secret, map[string]any{"to": "bad"}), 400, wire.CodeInvalidRequest)
	c.expect(c.call("POST", "/emails/send", secret, map[string]any{"to": "ada@example.com", "subject": "Hi", "text_body": "Hello"}), 202, "")
	c.expect(c.call("GET", "/platform/api-keys?status=active&sort=name&q=openapi", admin, nil), 200, "")
	c.expect(c.call("GET", "/platform/api-keys?status=sideways", admin, nil), 400, wire.CodeInvalidRequest)
	c.expect(c.call("GET", "/platform/api-keys/"+id, support, nil), 200, "")
	c.expect(c.call("GET", "/platform/api-keys/key_missing", admin, nil), 404, wire.CodeNotFound)
	c.expect(c.call("PATCH", "/platform/api-keys/"+id, admin, map[string]any{"name": "openapi renamed", "permissions": []string{"read_contacts"}}), 200, "")
	c.expect(c.call("PATCH", "/platform/api-keys/"+id, admin, map[string]any{"allowed_ips": []string{"300.1.1.1"}}), 400, wire.CodeInvalidRequest)
	c.expect(c.call("PATCH", "/platform/api-keys/"+id, admin, map[string]any{"never_expires": true}), 200, "")
	c.expect(c.call("DELETE", "/platform/api-keys/"+id, admin, nil), 200, "")
	c.expect(c.call("DELETE", "/platform/api-keys/"+id, admin, nil), 409, wire.CodeAlreadyRevoked)
	c.expect(c.call("DELETE", "/platform/api-keys/key_missing", admin, nil), 404, wire.CodeNotFound)
	c.expect(c.call("GET", "/contacts", secret, nil), 401, wire.CodeKeyRevoked) // a security event
	c.header = nil

	// usage, its CSV, mail, security events
	c.expect(c.call("GET", "/tenant/analytics/api-usage?range=1h", support, nil), 200, "")
	c.expect(c.call("GET", "/tenant/analytics/api-usage?range=30d&key_id="+id, admin, nil), 200, "")
	from, to := clk.Now().Add(-2*time.Hour).Format(time.RFC3339), clk.Now().Format(time.RFC3339)
	c.expect(c.call("GET", "/tenant/analytics/api-usage?from="+url.QueryEscape(from)+"&to="+url.QueryEscape(to), admin, nil), 200, "")
	c.expect(c.call("GET", "/tenant/analytics/api-usage?range=2y", admin, nil), 400, wire.CodeInvalidRequest)
	c.expect(c.call("GET", "/tenant/analytics/api-usage?key_id=key_missing", admin, nil), 404, wire.CodeNotFound)
	if a := c.call("GET", "/tenant/analytics/api-usage/errors.csv?range=24h", admin, nil); a.status != 200 || !strings.HasPrefix(a.header.Get("Content-Type"), "text/csv") {
		t.Errorf("errors.csv: %d %s", a.status, a.header.Get("Content-Type"))
	}
	c.expect(c.call("GET", "/platform/security-events", admin, nil), 200, "")
	c.expect(c.call("GET", "/platform/outbox", admin, nil), 200, "")
	c.expect(c.call("GET", "/platform/outbox", "", nil), 401, wire.CodeUnauthorized)

	// the live stream: 401 without a session, 101 with one (as a header or
	// ?token=), 429 for the 9th, close code 4001 on sign-out
	live := "/tenant/analytics/api-usage/live"
	upgrade := http.Header{"Connection": {"Upgrade"}, "Upgrade": {"websocket"}, "Sec-Websocket-Version": {"13"},
		"Sec-Websocket-Key": {"dGhlIHNhbXBsZSBub25jZQ=="}}
	c.header = upgrade
	c.expect(c.call("GET", live, "", nil), 401, wire.CodeUnauthorized)
	c.expect(c.call("GET", live+"?logs=1", support, nil), 101, "") // another session: admin's 8 streams stay free
	c.header = nil
	ws := "ws" + strings.TrimPrefix(base, "http") + "/api/v1" + live + "?token=" + url.QueryEscape(admin)
	var conns []*websocket.Conn
	for len(conns) < 8 {
		u := ws
		if len(conns) == 7 {
			u += "&logs=1" // the last one also tails the request log
		}
		conn, _, err := websocket.DefaultDialer.Dial(u, nil)
		if err != nil {
			t.Fatalf("stream %d: %v", len(conns)+1, err)
		}
		conns = append(conns, conn)
	}
	c.header = upgrade
	c.expect(c.call("GET", live+"?token="+url.QueryEscape(admin), "", nil), 429, wire.CodeTooManyStreams)
	c.header = nil
	checkLiveFrames(t, c, conns[len(conns)-1], func() {
		c.header = http.Header{"X-Sudo-Token": {sudo}}
		k := c.call("POST", "/platform/api-keys", admin, map[string]any{"name": "openapi live", "environment": "test", "permissions": []string{"read_contacts"}})
		c.header = nil
		secret, _ := k.body["api_key"].(string)
		c.expect(c.call("GET", "/contacts", secret, nil), 200, "")
	})
	c.expect(c.call("POST", "/auth/logout", admin, nil), 200, "")
	conns[0].SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err := conns[0].ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != 4001 {
				t.Errorf("after sign-out the stream ended with %v, want close code 4001", err)
			}
			break
		}
	}
	for _, conn := range conns {
		conn.Close()
	}
	c.expect(c.call("GET", "/auth/me", admin, nil), 401, wire.CodeUnauthorized)

	// every operation of the router's table was seen succeeding
	for _, r := range srv.Routes() {
		path := strings.TrimPrefix(r.Path, openapi.Prefix)
		ok := false
		for k := range c.seen {
			f := strings.Fields(k)
			if f[0] == r.Method && f[1] == path && (strings.HasPrefix(f[2], "2") || f[2] == "101") {
				ok = true
			}
		}
		if !ok && !seenElsewhere[r.OperationID] {
			t.Errorf("no successful answer of %s (%s %s) was checked", r.OperationID, r.Method, r.Path)
		}
	}
}

// checkLiveFrames reads the stream (which asked for ?logs=1) while a
// gateway request is made, until it has seen a tick and a log entry, and
// checks every frame against the document's LiveMessage schema.
func checkLiveFrames(t *testing.T, c *checker, conn *websocket.Conn, request func()) {
	t.Helper()
	schema := c.doc.Components.Schemas["LiveMessage"].Value
	seen := map[string]bool{}
	conn.SetReadDeadline(time.Now().Add(20 * time.Second)) // ticks come about once a second
	for i := 0; !(seen["tick"] && seen["log"]); i++ {
		if i == 1 {
			request() // after a first frame: the stream is surely subscribed
		}
		var frame any
		if err := conn.ReadJSON(&frame); err != nil {
			t.Fatalf("live stream after %v: %v", seen, err)
		}
		if err := schema.VisitJSON(frame); err != nil {
			t.Errorf("a live frame does not match LiveMessage: %v\n%v", err, frame)
		}
		typ, _ := frame.(map[string]any)["type"].(string)
		seen[typ] = true
	}
}

// seenElsewhere are operations whose answers the other conformance tests
// check (gateway_test.go, platform_test.go, keys_test.go).
var seenElsewhere = map[string]bool{
	"getEmail": true, "deleteContact": true, "createContact": true, "listCampaigns": true, "createCampaign": true,
	"getCampaignStats": true, "rotateKey": true, "sendNotification": true, "listRequestLog": true, "exportRequestLog": true,
	"getRequestLogEntry": true, "listAudit": true, "exportAudit": true, "getTenantSettings": true, "updateTenantSettings": true,
}

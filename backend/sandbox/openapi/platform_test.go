package openapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/openapi"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// The request log, audit and tenant settings routes answer as documented:
// pages, one entry, CSV, settings, and their errors.
func TestLogAndAuditAnswersMatchTheDocument(t *testing.T) {
	clk := sandboxtest.NewClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	_, base := sandboxtest.Start(t, sandbox.Config{DemoPassword: "openapi-test-pw", Clock: clk})
	hc := &http.Client{Timeout: 2 * time.Minute} // stops a hung test only; -race on a loaded CI machine is slow
	l := openapi3.NewLoader()
	doc, err := l.LoadFromData(openapi.JSON())
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = openapi3.Servers{{URL: base + "/api/v1"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	c := &checker{t: t, base: base, router: router, hc: hc, seen: map[string]bool{}}
	ctx := context.Background()
	pc, _ := platform.NewClient(base, 2*time.Minute)
	admin, err := pc.Login(ctx, "admin@demo.penguinmails.test", "openapi-test-pw")
	if err != nil {
		t.Fatal(err)
	}
	sudo, _ := pc.Sudo(ctx, "openapi-test-pw")
	k, err := pc.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{Name: "logs", Environment: "test", Permissions: []string{"read_contacts"}})
	if err != nil {
		t.Fatal(err)
	}
	c.call("GET", "/contacts", k.APIKey, nil)
	denied := c.call("POST", "/emails/send", k.APIKey, map[string]any{"to": "a@example.com", "subject": "s", "text_body": "b"})
	rid := denied.header.Get("X-Request-Id")
	tok := admin.Token

	page := c.call("GET", "/tenant/logs?limit=1", tok, nil)
	c.expect(page, 200, "")
	c.expect(c.call("GET", "/tenant/logs?cursor="+page.body["next_cursor"].(string), tok, nil), 200, "")
	c.expect(c.call("GET", "/tenant/logs?status=4xx&key_id="+k.Key.KeyID+"&method=POST&path=/emails&ip=127.0.0.1", tok, nil), 200, "")
	if a := c.call("GET", "/tenant/logs/"+rid, tok, nil); a.status != 200 || a.body["request_id"] != rid {
		t.Errorf("entry %s: %d %v", rid, a.status, a.body)
	}
	c.expect(c.call("GET", "/tenant/logs/req_00000000000000000000000000", tok, nil), 404, wire.CodeNotFound)
	c.expect(c.call("GET", "/tenant/logs?status=%3F%3F&limit=0", tok, nil), 400, wire.CodeInvalidRequest)
	c.expect(c.call("GET", "/tenant/logs", "", nil), 401, wire.CodeUnauthorized)
	c.expect(c.call("GET", "/tenant/audit?action=key_created", tok, nil), 200, "")
	c.expect(c.call("GET", "/tenant/audit?action=dance", tok, nil), 400, wire.CodeInvalidRequest)
	c.expect(c.call("GET", "/tenant/settings", tok, nil), 200, "")
	c.expect(c.call("PATCH", "/tenant/settings", tok, map[string]any{"log_bodies": false}), 200, "")
	support, _ := pc.Login(ctx, "support@demo.penguinmails.test", "openapi-test-pw")
	c.expect(c.call("PATCH", "/tenant/settings", support.Token, map[string]any{"log_bodies": true}), 403, wire.CodeForbidden)
	for _, p := range []string{"/tenant/logs.csv", "/tenant/audit.csv"} {
		a := c.call("GET", p, support.Token, nil)
		if a.status != 200 || a.header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Errorf("%s: %d %s", p, a.status, a.header.Get("Content-Type"))
		}
	}
}

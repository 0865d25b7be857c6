package openapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// Real rotation answers — with previous secrets, the 409 at the cap, a bad
// grace, no sudo — match the document.
func TestRotateAnswersMatchTheDocument(t *testing.T) {
	_, base := sandboxtest.Start(t, sandbox.Config{DemoPassword: "openapi-test-pw"})
	c := newChecker(t, base)
	pc := sandboxtest.SignIn(t, base, "admin@demo.penguinmails.test", "openapi-test-pw")
	ctx := context.Background()
	sudo, err := pc.Sudo(ctx, "openapi-test-pw")
	if err != nil {
		t.Fatal(err)
	}
	k, err := pc.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{Name: "openapi rotate", Environment: "test", Permissions: []string{"read_contacts"}})
	if err != nil {
		t.Fatal(err)
	}
	path := "/platform/api-keys/" + k.Key.KeyID + "/rotate"
	c.header = http.Header{"X-Sudo-Token": {sudo.SudoToken}}
	tok := pc.Token()

	c.expect(c.call("POST", path, tok, nil), 200, "") // no body: 24h
	for _, g := range []string{"1h", "7d"} {
		a := c.call("POST", path, tok, map[string]any{"grace": g})
		c.expect(a, 200, "")
		rot, _ := a.body["key"].(map[string]any)["rotation"].(map[string]any)
		if ps, _ := rot["previous_secrets"].([]any); g == "7d" && len(ps) != 3 {
			t.Fatalf("previous secrets after 3 rotations: %v", rot)
		}
	}
	c.expect(c.call("POST", path, tok, map[string]any{"grace": "24h"}), 409, wire.CodeTooManyPreviousSecrets)
	c.expect(c.call("POST", path, tok, map[string]any{"grace": "2h"}), 400, wire.CodeInvalidRequest)
	c.expect(c.call("POST", path, tok, map[string]any{"grace": "now"}), 200, "")
	c.expect(c.call("POST", "/platform/api-keys/key_missing/rotate", tok, nil), 404, wire.CodeNotFound)
	c.header = nil
	c.expect(c.call("POST", path, tok, nil), 403, wire.CodeSudoRequired)
}

// Real notification answers — sent (202), already sent (200), a bad
// Idempotency-Key (400) — match the document.
func TestNotificationAnswersMatchTheDocument(t *testing.T) {
	_, base := sandboxtest.Start(t, sandbox.Config{DemoPassword: "openapi-test-pw"})
	c := newChecker(t, base)
	tok := sandboxtest.SignIn(t, base, "admin@demo.penguinmails.test", "openapi-test-pw").Token()
	body := map[string]any{"kind": wire.NotifyErrorRate, "subject": "Error rate 12%", "body": "Requests are failing."}
	c.header = http.Header{wire.IdempotencyHeader: {"error_rate:2026-03-10T12:00:00Z"}}
	first := c.call("POST", "/platform/notifications", tok, body)
	c.expect(first, 202, "")
	again := c.call("POST", "/platform/notifications", tok, body)
	c.expect(again, 200, "")
	if again.body["id"] != first.body["id"] {
		t.Fatalf("a repeat answered %v, want the first answer %v", again.body, first.body)
	}
	c.header = http.Header{wire.IdempotencyHeader: {strings.Repeat("k", wire.MaxIdempotencyKey+1)}}
	c.expect(c.call("POST", "/platform/notifications", tok, body), 400, wire.CodeInvalidRequest)
	c.header = nil
	c.expect(c.call("POST", "/platform/notifications", tok, body), 202, "")
}

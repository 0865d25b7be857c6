package openapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
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
	k, err := pc.CreateKey(ctx, sudo.SudoToken, platform.CreateKeyRequest{Name: "openapi rotate", Environment: "test", Permissions: []string{"read_contacts"}})
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
	c.expect(c.call("POST", path, tok, map[string]any{"grace": "24h"}), 409, platform.CodeTooManyPreviousSecrets)
	c.expect(c.call("POST", path, tok, map[string]any{"grace": "2h"}), 400, platform.CodeInvalidRequest)
	c.expect(c.call("POST", path, tok, map[string]any{"grace": "now"}), 200, "")
	c.expect(c.call("POST", "/platform/api-keys/key_missing/rotate", tok, nil), 404, platform.CodeNotFound)
	c.header = nil
	c.expect(c.call("POST", path, tok, nil), 403, platform.CodeSudoRequired)
}

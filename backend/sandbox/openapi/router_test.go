package openapi_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/openapi"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
)

// The document served is the real router's table: every route the sandbox
// registered is documented with the same operation id, security, permission
// and roles, nothing else is documented, and the server answers every one of
// them (not the catch-all's 404 or 405).
func TestDocumentIsTheRoutersTable(t *testing.T) {
	srv, base := sandboxtest.Start(t, sandbox.Config{DemoPassword: "openapi-test-pw"})
	c := newChecker(t, base)
	doc := c.doc
	routes := srv.Routes()
	if len(routes) == 0 {
		t.Fatal("the router registered no routes")
	}
	documented := 0
	for _, item := range doc.Paths.Map() {
		documented += len(item.Operations())
	}
	if documented != len(routes) {
		t.Errorf("the document has %d operations, the router %d routes", documented, len(routes))
	}
	wantSecurity := map[openapi.Auth]string{
		openapi.AuthNone: "", openapi.AuthSession: "sessionAuth", openapi.AuthStream: "sessionAuth",
		openapi.AuthSudo: "sessionAuth+sudoToken", openapi.AuthKey: "bearerAuth",
	}
	params := regexp.MustCompile(`\{[^}]+\}`)
	for _, r := range routes {
		path := strings.TrimPrefix(r.Path, openapi.Prefix)
		item := doc.Paths.Value(path)
		var op *openapi3.Operation
		if item != nil {
			op = item.GetOperation(r.Method)
		}
		if op == nil {
			t.Errorf("%s %s is served but not documented", r.Method, r.Path)
			continue
		}
		if op.OperationID != r.OperationID {
			t.Errorf("%s %s: documented as %s, routed as %s", r.Method, r.Path, op.OperationID, r.OperationID)
		}
		var schemes []string
		for _, req := range *op.Security {
			for name := range req {
				schemes = append(schemes, name)
			}
		}
		slices.Sort(schemes)
		if got := strings.Join(schemes, "+"); got != wantSecurity[r.Auth] {
			t.Errorf("%s: security %q, the router checks %q", r.OperationID, got, wantSecurity[r.Auth])
		}
		if perm, _ := op.Extensions["x-required-permission"].(string); perm != r.Permission {
			t.Errorf("%s: documented permission %q, the router checks %q", r.OperationID, perm, r.Permission)
		}
		var roles []string
		if rs, ok := op.Extensions["x-allowed-roles"].([]any); ok {
			for _, role := range rs {
				roles = append(roles, role.(string))
			}
		}
		if !slices.Equal(roles, r.Roles) {
			t.Errorf("%s: documented roles %v, the router allows %v", r.OperationID, roles, r.Roles)
		}
		// The server answers it: without credentials every route is either
		// public or refused with 401, never unknown.
		req, _ := http.NewRequest(r.Method, base+params.ReplaceAllString(r.Path, "x"), nil)
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
			t.Errorf("%s %s: the server answers %d", r.Method, r.Path, resp.StatusCode)
		}
	}
}

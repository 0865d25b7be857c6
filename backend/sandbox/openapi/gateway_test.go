package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/openapi"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// checker sends real requests to the sandbox and checks every answer
// against the document.
type checker struct {
	t      *testing.T
	base   string
	router routers.Router
	hc     *http.Client
	seen   map[string]bool // "METHOD /path/template STATUS code"
	header http.Header     // sent with every request besides the key
	doc    *openapi3.T
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
}

func (c *checker) call(method, path, key string, body any) answer {
	c.t.Helper()
	return c.do(method, c.base+"/api/v1"+path, key, body)
}

// callRoot calls a route at the server's root (GET /healthz).
func (c *checker) callRoot(method, path, key string, body any) answer {
	c.t.Helper()
	return c.do(method, c.base+path, key, body)
}

func (c *checker) do(method, url, key string, body any) answer {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, url, rd)
	for k, v := range c.header {
		req.Header[k] = v
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, url, err)
	}
	var raw []byte
	if resp.StatusCode != http.StatusSwitchingProtocols { // a websocket: the body is the connection
		raw, _ = io.ReadAll(resp.Body)
	}
	resp.Body.Close()

	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Fatalf("%s %s: no route in the document: %v", method, url, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(raw)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		c.t.Errorf("%s %s → %d does not match the document: %v\nbody: %s", method, url, resp.StatusCode, err, raw)
	}
	a := answer{status: resp.StatusCode, header: resp.Header}
	json.Unmarshal(raw, &a.body)
	code, _ := a.body["error"].(string)
	c.seen[fmt.Sprintf("%s %s %d %s", method, route.Path, resp.StatusCode, code)] = true
	return a
}

func (c *checker) expect(a answer, status int, code string) {
	c.t.Helper()
	got, _ := a.body["error"].(string)
	if a.status != status || got != code {
		c.t.Errorf("answer %d %q, want %d %q (%v)", a.status, got, status, code, a.body)
	}
}

// newChecker loads the document the sandbox at base serves, as a client
// would, checks that it is valid and routes requests by it.
func newChecker(t *testing.T, base string) *checker {
	hc := &http.Client{Timeout: 2 * time.Minute} // stops a hung test only; -race on a loaded CI machine is slow
	resp, err := hc.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(served, openapi.JSON()) {
		t.Fatal("the sandbox does not serve openapi.JSON()")
	}
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	doc, err := l.LoadFromData(served)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc.Servers = openapi3.Servers{{URL: base + "/api/v1"}}
	for _, item := range doc.Paths.Map() {
		if len(item.Servers) > 0 { // the root routes (GET /healthz)
			item.Servers = openapi3.Servers{{URL: base}}
		}
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &checker{t: t, base: base, router: router, hc: hc, seen: map[string]bool{}, doc: doc}
}

func TestGatewayAnswersMatchTheDocument(t *testing.T) {
	clk := sandboxtest.NewClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	_, base := sandboxtest.Start(t, sandbox.Config{Plan: "starter", DemoPassword: "openapi-test-pw", Clock: clk})

	c := newChecker(t, base)

	// keys, through the session API
	ctx := context.Background()
	pc, err := platform.NewClient(base, 2*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pc.Login(ctx, "admin@demo.penguinmails.test", "openapi-test-pw"); err != nil {
		t.Fatal(err)
	}
	sudo, err := pc.Sudo(ctx, "openapi-test-pw")
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name string, perms []string, ips []string, exp *time.Time) *wire.CreateKeyResponse {
		k, err := pc.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{Name: name, Environment: "test",
			Permissions: perms, AllowedIPs: ips, ExpiresAt: exp})
		if err != nil {
			t.Fatalf("create key %s: %v", name, err)
		}
		return k
	}
	all := []string{"send_email", "read_contacts", "write_contacts", "delete_contacts", "read_campaigns", "write_campaigns", "read_analytics"}
	full := mk("openapi full", all, nil, nil).APIKey
	readOnly := mk("openapi read only", []string{"read_contacts"}, nil, nil).APIKey
	elsewhere := mk("openapi elsewhere", all, []string{"203.0.113.0/24"}, nil).APIKey
	soon := clk.Now().Add(time.Hour)
	expiring := mk("openapi expiring", all, nil, &soon).APIKey
	revokedKey := mk("openapi revoked", all, nil, nil)
	if _, err := pc.RevokeKey(ctx, sudo.SudoToken, revokedKey.Key.KeyID); err != nil {
		t.Fatal(err)
	}

	// success answers of every operation
	a := c.call("POST", "/emails/send", full, map[string]any{"to": "ada@example.com", "subject": "Hi", "text_body": "Hello"})
	c.expect(a, 202, "")
	emailID, _ := a.body["id"].(string)
	c.expect(c.call("POST", "/emails/send", full, map[string]any{"to": []string{"a@example.com", "Grace <g@example.com>"},
		"template_id": "tpl_welcome", "variables": map[string]any{"n": 1}, "tags": []string{"x"}}), 202, "")
	c.expect(c.call("GET", "/emails/"+emailID, full, nil), 200, "")
	c.expect(c.call("POST", "/contacts", full, map[string]any{"email": "Ada@Example.com", "first_name": "Ada",
		"tags": []string{"newsletter"}, "attributes": map[string]string{"plan": "pro"}}), 201, "")
	c.expect(c.call("POST", "/contacts", full, map[string]any{"email": "bob@example.com"}), 201, "")
	c.expect(c.call("GET", "/contacts?limit=10", full, nil), 200, "")
	c.expect(c.call("DELETE", "/contacts/bob@example.com", full, nil), 200, "")
	draft := c.call("POST", "/campaigns", full, map[string]any{"name": "Draft", "subject": "WIP"})
	c.expect(draft, 201, "")
	later := clk.Now().Add(24 * time.Hour).Format(time.RFC3339)
	c.expect(c.call("POST", "/campaigns", full, map[string]any{"name": "Spring", "subject": "Spring",
		"contact_tags": []string{"newsletter"}, "scheduled_at": later}), 201, "")
	c.expect(c.call("GET", "/campaigns", full, nil), 200, "")
	campID, _ := draft.body["id"].(string)
	c.expect(c.call("GET", "/analytics/campaigns/"+campID, full, nil), 200, "")
	c.expect(c.call("GET", "/contacts", readOnly, nil), 200, "")

	// error answers
	c.expect(c.call("GET", "/contacts", "", nil), 401, wire.CodeInvalidToken)
	c.expect(c.call("GET", "/contacts", "pm_test_notakey", nil), 401, wire.CodeInvalidToken)
	c.expect(c.call("GET", "/contacts", otherLast(full), nil), 401, wire.CodeInvalidToken)
	c.expect(c.call("GET", "/contacts", revokedKey.APIKey, nil), 401, wire.CodeKeyRevoked)
	c.expect(c.call("GET", "/contacts", elsewhere, nil), 403, wire.CodeIPNotAllowed)
	a = c.call("POST", "/emails/send", readOnly, map[string]any{"to": "ada@example.com"})
	c.expect(a, 403, wire.CodeInsufficientPermissions)
	c.expect(c.call("DELETE", "/contacts/ada@example.com", readOnly, nil), 403, wire.CodeInsufficientPermissions)
	c.expect(c.call("POST", "/emails/send", full, map[string]any{"to": "bob@"}), 400, wire.CodeInvalidRequest)
	c.expect(c.call("POST", "/emails/send", full, `{"to": "ada@example.com",}`), 400, wire.CodeInvalidJSON)
	c.expect(c.call("POST", "/contacts", full, map[string]any{"email": "c@example.com", "nickname": "c"}), 400, wire.CodeInvalidRequest)
	c.expect(c.call("POST", "/campaigns", full, map[string]any{"name": "", "subject": ""}), 400, wire.CodeInvalidRequest)
	c.expect(c.call("GET", "/campaigns?limit=1000", full, nil), 400, wire.CodeInvalidRequest)
	c.expect(c.call("GET", "/emails/em_missing", full, nil), 404, wire.CodeNotFound)
	c.expect(c.call("DELETE", "/contacts/nobody@example.com", full, nil), 404, wire.CodeNotFound)
	c.expect(c.call("GET", "/analytics/campaigns/cmp_missing", full, nil), 404, wire.CodeNotFound)
	big := `{"email":"big@example.com","first_name":"` + strings.Repeat("x", 1<<20) + `"}`
	c.expect(c.call("POST", "/contacts", full, big), 413, wire.CodePayloadTooLarge)

	// the starter plan allows a burst of 100 on a frozen clock: then 429
	var limited answer
	for i := 0; i < 150 && limited.status != 429; i++ {
		limited = c.call("GET", "/campaigns?limit=1", full, nil)
	}
	c.expect(limited, 429, wire.CodeRateLimitExceeded)
	if limited.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}

	// two hours later the expiring key has expired (and the limit refilled)
	clk.Advance(2 * time.Hour)
	c.expect(c.call("GET", "/contacts", expiring, nil), 401, wire.CodeKeyExpired)

	// every operation was seen succeeding
	for _, op := range []string{"POST /emails/send 202", "GET /emails/{id} 200", "POST /contacts 201", "GET /contacts 200",
		"DELETE /contacts/{email} 200", "POST /campaigns 201", "GET /campaigns 200", "GET /analytics/campaigns/{id} 200"} {
		if !c.seen[op+" "] {
			t.Errorf("no successful %s was checked", op)
		}
	}
	// and every error code the gateway can give, except internal (no fault
	// can be provoked from outside)
	codes := map[string]bool{}
	for k := range c.seen {
		f := strings.Fields(k)
		if len(f) == 4 {
			codes[f[3]] = true
		}
	}
	for _, code := range []string{wire.CodeInvalidRequest, wire.CodeInvalidJSON, wire.CodeInvalidToken,
		wire.CodeKeyRevoked, wire.CodeKeyExpired, wire.CodeIPNotAllowed, wire.CodeInsufficientPermissions,
		wire.CodeNotFound, wire.CodePayloadTooLarge, wire.CodeRateLimitExceeded} {
		if !codes[code] {
			t.Errorf("no %s answer was checked", code)
		}
	}
}

// otherLast is key with its last character changed (to another one: a key
// may well end in the replacement already, and then nothing changed).
func otherLast(key string) string {
	last := "x"
	if strings.HasSuffix(key, last) {
		last = "y"
	}
	return key[:len(key)-1] + last
}

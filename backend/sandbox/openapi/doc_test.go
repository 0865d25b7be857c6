package openapi

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

func load(t *testing.T) *openapi3.T {
	t.Helper()
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	d, err := l.LoadFromData(JSON())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return d
}

func TestDocumentValidates(t *testing.T) {
	d := load(t)
	if err := d.Validate(context.Background()); err != nil {
		t.Fatalf("validate: %v", err)
	}
	if d.OpenAPI != "3.1.0" || d.Info.Version != Version {
		t.Errorf("openapi %s, version %s", d.OpenAPI, d.Info.Version)
	}
}

func TestEveryOperationIsDocumented(t *testing.T) {
	d := load(t)
	want := map[string]string{
		"POST /emails/send": "send_email", "GET /emails/{id}": "send_email",
		"GET /contacts": "read_contacts", "POST /contacts": "write_contacts", "DELETE /contacts/{email}": "delete_contacts",
		"GET /campaigns": "read_campaigns", "POST /campaigns": "write_campaigns",
		"GET /analytics/campaigns/{id}": "read_analytics",
	}
	seen := 0
	sessionOps := map[string]bool{}
	for path, item := range d.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.Extensions["x-session-auth"] == true {
				sessionOps[name] = true
				continue
			}
			perm, ok := want[name]
			if !ok {
				t.Errorf("unexpected operation %s", name)
				continue
			}
			seen++
			if op.Extensions["x-required-permission"] != perm || !strings.Contains(op.Description, "`"+perm+"`") {
				t.Errorf("%s: permission %v, description %q", name, op.Extensions["x-required-permission"], op.Description)
			}
			if op.Extensions["x-rate-limit"] == nil || len(op.Tags) != 1 {
				t.Errorf("%s: rate limits or tag missing", name)
			}
			if op.RequestBody != nil {
				mt := op.RequestBody.Value.Content.Get("application/json")
				if mt == nil || len(mt.Examples) == 0 {
					t.Errorf("%s: request without examples", name)
				}
			}
			for code, r := range op.Responses.Map() {
				for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
					if r.Value.Headers[h] == nil {
						t.Errorf("%s %s: no %s header", name, code, h)
					}
				}
				if code == "429" && r.Value.Headers["Retry-After"] == nil {
					t.Errorf("%s: 429 without Retry-After", name)
				}
				mt := r.Value.Content.Get("application/json")
				if mt == nil || (mt.Example == nil && len(mt.Examples) == 0) {
					t.Errorf("%s %s: response without example", name, code)
				}
			}
			for _, code := range []string{"401", "403", "429", "500"} {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s: no %s answer", name, code)
				}
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of %d operations documented", seen, len(want))
	}
	for _, op := range []string{"GET /tenant/logs", "GET /tenant/logs.csv", "GET /tenant/logs/{request_id}",
		"GET /tenant/audit", "GET /tenant/audit.csv", "GET /tenant/settings", "PATCH /tenant/settings",
		"POST /platform/api-keys/{key_id}/rotate", "POST /platform/notifications"} {
		if !sessionOps[op] {
			t.Errorf("%s is not documented", op)
		}
	}
}

func TestErrorCodesAndGuide(t *testing.T) {
	d := load(t)
	enum := d.Components.Schemas["Error"].Value.Properties["error"].Value.Enum
	got := map[any]bool{}
	for _, c := range enum {
		got[c] = true
	}
	for _, c := range []string{wire.CodeInvalidRequest, wire.CodeInvalidJSON, wire.CodeInvalidToken,
		wire.CodeKeyRevoked, wire.CodeKeyExpired, wire.CodeInsufficientPermissions, wire.CodeIPNotAllowed,
		wire.CodeNotFound, wire.CodeRateLimitExceeded, wire.CodeInternal, wire.CodePayloadTooLarge} {
		if !got[c] {
			t.Errorf("error code %s not documented", c)
		}
	}
	for _, topic := range []string{"## Authentication", "## Rate limiting", "## Errors", "Bearer pm_live_", "X-RateLimit-Remaining",
		"| professional | 300 | 500 |", wire.MsgRateLimitExceeded} {
		if !strings.Contains(d.Info.Description, topic) && !strings.Contains(string(JSON()), topic) {
			t.Errorf("guide lacks %q", topic)
		}
	}
	var raw map[string]any
	if err := json.Unmarshal(JSON(), &raw); err != nil {
		t.Fatal(err)
	}
	rl, _ := raw["x-rate-limit"].(map[string]any)
	if b, _ := rl["business"].(map[string]any); b["per_minute"] != float64(1000) || b["burst"] != float64(2000) {
		t.Errorf("x-rate-limit = %v", raw["x-rate-limit"])
	}
	if d.Components.SecuritySchemes["bearerAuth"].Value.Scheme != "bearer" {
		t.Error("bearer auth missing")
	}
}

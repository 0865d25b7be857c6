// Package openapi holds the operations table of the PenguinMails platform
// (every route, who may call it, what it needs) and the OpenAPI 3.1 document
// built from it with kin-openapi's types: the platform API (sessions, sudo,
// keys, usage, the live stream, mail, logs, audit, settings) and the public
// API behind keys (the gateway of SPEC §2.4). The sandbox's router is built
// from the same table and serves the document at /api/v1/openapi.json; the
// console's docs browser and tester are built from the document, so it says
// everything a caller needs: auth, permissions, rate limits, every error
// answer, and examples.
package openapi

import (
	"encoding/json"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Version is info.version; the console caches the docs by it, so bump it
// whenever the document changes.
const Version = "1.4.0"

var (
	once sync.Once
	doc  []byte
)

// JSON returns the document. It is built once; callers must not modify the
// returned slice.
func JSON() []byte {
	once.Do(func() {
		b, err := json.Marshal(Document())
		if err != nil {
			panic("openapi: the document does not encode: " + err.Error()) // a programming error, caught by the tests
		}
		doc = b
	})
	return doc
}

// Document builds the document as kin-openapi structures.
func Document() *openapi3.T {
	d := &openapi3.T{
		OpenAPI: "3.1.0",
		Info: &openapi3.Info{
			Title:       "PenguinMails API",
			Version:     Version,
			Summary:     "Send email, manage contacts and campaigns, read campaign analytics; and manage API keys, usage, logs and alerts.",
			Description: guide(),
			Contact:     &openapi3.Contact{Name: "PenguinMails developer support", URL: "https://penguinmails.com/support"},
		},
		Servers: openapi3.Servers{
			{URL: "/api/v1", Description: "The platform you are signed in to (the embedded sandbox or a PenguinMails deployment)"},
		},
		Security: openapi3.SecurityRequirements{{"bearerAuth": []string{}}},
		Tags: openapi3.Tags{
			{Name: "Emails", Description: "Send transactional email and look up what was queued. Needs `send_email`."},
			{Name: "Contacts", Description: "The tenant's contact list. Contacts are unique by email address (case-insensitive)."},
			{Name: "Campaigns", Description: "Email campaigns to the tenant's contacts, as drafts or scheduled for later."},
			{Name: "Analytics", Description: "Delivery and engagement numbers of campaigns."},
			{Name: "Sessions", Description: "Sign-in, the session and sudo mode: the platform API's own authentication."},
			{Name: "Usage", Description: "The tenant's API usage: analytics, the error log as CSV, and the live stream. Session sign-in."},
			{Name: "Security", Description: "Security events: IP violations, uses of revoked or expired keys, failed sudo attempts. Session sign-in."},
			{Name: "Docs", Description: "This document and the health check."},
			{Name: "Logs", Description: "The tenant's request log: every API request, with its id, key, IP, status and bodies. Session sign-in, not an API key."},
			{Name: "Audit", Description: "Who did what, when and from where: sign-ins, sudo, key changes, notifications, security events. Session sign-in."},
			{Name: "Settings", Description: "Tenant settings. Session sign-in."},
			{Name: "Keys", Description: "Managing API keys. Session sign-in; changes also need a sudo token (POST /auth/sudo)."},
			{Name: "Notifications", Description: "Emails the platform sends to the tenant's admins. Session sign-in."},
		},
		Components: &openapi3.Components{
			SecuritySchemes: openapi3.SecuritySchemes{
				"bearerAuth": &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
					Type:         "http",
					Scheme:       "bearer",
					BearerFormat: "pm_live_… or pm_test_…",
					Description: "An API key, sent as `Authorization: Bearer pm_live_…` (live) or `pm_test_…` (test). " +
						"Create keys in the console under API Keys; the full key is shown once.",
				}},
				"sessionAuth": &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
					Type: "http", Scheme: "bearer", BearerFormat: "pms_…",
					Description: "A session token from POST /auth/login, for the console's own routes.",
				}},
				"sudoToken": &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
					Type: "apiKey", In: "header", Name: "X-Sudo-Token",
					Description: "From POST /auth/sudo (the password again), valid 15 minutes; key changes need it.",
				}},
			},
			Schemas:    schemas(),
			Headers:    headers(),
			Parameters: parameters(),
		},
		Paths:      paths(),
		Extensions: map[string]any{"x-rate-limit": rateLimits(), "x-getting-started": topics(), "x-tagGroups": tagGroups()},
	}
	return d
}

// tagGroups splits the tags in two (the x-tagGroups convention of Redoc):
// the public API that applications call with an API key, and the platform
// API that the console (or a script) calls with a session.
func tagGroups() []map[string]any {
	public, platform := []string{}, []string{}
	seen := map[string]bool{}
	for _, op := range Operations() {
		if seen[op.tag] {
			continue
		}
		seen[op.tag] = true
		if op.Auth == AuthKey {
			public = append(public, op.tag)
		} else {
			platform = append(platform, op.tag)
		}
	}
	return []map[string]any{
		{"name": "Public API", "description": "Called by your applications with an API key.", "tags": public},
		{"name": "Platform API", "description": "Sign-in, keys, usage, logs and alerts, with a session token (and a sudo token for key changes).", "tags": platform},
	}
}

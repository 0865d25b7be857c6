// Package openapi is the OpenAPI 3.1 document of the public PenguinMails API
// (the gateway endpoints of SPEC §2.4), built from kin-openapi's types. The
// sandbox serves it at /api/v1/openapi.json and the console's docs browser
// and tester are built from it, so it says everything a caller needs: auth,
// permissions, rate limits, every error answer, and an example for every
// request and response.
package openapi

import (
	"encoding/json"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Version is info.version; the console caches the docs by it, so bump it
// whenever the document changes.
const Version = "1.3.0"

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
			Summary:     "Send email, manage contacts and campaigns, and read campaign analytics.",
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
		Extensions: map[string]any{"x-rate-limit": rateLimits(), "x-getting-started": topics()},
	}
	return d
}

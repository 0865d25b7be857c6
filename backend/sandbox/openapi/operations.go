package openapi

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	exTime  = "2026-03-10T12:30:00Z"
	exEmail = "em_01jnx4k8v2q9w3e5r7t9y1u3i5"
	exCamp  = "cmp_01jnx4m2a4s6d8f0g2h4j6k8l0"
	exKey   = "key_01jnwz1b3c5d7e9f1g3h5j7k9m"
)

// gatewayOps are the public endpoints behind API keys (SPEC §2.4).
func gatewayOps() []Op {
	campaign := map[string]any{"id": exCamp, "name": "Spring launch", "subject": "Our spring collection is here",
		"from": "Demo Tenant <news@demo.penguinmails.test>", "contact_tags": []any{"newsletter"}, "status": "scheduled",
		"scheduled_at": "2026-03-20T09:00:00Z", "created_at": exTime}
	contact := map[string]any{"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
		"tags": []any{"newsletter"}, "attributes": map[string]any{"plan": "pro"}, "created_at": exTime}
	ops := []Op{
		{Auth: AuthKey, Method: http.MethodPost, Path: "/emails/send", ID: "sendEmail", tag: "Emails", summary: "Send an email",
			desc:       "Validates the recipients and queues the email for delivery. Answers 202 with the email's id.",
			Permission: "send_email", body: "SendEmailRequest",
			bodyExamples: map[string]any{
				"html": map[string]any{"to": "ada@example.com", "subject": "Welcome to Acme", "html_body": "<h1>Welcome, Ada!</h1>",
					"text_body": "Welcome, Ada!", "tags": []any{"welcome"}, "track_opens": true, "track_clicks": false},
				"template": map[string]any{"to": []any{"ada@example.com", "grace@example.com"}, "template_id": "tpl_welcome",
					"variables": map[string]any{"first_name": "Ada"}},
			},
			status: http.StatusAccepted, result: "QueuedEmail",
			example: map[string]any{"id": exEmail, "status": "queued", "to": []any{"ada@example.com"}, "created_at": exTime}},
		{Auth: AuthKey, Method: http.MethodGet, Path: "/emails/{id}", ID: "getEmail", tag: "Emails", summary: "Get an email",
			desc: "An email sent by any key of your tenant.", Permission: "send_email",
			params: openapi3.Parameters{paramRef("ResourceId")}, status: http.StatusOK, result: "Email", notFound: true,
			example: map[string]any{"id": exEmail, "status": "queued", "to": []any{"ada@example.com"},
				"from": "Demo Tenant <no-reply@demo-tenant.penguinmails.test>", "subject": "Welcome to Acme",
				"tags": []any{"welcome"}, "key_id": exKey, "created_at": exTime, "track_opens": true, "track_clicks": false}},
		{Auth: AuthKey, Method: http.MethodGet, Path: "/contacts", ID: "listContacts", tag: "Contacts", summary: "List contacts",
			desc: "Newest first; `limit` caps how many are returned, `total` counts them all.", Permission: "read_contacts",
			params: openapi3.Parameters{paramRef("Limit")}, status: http.StatusOK, result: "ContactList",
			example: map[string]any{"contacts": []any{contact}, "total": 1}},
		{Auth: AuthKey, Method: http.MethodPost, Path: "/contacts", ID: "createContact", tag: "Contacts", summary: "Create a contact",
			desc: "Adds a contact. An address that already exists is refused with invalid_request.", Permission: "write_contacts",
			body: "CreateContactRequest",
			bodyExamples: map[string]any{"contact": map[string]any{"email": "ada@example.com", "first_name": "Ada",
				"last_name": "Lovelace", "tags": []any{"newsletter"}, "attributes": map[string]any{"plan": "pro"}}},
			status: http.StatusCreated, result: "Contact", example: contact},
		{Auth: AuthKey, Method: http.MethodDelete, Path: "/contacts/{email}", ID: "deleteContact", tag: "Contacts", summary: "Delete a contact",
			desc: "Deletes a contact by email address.", Permission: "delete_contacts",
			params: openapi3.Parameters{paramRef("ContactEmail")}, status: http.StatusOK, result: "DeletedContact", notFound: true,
			example: map[string]any{"deleted": true, "email": "ada@example.com"}},
		{Auth: AuthKey, Method: http.MethodGet, Path: "/campaigns", ID: "listCampaigns", tag: "Campaigns", summary: "List campaigns",
			desc: "Newest first.", Permission: "read_campaigns",
			params: openapi3.Parameters{paramRef("Limit")}, status: http.StatusOK, result: "CampaignList",
			example: map[string]any{"campaigns": []any{campaign}, "total": 1}},
		{Auth: AuthKey, Method: http.MethodPost, Path: "/campaigns", ID: "createCampaign", tag: "Campaigns", summary: "Create a campaign",
			desc:       "Without `scheduled_at` the campaign is a draft; with it, it is scheduled and counts as sent once that time has passed.",
			Permission: "write_campaigns", body: "CreateCampaignRequest",
			bodyExamples: map[string]any{
				"scheduled": map[string]any{"name": "Spring launch", "subject": "Our spring collection is here",
					"html_body": "<p>New arrivals</p>", "contact_tags": []any{"newsletter"}, "scheduled_at": "2026-03-20T09:00:00Z"},
				"draft": map[string]any{"name": "Draft", "subject": "Work in progress"},
			},
			status: http.StatusCreated, result: "Campaign", example: campaign},
		{Auth: AuthKey, Method: http.MethodGet, Path: "/analytics/campaigns/{id}", ID: "getCampaignStats", tag: "Analytics",
			summary: "Campaign analytics", desc: "Recipients, deliveries, opens and clicks of a campaign.", Permission: "read_analytics",
			params: openapi3.Parameters{paramRef("ResourceId")}, status: http.StatusOK, result: "CampaignStats", notFound: true,
			example: map[string]any{"campaign_id": exCamp, "name": "Spring launch", "status": "sent", "recipients": 1200,
				"sent": 1200, "delivered": 1188, "opened": 0, "clicked": 0, "bounced": 12, "open_rate": 0, "click_rate": 0}},
	}
	return ops
}

func parameters() openapi3.ParametersMap {
	m := openapi3.ParametersMap{
		"ResourceId": {Value: &openapi3.Parameter{Name: "id", In: "path", Required: true, Description: "The resource's id.",
			Schema: strSchema(""), Example: exEmail}},
		"ContactEmail": {Value: &openapi3.Parameter{Name: "email", In: "path", Required: true,
			Description: "The contact's email address (URL-encoded).", Schema: strSchema(""), Example: "ada@example.com"}},
		"Limit": {Value: &openapi3.Parameter{Name: "limit", In: "query", Description: "How many to return, 1 to 100.",
			Schema:  &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("integer"), Min: ptr(1.0), Max: ptr(100.0), Default: 50}},
			Example: 20}},
	}
	addQueryParams(m)
	return m
}

func paramRef(name string) *openapi3.ParameterRef {
	return &openapi3.ParameterRef{Ref: "#/components/parameters/" + name}
}

// buildGateway describes an operation behind an API key.
func (op Op) buildGateway() *openapi3.Operation {
	o := &openapi3.Operation{
		OperationID: op.ID,
		Security:    &openapi3.SecurityRequirements{{"bearerAuth": []string{}}},
		Tags:        []string{op.tag},
		Summary:     op.summary,
		Description: fmt.Sprintf("%s\n\nRequires the `%s` permission.", op.desc, op.Permission),
		Parameters:  op.params,
		Extensions: map[string]any{
			"x-required-permission": op.Permission,
			"x-rate-limit":          rateLimits(),
		},
	}
	if op.body != "" {
		ex := openapi3.Examples{}
		for name, v := range op.bodyExamples {
			ex[name] = &openapi3.ExampleRef{Value: &openapi3.Example{Value: v}}
		}
		o.RequestBody = &openapi3.RequestBodyRef{Value: &openapi3.RequestBody{
			Required:    true,
			Description: "JSON, at most 1 MiB. Unknown fields are refused, each named.",
			Content: openapi3.Content{"application/json": &openapi3.MediaType{
				Schema: schemaRef(op.body), Examples: ex,
			}},
		}}
	}
	desc := http.StatusText(op.successStatus())
	resp := openapi3.NewResponses()
	resp.Delete("default")
	resp.Set(strconv.Itoa(op.successStatus()), &openapi3.ResponseRef{Value: &openapi3.Response{
		Description: &desc,
		Headers:     rateHeaders(),
		Content: openapi3.Content{"application/json": &openapi3.MediaType{
			Schema: schemaRef(op.result), Example: op.example,
		}},
	}})
	statuses := []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests, http.StatusInternalServerError}
	if op.body != "" || op.params != nil {
		statuses = append(statuses, http.StatusBadRequest)
	}
	if op.body != "" {
		statuses = append(statuses, http.StatusRequestTimeout, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	if op.notFound {
		statuses = append(statuses, http.StatusNotFound)
	}
	for _, st := range statuses {
		resp.Set(strconv.Itoa(st), errorResponse(st, op.Permission, op.body != ""))
	}
	o.Responses = resp
	return o
}

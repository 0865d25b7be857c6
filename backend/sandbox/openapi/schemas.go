package openapi

import "github.com/getkin/kin-openapi/openapi3"

// The schemas mirror the sandbox's wire types (backend/sandbox/public_types.go);
// the external test checks real answers against them. Objects are closed
// (additionalProperties: false): requests because the gateway refuses unknown
// fields, answers so that any drift between server and document is caught.

type props = openapi3.Schemas

func types(t ...string) *openapi3.Types {
	x := openapi3.Types(t)
	return &x
}

func ptr[T any](v T) *T { return &v }

func strSchema(desc string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string"), Description: desc}}
}

func timeSchema(desc string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string"), Format: "date-time", Description: desc}}
}

func intSchema(desc string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("integer"), Min: ptr(0.0), Description: desc}}
}

func strList(desc string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("array"), Items: strSchema(""), Description: desc}}
}

func strMap(desc string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("object"), Description: desc,
		AdditionalProperties: openapi3.AdditionalProperties{Schema: strSchema("")}}}
}

func object(desc string, required []string, p props) *openapi3.Schema {
	return &openapi3.Schema{Type: types("object"), Description: desc, Required: required, Properties: p,
		AdditionalProperties: openapi3.AdditionalProperties{Has: ptr(false)}}
}

func schemaRef(name string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Ref: "#/components/schemas/" + name}
}

func listOf(name string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("array"), Items: schemaRef(name)}}
}

func schemas() openapi3.Schemas {
	s := openapi3.Schemas{}
	add := func(name string, v *openapi3.Schema) { s[name] = &openapi3.SchemaRef{Value: v} }

	add("Error", errorSchema())

	add("SendEmailRequest", object("An email to send. Give a subject and a body, or a template_id.", []string{"to"}, props{
		"to": {Value: &openapi3.Schema{Description: "One address, or a list of 1 to 50 addresses.", OneOf: openapi3.SchemaRefs{
			strSchema("An email address, e.g. ada@example.com or \"Ada Lovelace <ada@example.com>\"."),
			{Value: &openapi3.Schema{Type: types("array"), Items: strSchema(""), MinItems: 1, MaxItems: ptr(uint64(50))}},
		}}},
		"from":        strSchema("Sender address; defaults to the tenant's no-reply address."),
		"subject":     {Value: &openapi3.Schema{Type: types("string"), MaxLength: ptr(uint64(998)), Description: "Required unless template_id is given."}},
		"html_body":   strSchema("HTML body."),
		"text_body":   strSchema("Plain-text body."),
		"template_id": strSchema("A template to render instead of subject and body."),
		"variables":   {Value: &openapi3.Schema{Type: types("object"), Description: "Values for the template's variables."}},
		"tags":        strList("Labels for your own reporting."),
		"track_opens": {Value: &openapi3.Schema{Type: types("boolean"), Default: false,
			Description: "Track when recipients open the email. Off unless set."}},
		"track_clicks": {Value: &openapi3.Schema{Type: types("boolean"), Default: false,
			Description: "Track clicks on the email's links. Off unless set."}},
	}))
	add("QueuedEmail", object("The email was accepted and queued.", []string{"id", "status", "to", "created_at"}, props{
		"id":         strSchema("The email's id, for GET /emails/{id}."),
		"status":     {Value: &openapi3.Schema{Type: types("string"), Enum: []any{"queued"}}},
		"to":         strList("The recipients' bare addresses."),
		"created_at": timeSchema(""),
	}))
	add("Email", object("An email sent through the API.", []string{"id", "status", "to", "from", "subject", "tags", "key_id", "created_at", "track_opens", "track_clicks"}, props{
		"id":           strSchema(""),
		"status":       {Value: &openapi3.Schema{Type: types("string"), Enum: []any{"queued"}}},
		"to":           strList(""),
		"from":         strSchema(""),
		"subject":      strSchema(""),
		"template_id":  strSchema("Present when the email used a template."),
		"tags":         strList(""),
		"key_id":       strSchema("The API key that sent it."),
		"created_at":   timeSchema(""),
		"track_opens":  {Value: &openapi3.Schema{Type: types("boolean"), Description: "Whether opens are tracked, as the send asked."}},
		"track_clicks": {Value: &openapi3.Schema{Type: types("boolean"), Description: "Whether link clicks are tracked, as the send asked."}},
	}))
	add("CreateContactRequest", object("A new contact.", []string{"email"}, props{
		"email":      strSchema("Unique per tenant (case-insensitive)."),
		"first_name": {Value: &openapi3.Schema{Type: types("string"), MaxLength: ptr(uint64(100))}},
		"last_name":  {Value: &openapi3.Schema{Type: types("string"), MaxLength: ptr(uint64(100))}},
		"tags":       strList("Tags that campaigns can target."),
		"attributes": strMap("Your own fields, as strings."),
	}))
	add("Contact", object("A contact.", []string{"email", "first_name", "last_name", "tags", "attributes", "created_at"}, props{
		"email":      strSchema("Lower-cased."),
		"first_name": strSchema(""),
		"last_name":  strSchema(""),
		"tags":       strList(""),
		"attributes": strMap(""),
		"created_at": timeSchema(""),
	}))
	add("ContactList", object("Contacts, newest first.", []string{"contacts", "total"}, props{
		"contacts": listOf("Contact"),
		"total":    intSchema("How many contacts the tenant has."),
	}))
	add("DeletedContact", object("The contact was deleted.", []string{"deleted", "email"}, props{
		"deleted": {Value: &openapi3.Schema{Type: types("boolean")}},
		"email":   strSchema(""),
	}))
	add("CreateCampaignRequest", object("A new campaign: a draft, or scheduled when scheduled_at is given.", []string{"name", "subject"}, props{
		"name":         {Value: &openapi3.Schema{Type: types("string"), MinLength: 1, MaxLength: ptr(uint64(100))}},
		"subject":      strSchema(""),
		"from":         strSchema("Defaults to the tenant's no-reply address."),
		"html_body":    strSchema(""),
		"text_body":    strSchema(""),
		"contact_tags": strList("Send to contacts with any of these tags (all contacts when empty)."),
		"scheduled_at": timeSchema("When to send; must be in the future."),
	}))
	add("Campaign", object("A campaign.", []string{"id", "name", "subject", "from", "contact_tags", "status", "scheduled_at", "created_at"}, props{
		"id":           strSchema(""),
		"name":         strSchema(""),
		"subject":      strSchema(""),
		"from":         strSchema(""),
		"contact_tags": strList(""),
		"status":       {Value: &openapi3.Schema{Type: types("string"), Enum: []any{"draft", "scheduled", "sent"}}},
		"scheduled_at": {Value: &openapi3.Schema{Type: types("string", "null"), Format: "date-time", Description: "null for a draft."}},
		"created_at":   timeSchema(""),
	}))
	add("CampaignList", object("Campaigns, newest first.", []string{"campaigns", "total"}, props{
		"campaigns": listOf("Campaign"),
		"total":     intSchema(""),
	}))
	add("CampaignStats", object("A campaign's numbers. The sandbox delivers to no real inbox, so opens and clicks stay 0 there.",
		[]string{"campaign_id", "name", "status", "recipients", "sent", "delivered", "opened", "clicked", "bounced", "open_rate", "click_rate"}, props{
			"campaign_id": strSchema(""),
			"name":        strSchema(""),
			"status":      {Value: &openapi3.Schema{Type: types("string"), Enum: []any{"draft", "scheduled", "sent"}}},
			"recipients":  intSchema("Contacts the campaign targets."),
			"sent":        intSchema(""),
			"delivered":   intSchema(""),
			"opened":      intSchema(""),
			"clicked":     intSchema(""),
			"bounced":     intSchema(""),
			"open_rate":   {Value: &openapi3.Schema{Type: types("number"), Min: ptr(0.0), Description: "Share of delivered emails opened (0 when none were delivered)."}},
			"click_rate":  {Value: &openapi3.Schema{Type: types("number"), Min: ptr(0.0), Description: "Share of delivered emails clicked (0 when none were delivered)."}},
		}))
	tenantSchemas(add)
	keySchemas(add)
	platformSchemas(add)
	wireSchemas(s) // after the hand-written ones, which win
	return s
}

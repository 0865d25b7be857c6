package wire

import (
	"encoding/json"
	"time"
)

// Wire types of the public API behind keys (SPEC §2.4): what the gateway
// takes and answers. The OpenAPI document's hand-written schemas for them
// are checked against these types (openapi's TestHandWrittenSchemasMatchTheWireTypes).

// SendEmailRequest is POST /api/v1/emails/send. To is one address or a list
// of addresses (each checked with net/mail); at least a subject with a body,
// or a template_id, is required.
type SendEmailRequest struct {
	To         Recipients     `json:"to"`
	From       string         `json:"from,omitempty"`
	Subject    string         `json:"subject,omitempty"`
	HTMLBody   string         `json:"html_body,omitempty"`
	TextBody   string         `json:"text_body,omitempty"`
	TemplateID string         `json:"template_id,omitempty"`
	Variables  map[string]any `json:"variables,omitempty"`
	Tags       []string       `json:"tags,omitempty"`
	// TrackOpens and TrackClicks ask for open and click tracking (off
	// unless asked: tracking is the sender's choice, per email).
	TrackOpens  bool `json:"track_opens,omitempty"`
	TrackClicks bool `json:"track_clicks,omitempty"`
}

// Recipients accepts either "a@b.c" or ["a@b.c", ...] on the wire.
type Recipients []string

// UnmarshalJSON takes a string or an array of strings.
func (r *Recipients) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*r = Recipients{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*r = many
	return nil
}

// SendEmailResponse is the 202 answer of POST /emails/send.
type SendEmailResponse struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"` // queued
	To        []string  `json:"to"`
	CreatedAt time.Time `json:"created_at"`
}

// Email is GET /api/v1/emails/{id}.
type Email struct {
	ID         string    `json:"id"`
	Status     string    `json:"status"` // queued
	To         []string  `json:"to"`
	From       string    `json:"from"`
	Subject    string    `json:"subject"`
	TemplateID string    `json:"template_id,omitempty"`
	Tags       []string  `json:"tags"`
	KeyID      string    `json:"key_id"`
	CreatedAt  time.Time `json:"created_at"`
	// TrackOpens and TrackClicks are as the send asked.
	TrackOpens  bool `json:"track_opens"`
	TrackClicks bool `json:"track_clicks"`
}

// CreateContactRequest is POST /api/v1/contacts.
type CreateContactRequest struct {
	Email      string            `json:"email"`
	FirstName  string            `json:"first_name,omitempty"`
	LastName   string            `json:"last_name,omitempty"`
	Tags       []string          `json:"tags,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Contact is one contact of a tenant; the email is unique per tenant.
type Contact struct {
	Email      string            `json:"email"`
	FirstName  string            `json:"first_name"`
	LastName   string            `json:"last_name"`
	Tags       []string          `json:"tags"`
	Attributes map[string]string `json:"attributes"`
	CreatedAt  time.Time         `json:"created_at"`
}

// ContactList is GET /api/v1/contacts (newest first; ?limit=1..100, default 50).
type ContactList struct {
	Contacts []Contact `json:"contacts"`
	Total    int       `json:"total"`
}

// DeleteContactResponse is DELETE /api/v1/contacts/{email}.
type DeleteContactResponse struct {
	Deleted bool   `json:"deleted"`
	Email   string `json:"email"`
}

// CreateCampaignRequest is POST /api/v1/campaigns. Without scheduled_at the
// campaign is a draft; with it, it is scheduled (and counts as sent to the
// tenant's matching contacts once that time has passed).
type CreateCampaignRequest struct {
	Name        string     `json:"name"`
	Subject     string     `json:"subject"`
	From        string     `json:"from,omitempty"`
	HTMLBody    string     `json:"html_body,omitempty"`
	TextBody    string     `json:"text_body,omitempty"`
	ContactTags []string   `json:"contact_tags,omitempty"`
	ScheduledAt *time.Time `json:"scheduled_at,omitempty"`
}

// Campaign is one campaign. Status is draft, scheduled or sent.
type Campaign struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Subject     string     `json:"subject"`
	From        string     `json:"from"`
	ContactTags []string   `json:"contact_tags"`
	Status      string     `json:"status"`
	ScheduledAt *time.Time `json:"scheduled_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

// CampaignList is GET /api/v1/campaigns (newest first).
type CampaignList struct {
	Campaigns []Campaign `json:"campaigns"`
	Total     int        `json:"total"`
}

// CampaignStats is GET /api/v1/analytics/campaigns/{id}. The sandbox delivers
// nothing to real inboxes, so opens and clicks stay 0; recipients, sent and
// delivered follow the tenant's matching contacts once the campaign is sent.
type CampaignStats struct {
	CampaignID string  `json:"campaign_id"`
	Name       string  `json:"name"`
	Status     string  `json:"status"`
	Recipients int     `json:"recipients"`
	Sent       int     `json:"sent"`
	Delivered  int     `json:"delivered"`
	Opened     int     `json:"opened"`
	Clicked    int     `json:"clicked"`
	Bounced    int     `json:"bounced"`
	OpenRate   float64 `json:"open_rate"`
	ClickRate  float64 `json:"click_rate"`
}

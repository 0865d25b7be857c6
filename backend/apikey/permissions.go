package apikey

import "slices"

// Permission ids (SPEC §2.3).
const (
	PermSendEmail       = "send_email"
	PermSendBulkEmail   = "send_bulk_email"
	PermReadCampaigns   = "read_campaigns"
	PermWriteCampaigns  = "write_campaigns"
	PermDeleteCampaigns = "delete_campaigns"
	PermReadContacts    = "read_contacts"
	PermWriteContacts   = "write_contacts"
	PermDeleteContacts  = "delete_contacts"
	PermReadAnalytics   = "read_analytics"
	PermExportData      = "export_data"
	PermManageTemplates = "manage_templates"
	PermManageDomains   = "manage_domains"
	PermReadInbox       = "read_inbox"
	PermManageWebhooks  = "manage_webhooks"
	PermManageAPIKeys   = "manage_api_keys"
	PermManageBilling   = "manage_billing"
)

// FullAccess is the permission that grants every other one, including
// permissions added later (SPEC §2.3, admin group).
const FullAccess = "full_access"

// Permission is one scope a key can hold.
type Permission struct {
	ID          string `json:"id"`
	Label       string `json:"label"`
	Description string `json:"description"`
	Dangerous   bool   `json:"dangerous"`
}

// Category groups permissions as the catalog shows them.
type Category struct {
	ID          string       `json:"id"`
	Label       string       `json:"label"`
	Permissions []Permission `json:"permissions"`
}

// Categories is the permission catalog, in the order it is shown; a key's
// permissions are kept in this order too.
var Categories = []Category{
	{ID: "emails", Label: "Emails", Permissions: []Permission{
		{ID: PermSendEmail, Label: "Send email", Description: "Send single transactional emails and read their status."},
		{ID: PermSendBulkEmail, Label: "Send bulk email (requires approval)", Description: "Send emails to many recipients at once; the account needs bulk sending approved first."},
	}},
	{ID: "campaigns", Label: "Campaigns", Permissions: []Permission{
		{ID: PermReadCampaigns, Label: "Read campaigns", Description: "List campaigns and read their details."},
		{ID: PermWriteCampaigns, Label: "Write campaigns", Description: "Create and edit campaigns."},
		{ID: PermDeleteCampaigns, Label: "Delete campaigns", Description: "Delete campaigns."},
	}},
	{ID: "contacts", Label: "Contacts", Permissions: []Permission{
		{ID: PermReadContacts, Label: "Read contacts", Description: "List contacts and read their details."},
		{ID: PermWriteContacts, Label: "Write contacts", Description: "Create and update contacts."},
		{ID: PermDeleteContacts, Label: "Delete contacts", Description: "Delete contacts."},
	}},
	{ID: "analytics", Label: "Analytics", Permissions: []Permission{
		{ID: PermReadAnalytics, Label: "Read analytics", Description: "Read campaign and sending statistics."},
		{ID: PermExportData, Label: "Export data", Description: "Export contacts and statistics."},
	}},
	{ID: "other", Label: "Templates, domains, inbox and webhooks", Permissions: []Permission{
		{ID: PermManageTemplates, Label: "Manage templates", Description: "Create, edit and delete email templates."},
		{ID: PermManageDomains, Label: "Manage domains", Description: "Add and verify sending domains."},
		{ID: PermReadInbox, Label: "Read inbox", Description: "Read replies and inbound mail."},
		{ID: PermManageWebhooks, Label: "Manage webhooks", Description: "Create and edit webhook endpoints."},
	}},
	{ID: "admin", Label: "Admin", Permissions: []Permission{
		{ID: FullAccess, Label: "Full access", Description: "Every permission, including future ones. Use only for trusted servers.", Dangerous: true},
		{ID: PermManageAPIKeys, Label: "Manage API keys", Description: "Create, rotate and revoke API keys.", Dangerous: true},
		{ID: PermManageBilling, Label: "Manage billing", Description: "Change the plan and payment details.", Dangerous: true},
	}},
}

// Preset is a named set of permissions the create wizard offers.
type Preset struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Permissions []string `json:"permissions"`
}

// Presets as PenguinMails' docs define them, in the order the wizard shows
// them: "Read only" is every read permission (read_inbox included), "Email
// sending" only the email permissions.
var Presets = []Preset{
	{ID: "read_only", Label: "Read only", Permissions: []string{PermReadCampaigns, PermReadContacts, PermReadAnalytics, PermReadInbox}},
	{ID: "email_sending", Label: "Email sending", Permissions: []string{PermSendEmail, PermSendBulkEmail}},
	{ID: "full_access", Label: "Full access", Permissions: []string{FullAccess}},
}

// PresetMap is Presets by id, the shape of the catalog's "presets".
func PresetMap() map[string][]string {
	m := make(map[string][]string, len(Presets))
	for _, p := range Presets {
		m[p.ID] = slices.Clone(p.Permissions)
	}
	return m
}

// PermSet is a set of catalog permissions as bits, so the gateway's scope
// check costs one AND.
type PermSet uint32

// permBits gives each catalog permission its bit, in catalog order.
var permBits, dangerous = func() (map[string]PermSet, PermSet) {
	m, d := map[string]PermSet{}, PermSet(0)
	for _, c := range Categories {
		for _, p := range c.Permissions {
			m[p.ID] = 1 << len(m)
			if p.Dangerous {
				d |= m[p.ID]
			}
		}
	}
	return m, d
}()

// allPerms is full_access's set: every permission, later ones included.
const allPerms = ^PermSet(0)

// PermSetOf is the set perms grant: every permission when it holds
// full_access. Ids outside the catalog add nothing.
func PermSetOf(perms []string) PermSet {
	var s PermSet
	for _, p := range perms {
		if p == FullAccess {
			return allPerms
		}
		s |= permBits[p]
	}
	return s
}

// Has reports whether the set grants perm ("" needs nothing).
func (s PermSet) Has(perm string) bool {
	return perm == "" || s == allPerms || s&permBits[perm] != 0
}

// Known reports whether perm is in the catalog.
func Known(perm string) bool { _, ok := permBits[perm]; return ok }

// AnyDangerous reports whether perms hold an admin (dangerous) permission.
func AnyDangerous(perms []string) bool {
	for _, p := range perms {
		if permBits[p]&dangerous != 0 {
			return true
		}
	}
	return false
}

// InCatalogOrder returns the known permissions of perms, each once, in
// catalog order.
func InCatalogOrder(perms []string) []string {
	var want PermSet
	for _, p := range perms {
		want |= permBits[p]
	}
	var out []string
	for _, c := range Categories {
		for _, p := range c.Permissions {
			if want&permBits[p.ID] != 0 {
				out = append(out, p.ID)
			}
		}
	}
	return out
}

// Grants reports whether a key holding perms may use an endpoint that needs
// required ("" when it needs none). A permission the catalog does not know
// yet (a newer platform's) is granted by holding it by name.
func Grants(perms []string, required string) bool {
	return PermSetOf(perms).Has(required) || slices.Contains(perms, required)
}

package sandbox

import (
	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

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
	PermFullAccess      = apikey.FullAccess
	PermManageAPIKeys   = "manage_api_keys"
	PermManageBilling   = "manage_billing"
)

var catalog = wire.PermissionCatalog{
	Categories: []wire.PermissionCategory{
		{ID: "emails", Label: "Emails", Permissions: []wire.Permission{
			{ID: PermSendEmail, Label: "Send email", Description: "Send single transactional emails and read their status."},
			{ID: PermSendBulkEmail, Label: "Send bulk email (requires approval)", Description: "Send emails to many recipients at once; the account needs bulk sending approved first."},
		}},
		{ID: "campaigns", Label: "Campaigns", Permissions: []wire.Permission{
			{ID: PermReadCampaigns, Label: "Read campaigns", Description: "List campaigns and read their details."},
			{ID: PermWriteCampaigns, Label: "Write campaigns", Description: "Create and edit campaigns."},
			{ID: PermDeleteCampaigns, Label: "Delete campaigns", Description: "Delete campaigns."},
		}},
		{ID: "contacts", Label: "Contacts", Permissions: []wire.Permission{
			{ID: PermReadContacts, Label: "Read contacts", Description: "List contacts and read their details."},
			{ID: PermWriteContacts, Label: "Write contacts", Description: "Create and update contacts."},
			{ID: PermDeleteContacts, Label: "Delete contacts", Description: "Delete contacts."},
		}},
		{ID: "analytics", Label: "Analytics", Permissions: []wire.Permission{
			{ID: PermReadAnalytics, Label: "Read analytics", Description: "Read campaign and sending statistics."},
			{ID: PermExportData, Label: "Export data", Description: "Export contacts and statistics."},
		}},
		{ID: "other", Label: "Templates, domains, inbox and webhooks", Permissions: []wire.Permission{
			{ID: PermManageTemplates, Label: "Manage templates", Description: "Create, edit and delete email templates."},
			{ID: PermManageDomains, Label: "Manage domains", Description: "Add and verify sending domains."},
			{ID: PermReadInbox, Label: "Read inbox", Description: "Read replies and inbound mail."},
			{ID: PermManageWebhooks, Label: "Manage webhooks", Description: "Create and edit webhook endpoints."},
		}},
		{ID: "admin", Label: "Admin", Permissions: []wire.Permission{
			{ID: PermFullAccess, Label: "Full access", Description: "Every permission, including future ones. Use only for trusted servers.", Dangerous: true},
			{ID: PermManageAPIKeys, Label: "Manage API keys", Description: "Create, rotate and revoke API keys.", Dangerous: true},
			{ID: PermManageBilling, Label: "Manage billing", Description: "Change the plan and payment details.", Dangerous: true},
		}},
	},
	// The presets as PenguinMails' docs define them: "Read only" is every read
	// permission (read_inbox included), "Email sending" only the email
	// permissions. This is the one place they live; the UI and the CLI take
	// them from GET /platform/api-keys/permissions.
	Presets: map[string][]string{
		"read_only":     {PermReadCampaigns, PermReadContacts, PermReadAnalytics, PermReadInbox},
		"full_access":   {PermFullAccess},
		"email_sending": {PermSendEmail, PermSendBulkEmail},
	},
}

// knownPerms and dangerousPerms index the catalog.
var knownPerms, dangerousPerms = func() (map[string]bool, map[string]bool) {
	k, d := map[string]bool{}, map[string]bool{}
	for _, c := range catalog.Categories {
		for _, p := range c.Permissions {
			k[p.ID] = true
			if p.Dangerous {
				d[p.ID] = true
			}
		}
	}
	return k, d
}()

// permSet is a key's permissions as a bitset so the gateway's scope check
// costs one AND.
type permSet uint32

var permBits = func() map[string]permSet {
	m := map[string]permSet{}
	i := 0
	for _, c := range catalog.Categories {
		for _, p := range c.Permissions {
			m[p.ID] = 1 << i
			i++
		}
	}
	return m
}()

func makePermSet(perms []string) permSet {
	var s permSet
	for _, p := range perms {
		if p == PermFullAccess {
			return ^permSet(0) // full_access grants every scope
		}
		s |= permBits[p]
	}
	return s
}

func (s permSet) has(perm string) bool { return s&permBits[perm] != 0 }

package sandbox

import (
	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// Permission ids as the routes name them; the catalog, the presets and the
// rules live in apikey.
const (
	PermSendEmail       = apikey.PermSendEmail
	PermSendBulkEmail   = apikey.PermSendBulkEmail
	PermReadCampaigns   = apikey.PermReadCampaigns
	PermWriteCampaigns  = apikey.PermWriteCampaigns
	PermReadContacts    = apikey.PermReadContacts
	PermWriteContacts   = apikey.PermWriteContacts
	PermDeleteContacts  = apikey.PermDeleteContacts
	PermReadAnalytics   = apikey.PermReadAnalytics
	PermFullAccess      = apikey.FullAccess
	PermManageAPIKeys   = apikey.PermManageAPIKeys
	PermManageBilling   = apikey.PermManageBilling
	PermManageTemplates = apikey.PermManageTemplates
)

// catalog is GET /platform/api-keys/permissions: apikey's categories and
// presets in the wire shape.
var catalog = func() wire.PermissionCatalog {
	c := wire.PermissionCatalog{Presets: apikey.PresetMap()}
	for _, cat := range apikey.Categories {
		pc := wire.PermissionCategory{ID: cat.ID, Label: cat.Label}
		for _, p := range cat.Permissions {
			pc.Permissions = append(pc.Permissions, wire.Permission(p))
		}
		c.Categories = append(c.Categories, pc)
	}
	return c
}()

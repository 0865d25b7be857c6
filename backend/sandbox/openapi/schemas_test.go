package openapi

import (
	"reflect"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// The schemas written by hand (for their limits, descriptions and examples)
// name exactly the fields the wire types encode, and require exactly the
// ones sent always (not omitempty).
func TestHandWrittenSchemasMatchTheWireTypes(t *testing.T) {
	doc := schemas()
	for name, v := range map[string]any{
		"SendEmailRequest": wire.SendEmailRequest{}, "QueuedEmail": wire.SendEmailResponse{}, "Email": wire.Email{},
		"CreateContactRequest": wire.CreateContactRequest{}, "Contact": wire.Contact{}, "ContactList": wire.ContactList{},
		"DeletedContact": wire.DeleteContactResponse{}, "CreateCampaignRequest": wire.CreateCampaignRequest{},
		"Campaign": wire.Campaign{}, "CampaignList": wire.CampaignList{}, "CampaignStats": wire.CampaignStats{},
		"Key": wire.Key{}, "Rotation": wire.Rotation{}, "PreviousSecret": wire.PreviousSecret{},
		"RotateKeyRequest": wire.RotateKeyRequest{}, "RotatedKey": wire.RotateKeyResponse{},
		"NotificationRequest": wire.NotificationRequest{}, "NotificationResponse": wire.NotificationResponse{},
		"LogEntry": wire.LogEntry{}, "LogPage": wire.LogPage{}, "AuditEntry": wire.AuditEntry{}, "AuditPage": wire.AuditPage{},
		"TenantSettings": wire.TenantSettings{}, "TenantSettingsPatch": wire.TenantSettingsPatch{},
	} {
		hand := doc[name]
		if hand == nil {
			t.Errorf("no schema %s", name)
			continue
		}
		derived := deriver{schemas: openapi3.Schemas{}}.object(reflect.TypeOf(v))
		if got, want := keys(hand.Value.Properties), keys(derived.Properties); !slices.Equal(got, want) {
			t.Errorf("%s: the schema names %v, %T encodes %v", name, got, v, want)
		}
		got, want := slices.Sorted(slices.Values(hand.Value.Required)), slices.Sorted(slices.Values(derived.Required))
		if !slices.Equal(got, want) {
			t.Errorf("%s: the schema requires %v, %T always sends %v", name, got, v, want)
		}
	}
}

func keys(p openapi3.Schemas) []string {
	out := make([]string, 0, len(p))
	for k := range p {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

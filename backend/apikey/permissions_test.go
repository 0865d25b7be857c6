package apikey

import (
	"slices"
	"testing"
)

func TestPresets(t *testing.T) {
	var reads []string
	for _, c := range Categories {
		for _, p := range c.Permissions {
			if len(p.ID) > 5 && p.ID[:5] == "read_" {
				reads = append(reads, p.ID)
			}
		}
	}
	m := PresetMap()
	if !slices.Equal(m["read_only"], reads) {
		t.Errorf("read_only = %v, want every read permission %v", m["read_only"], reads)
	}
	if !slices.Equal(m["email_sending"], []string{PermSendEmail, PermSendBulkEmail}) {
		t.Errorf("email_sending = %v", m["email_sending"])
	}
	if !slices.Equal(m["full_access"], []string{FullAccess}) {
		t.Errorf("full_access = %v", m["full_access"])
	}
	labels := []string{}
	for _, p := range Presets {
		labels = append(labels, p.Label)
	}
	if !slices.Equal(labels, []string{"Read only", "Email sending", "Full access"}) {
		t.Errorf("labels %v", labels)
	}
}

func TestPermSet(t *testing.T) {
	s := PermSetOf([]string{PermSendEmail, "not_a_permission"})
	for perm, want := range map[string]bool{PermSendEmail: true, PermSendBulkEmail: false, "": true, "not_a_permission": false} {
		if s.Has(perm) != want {
			t.Errorf("Has(%q) = %v", perm, !want)
		}
	}
	if !PermSetOf([]string{FullAccess}).Has("added_later") {
		t.Error("full_access must grant permissions added later")
	}
	if !AnyDangerous([]string{PermSendEmail, PermManageBilling}) || AnyDangerous([]string{PermSendEmail}) {
		t.Error("dangerous")
	}
	if got := InCatalogOrder([]string{PermReadInbox, PermSendEmail, PermReadInbox, "x"}); !slices.Equal(got, []string{PermSendEmail, PermReadInbox}) {
		t.Errorf("InCatalogOrder = %v", got)
	}
	if !Known(PermManageWebhooks) || Known("x") {
		t.Error("Known")
	}
}

package app

import (
	"context"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
)

// The key domain's rules, asked by the UI instead of keeping its own copies
// (issue #12): the create and edit forms' checks with their messages, the
// mask, the presets, "full_access grants everything", and which key a
// pasted secret belongs to. None of these keeps a secret.

// KeyDraft is a create or edit form as the user fills it in. A nil field is
// not checked (an edit form leaves alone what the user did not touch).
type KeyDraft struct {
	Name        *string   `json:"name,omitempty"`
	Description *string   `json:"description,omitempty"`
	Permissions *[]string `json:"permissions,omitempty"`
	// ExpiresAt is RFC 3339; "" when a custom date is wanted but not chosen.
	ExpiresAt *string `json:"expires_at,omitempty"`
	// AllowedIPs is the allow-list as typed: one entry per line, commas and
	// spaces also separate.
	AllowedIPs *string `json:"allowed_ips,omitempty"`
}

// KeyDraftCheck is what is wrong with a draft, by field, in the platform's
// own words, and the allow-list's entries as they are to be sent.
type KeyDraftCheck struct {
	Fields     map[string]string `json:"fields"`
	AllowedIPs []string          `json:"allowed_ips"`
}

// Check validates a draft with the rules the platform applies, so the form
// names each problem before anything is sent (the platform re-checks).
func (k *Keys) Check(d KeyDraft) (KeyDraftCheck, error) {
	out := KeyDraftCheck{Fields: map[string]string{}, AllowedIPs: []string{}}
	add := func(field, problem string) {
		if problem != "" {
			out.Fields[field] = problem
		}
	}
	if d.Name != nil {
		_, p := apikey.CheckName(*d.Name)
		add("name", p)
	}
	if d.Description != nil {
		_, p := apikey.CheckDescription(*d.Description)
		add("description", p)
	}
	if d.Permissions != nil {
		_, p := apikey.CheckPermissions(*d.Permissions)
		add("permissions", p)
	}
	if d.ExpiresAt != nil {
		at, err := time.Parse(time.RFC3339, strings.TrimSpace(*d.ExpiresAt))
		if err != nil {
			add("expires_at", apikey.MsgExpiryMissing)
		} else {
			add("expires_at", apikey.CheckExpiry(at, k.now()))
		}
	}
	if d.AllowedIPs != nil {
		out.AllowedIPs = apikey.SplitAllowList(*d.AllowedIPs)
		_, p := apikey.CheckAllowList(out.AllowedIPs)
		add("allowed_ips", p)
	}
	return out, nil
}

func (k *Keys) now() time.Time {
	if k.clock != nil {
		return k.clock()
	}
	return time.Now()
}

// Mask is the masked form of a secret, the one the platform shows
// (pm_live_a1b...o5p6).
func (k *Keys) Mask(secret string) (string, error) {
	return apikey.Mask(strings.TrimSpace(secret)), nil
}

// KeyIdentity says which of the tenant's keys a secret belongs to.
type KeyIdentity struct {
	// Problem is set when the text cannot be a PenguinMails key at all.
	Problem string `json:"problem,omitempty"`
	Masked  string `json:"masked"`
	// KeyID is "" when no key of the tenant has this secret.
	KeyID string `json:"key_id"`
	Name  string `json:"name"`
}

// Identify finds the key a pasted secret belongs to, from the tenant's keys
// fetched fresh: the platform shows each key's secret only masked, so the
// secret's masked form is what is compared. The secret is neither kept nor
// returned.
func (k *Keys) Identify(secret string) (KeyIdentity, error) {
	s := strings.TrimSpace(secret)
	if !strings.HasPrefix(s, apikey.PrefixLive) && !strings.HasPrefix(s, apikey.PrefixTest) {
		return KeyIdentity{Problem: "A PenguinMails key starts with pm_live_ or pm_test_", Masked: apikey.Mask(s)}, nil
	}
	out := KeyIdentity{Masked: apikey.Mask(s)}
	var list *wire.KeyList
	err := k.call(func(ctx context.Context, c *platform.Client) (err error) {
		list, err = c.ListKeys(ctx, wire.KeyListQuery{Status: "all"})
		return
	})
	if err != nil {
		return KeyIdentity{}, err
	}
	for _, key := range list.APIKeys {
		if key.MaskedKey == out.Masked {
			out.KeyID, out.Name = key.KeyID, key.Name
			return out, nil
		}
	}
	return out, nil
}

// Presets are the create wizard's permission presets, in the order shown.
func (k *Keys) Presets() ([]apikey.Preset, error) { return apikey.Presets, nil }

// Grants reports, for each permission in needs, whether a key holding
// perms may use an endpoint that needs it (full_access grants everything).
func (k *Keys) Grants(perms, needs []string) ([]bool, error) {
	out := make([]bool, len(needs))
	for i, n := range needs {
		out[i] = n != "" && apikey.Grants(perms, n)
	}
	return out, nil
}

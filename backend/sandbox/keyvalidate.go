package sandbox

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// Validation of key bodies (SPEC §2.3). Each helper adds its problem to
// fields under the JSON field's name.

func validateName(name string, fields map[string]string) string {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	if n < 1 || n > 50 {
		fields["name"] = wire.MsgNameInvalid
		return name
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' ' || r == '-' || r == '_') {
			fields["name"] = wire.MsgNameChars
			break
		}
	}
	return name
}

func validateDescription(d string, fields map[string]string) string {
	d = strings.TrimSpace(d)
	if utf8.RuneCountInString(d) > 500 {
		fields["description"] = "Description must be at most 500 characters"
	}
	return d
}

// validatePermissions returns the permissions deduplicated, in catalog order.
func validatePermissions(perms []string, fields map[string]string) []string {
	if len(perms) == 0 {
		fields["permissions"] = wire.MsgSelectPermission
		return nil
	}
	var unknown []string
	for _, p := range perms {
		if !apikey.Known(p) {
			unknown = append(unknown, p)
		}
	}
	if len(unknown) > 0 {
		fields["permissions"] = unknownPermissions(unknown)
		return nil
	}
	return apikey.InCatalogOrder(perms)
}

// minExpiryAhead keeps a key from being born expired (or expiring before
// its secret has been copied).
const minExpiryAhead = time.Minute

// maxNamedUnknown is how many unknown permissions an error names; a huge
// list in must not make a huger answer out.
const maxNamedUnknown = 5

// unknownPermissions names the first few unknown permissions (each cut to
// 40 characters) and says how many more there are.
func unknownPermissions(unknown []string) string {
	seen := map[string]bool{}
	var distinct []string
	for _, p := range unknown {
		if !seen[p] {
			seen[p] = true
			distinct = append(distinct, p)
		}
	}
	named := make([]string, 0, maxNamedUnknown)
	for _, p := range distinct[:min(len(distinct), maxNamedUnknown)] {
		if r := []rune(p); len(r) > 40 {
			p = string(r[:40]) + "…"
		}
		named = append(named, fmt.Sprintf("%q", p))
	}
	word := "Unknown permission: "
	if len(distinct) > 1 {
		word = "Unknown permissions: "
	}
	msg := word + strings.Join(named, ", ")
	if more := len(distinct) - len(named); more > 0 {
		msg += fmt.Sprintf(" and %d more", more)
	}
	return msg
}

func validateExpiry(at *time.Time, now time.Time, fields map[string]string) *time.Time {
	if at == nil {
		return nil
	}
	if at.Sub(now) < minExpiryAhead {
		fields["expires_at"] = "Expiry date must be at least 1 minute in the future"
		return nil
	}
	t := at.UTC().Truncate(time.Second)
	return &t
}

func validateAllowList(ips []string, fields map[string]string) []string {
	_, canon, err := apikey.ParseAllowList(ips)
	if err != nil {
		fields["allowed_ips"] = err.Error()
		return nil
	}
	if canon == nil {
		canon = []string{}
	}
	return canon
}

func hasDangerous(perms []string) bool { return apikey.AnyDangerous(perms) }

// validateCreate checks a create body and returns the cleaned values.
func validateCreate(req *wire.CreateKeyRequest, now time.Time) (keyRec, map[string]string) {
	fields := map[string]string{}
	r := keyRec{
		Name:        validateName(req.Name, fields),
		Description: validateDescription(req.Description, fields),
		Permissions: validatePermissions(req.Permissions, fields),
		ExpiresAt:   validateExpiry(req.ExpiresAt, now, fields),
		AllowedIPs:  validateAllowList(req.AllowedIPs, fields),
		Environment: req.Environment,
	}
	if r.Environment != "live" && r.Environment != "test" {
		fields["environment"] = `Environment must be "live" or "test"`
	}
	return r, fields
}

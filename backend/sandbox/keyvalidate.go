package sandbox

import (
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// Validation of key bodies (SPEC §2.3) with apikey's rules, the ones the
// console checks as the user types. Each helper adds its problem to fields
// under the JSON field's name and returns the cleaned value.

// note records problem under field, if there is one.
func note(fields map[string]string, field, problem string) {
	if problem != "" {
		fields[field] = problem
	}
}

func validateName(name string, fields map[string]string) string {
	clean, problem := apikey.CheckName(name)
	note(fields, "name", problem)
	return clean
}

func validateDescription(d string, fields map[string]string) string {
	clean, problem := apikey.CheckDescription(d)
	note(fields, "description", problem)
	return clean
}

// validatePermissions returns the permissions deduplicated, in catalog order.
func validatePermissions(perms []string, fields map[string]string) []string {
	ordered, problem := apikey.CheckPermissions(perms)
	note(fields, "permissions", problem)
	return ordered
}

func validateExpiry(at *time.Time, now time.Time, fields map[string]string) *time.Time {
	if at == nil {
		return nil
	}
	if problem := apikey.CheckExpiry(*at, now); problem != "" {
		fields["expires_at"] = problem
		return nil
	}
	t := at.UTC().Truncate(time.Second)
	return &t
}

func validateAllowList(ips []string, fields map[string]string) []string {
	canon, problem := apikey.CheckAllowList(ips)
	note(fields, "allowed_ips", problem)
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
	note(fields, "environment", apikey.CheckEnvironment(r.Environment))
	return r, fields
}

package apikey

import "slices"

// FullAccess is the permission that grants every other one, including
// permissions added later (SPEC §2.3, admin group).
const FullAccess = "full_access"

// Grants reports whether a key holding perms may use an endpoint that needs
// required ("" when it needs none).
func Grants(perms []string, required string) bool {
	return required == "" || slices.Contains(perms, FullAccess) || slices.Contains(perms, required)
}

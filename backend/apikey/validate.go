package apikey

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The product's words for a key body's problems (SPEC §2.1, §2.3): the
// platform answers with them and the console shows them as the user types.
const (
	MsgNameInvalid      = "Name must be 1-50 characters"
	MsgNameChars        = "Name may only contain letters, digits, spaces, - and _"
	MsgSelectPermission = "Select at least one permission"
	MsgDescriptionLong  = "Description must be at most 500 characters"
	MsgExpiryTooSoon    = "Expiry date must be at least 1 minute in the future"
	MsgExpiryMissing    = "Choose an expiry date"
	MsgEnvironment      = `Environment must be "live" or "test"`
)

// MinExpiryAhead keeps a key from being born expired (or expiring before its
// secret has been copied).
const MinExpiryAhead = time.Minute

// maxNamedUnknown is how many unknown permissions an error names; a huge
// list in must not make a huger answer out.
const maxNamedUnknown = 5

// CheckName returns the name trimmed, and its problem ("" when fine): 1-50
// characters, ASCII letters, digits, spaces, - and _.
func CheckName(name string) (clean, problem string) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 50 {
		return name, MsgNameInvalid
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' ' || r == '-' || r == '_') {
			return name, MsgNameChars
		}
	}
	return name, ""
}

// CheckDescription returns the description trimmed, and its problem.
func CheckDescription(d string) (clean, problem string) {
	d = strings.TrimSpace(d)
	if utf8.RuneCountInString(d) > 500 {
		return d, MsgDescriptionLong
	}
	return d, ""
}

// CheckEnvironment names a bad environment ("live" or "test").
func CheckEnvironment(env string) string {
	if env != "live" && env != "test" {
		return MsgEnvironment
	}
	return ""
}

// CheckPermissions returns the permissions each once in catalog order, or
// the problem: none chosen, or the first few unknown ones named.
func CheckPermissions(perms []string) (ordered []string, problem string) {
	if len(perms) == 0 {
		return nil, MsgSelectPermission
	}
	var unknown []string
	for _, p := range perms {
		if !Known(p) {
			unknown = append(unknown, p)
		}
	}
	if len(unknown) > 0 {
		return nil, unknownPermissions(unknown)
	}
	return InCatalogOrder(perms), ""
}

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

// CheckExpiry names an expiry that is not at least MinExpiryAhead after now.
func CheckExpiry(at, now time.Time) string {
	if at.Sub(now) < MinExpiryAhead {
		return MsgExpiryTooSoon
	}
	return ""
}

// CheckAllowList returns the canonical entries to store, or every bad
// entry's problem, one per line.
func CheckAllowList(entries []string) (canonical []string, problem string) {
	if _, canonical, err := ParseAllowList(entries); err == nil {
		if canonical == nil {
			canonical = []string{}
		}
		return canonical, ""
	} else if len(entries) > maxAllowList {
		return nil, err.Error()
	}
	var problems []string
	for _, e := range entries {
		if _, _, err := ParseAllowList([]string{e}); err != nil {
			problems = append(problems, err.Error())
		}
	}
	return nil, strings.Join(problems, "\n")
}

// SplitAllowList splits what a user typed into entries: one per line, and
// commas and spaces also separate.
func SplitAllowList(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
}

// Package apikey holds the rules of the key domain in one place, with no
// dependency beyond the standard library: the secret format and checksum,
// masking and log redaction, IP allow-lists and the full_access rule. The
// embedded platform, the client, the tester and the logger all use it.
package apikey

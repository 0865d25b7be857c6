// Package apikey holds the rules of the key domain in one place, with no
// dependency beyond the standard library: the secret format and checksum,
// masking and log redaction, IP allow-lists, the permission catalog, its
// presets and the full_access rule, the plans and their rate-limit maths,
// and the gateway's decision itself (key status → IP → scope → rate limit).
// The embedded platform, the client, the tester, the console's UI (through
// bound methods) and the logger all use it.
package apikey

// Package platform is the typed client for the PenguinMails API v1 (SPEC §2):
// one resty client, auth added in one place, and CheckResponse turning every
// error answer into *wire.APIError. The bodies it sends and reads are the
// types of backend/wire.
package platform

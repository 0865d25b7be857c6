package app

import (
	"context"
	"errors"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
)

// Keys manages API keys. Keys are never cached (SPEC §4): every call goes to
// the platform, and nothing here keeps a secret after returning it once.
type Keys struct {
	session *Session
	timeout time.Duration
	clock   func() time.Time // nil: real time
}

func (k *Keys) call(fn func(ctx context.Context, c *platform.Client) error) error {
	c, err := k.session.apiClient()
	if err != nil {
		return err
	}
	ctx, cancel := k.session.callContext(k.timeout)
	defer cancel()
	err = fn(ctx, c)
	if err != nil && IsUnreachable(err) {
		k.session.setOnline(false)
	}
	return ToUI(err)
}

// sudoCall runs a sensitive call with the sudo token, dropping a token the
// platform refuses so the UI asks for the password again.
func (k *Keys) sudoCall(fn func(ctx context.Context, c *platform.Client, sudo string) error) error {
	tok, err := k.session.sudo()
	if err != nil {
		return err
	}
	err = k.call(func(ctx context.Context, c *platform.Client) error { return fn(ctx, c, tok) })
	var ue *UIError
	if errors.As(err, &ue) && ue.Code == wire.CodeSudoRequired {
		k.session.dropSudo()
	}
	return err
}

// List returns the tenant's keys, fresh from the platform.
func (k *Keys) List(q wire.KeyListQuery) (*wire.KeyList, error) {
	var out *wire.KeyList
	err := k.call(func(ctx context.Context, c *platform.Client) (err error) { out, err = c.ListKeys(ctx, q); return })
	return out, err
}

// Permissions returns the permission catalog.
func (k *Keys) Permissions() (*wire.PermissionCatalog, error) {
	var out *wire.PermissionCatalog
	err := k.call(func(ctx context.Context, c *platform.Client) (err error) { out, err = c.Permissions(ctx); return })
	return out, err
}

// Get returns one key with usage and audit details.
func (k *Keys) Get(keyID string) (*wire.KeyDetails, error) {
	var out *wire.KeyDetails
	err := k.call(func(ctx context.Context, c *platform.Client) (err error) { out, err = c.GetKey(ctx, keyID); return })
	return out, err
}

// Create creates a key (sudo). The answer is the only time the secret is seen.
func (k *Keys) Create(req wire.CreateKeyRequest) (*wire.CreateKeyResponse, error) {
	var out *wire.CreateKeyResponse
	err := k.sudoCall(func(ctx context.Context, c *platform.Client, s string) (err error) {
		out, err = c.CreateKey(ctx, s, req)
		return
	})
	return out, err
}

// Update edits a key's name, description, permissions, IP list or expiry (sudo).
func (k *Keys) Update(keyID string, req wire.UpdateKeyRequest) (*wire.Key, error) {
	var out *wire.Key
	err := k.sudoCall(func(ctx context.Context, c *platform.Client, s string) (err error) {
		out, err = c.UpdateKey(ctx, s, keyID, req)
		return
	})
	return out, err
}

// Rotate issues a new secret (sudo); the replaced one keeps working for
// grace: "now", "1h", "24h", "3d" or "7d" ("" = the platform's 24h).
func (k *Keys) Rotate(keyID, grace string) (*wire.RotateKeyResponse, error) {
	var out *wire.RotateKeyResponse
	err := k.sudoCall(func(ctx context.Context, c *platform.Client, s string) (err error) {
		out, err = c.RotateKey(ctx, s, keyID, wire.RotateKeyRequest{Grace: grace})
		return
	})
	return out, err
}

// Revoke revokes a key for good (sudo).
func (k *Keys) Revoke(keyID string) (*wire.RevokeKeyResponse, error) {
	var out *wire.RevokeKeyResponse
	err := k.sudoCall(func(ctx context.Context, c *platform.Client, s string) (err error) {
		out, err = c.RevokeKey(ctx, s, keyID)
		return
	})
	return out, err
}

// Package sandboxtest runs the real embedded platform on loopback for the
// tests of other packages, and signs in to it, so that each suite does not
// repeat the same start-up code.
package sandboxtest

import (
	"context"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"golang.org/x/crypto/bcrypt"
)

// The seeded demo users.
const (
	Admin     = "admin@demo.penguinmails.test"
	Developer = "developer@demo.penguinmails.test"
	Support   = "support@demo.penguinmails.test"
)

// Password is the demo password when the config gives none.
const Password = "sandboxtest-demo-password"

// Start runs a sandbox on a free loopback port and closes it when the test
// ends (Close is idempotent, so a test may also stop it earlier). cfg's
// DataDir defaults to a fresh temporary directory, DemoPassword to Password,
// PasswordCost to bcrypt.MinCost (tests only, see sandbox.Config).
func Start(t testing.TB, cfg sandbox.Config) (*sandbox.Server, string) {
	t.Helper()
	return StartOn(t, cfg, "127.0.0.1:0")
}

// clientTimeout bounds the helpers' requests. It only stops a hung test:
// under the race detector on a loaded 2-core CI machine a sign-in or a sudo
// can take many seconds, and no test asserts a duration with it.
const clientTimeout = 2 * time.Minute

// StartOn is Start on a given address, e.g. to restart a platform where
// clients expect it.
func StartOn(t testing.TB, cfg sandbox.Config, addr string) (*sandbox.Server, string) {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.DemoPassword == "" {
		cfg.DemoPassword = Password
	}
	if cfg.PasswordCost == 0 {
		cfg.PasswordCost = bcrypt.MinCost
	}
	sb, err := sandbox.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	url, err := sb.Listen(addr)
	if err != nil {
		sb.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb, url
}

// SignIn returns a client of the platform at url signed in as email.
func SignIn(t testing.TB, url, email, password string) *platform.Client {
	t.Helper()
	c, err := platform.NewClient(url, clientTimeout)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	if _, err := c.Login(ctx, email, password); err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
	return c
}

// Sudo confirms the password and returns the sudo token.
func Sudo(t testing.TB, c *platform.Client, password string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	s, err := c.Sudo(ctx, password)
	if err != nil {
		t.Fatalf("sudo: %v", err)
	}
	return s.SudoToken
}

package tester_test

import (
	"context"
	"testing"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

const demoPassword = "tester-demo-password-1"

// realPlatform is the real sandbox on a loopback port with an admin signed
// in and sudo granted, as a user of the console would have it.
type realPlatform struct {
	URL    string
	Client *platform.Client
	Sudo   string
}

func startPlatform(t *testing.T) *realPlatform {
	t.Helper()
	_, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: demoPassword})
	c := sandboxtest.SignIn(t, url, sandboxtest.Admin, demoPassword)
	return &realPlatform{URL: url, Client: c, Sudo: sandboxtest.Sudo(t, c, demoPassword)}
}

func (p *realPlatform) createKey(t *testing.T, req wire.CreateKeyRequest) (secret string, key wire.Key) {
	t.Helper()
	if req.Environment == "" {
		req.Environment = "test"
	}
	r, err := p.Client.CreateKey(context.Background(), p.Sudo, req)
	if err != nil {
		t.Fatalf("create key %q: %v", req.Name, err)
	}
	return r.APIKey, r.Key
}

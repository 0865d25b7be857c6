package tester_test

import (
	"context"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
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
	sb, err := sandbox.New(sandbox.Config{DataDir: t.TempDir(), DemoPassword: demoPassword})
	if err != nil {
		t.Fatal(err)
	}
	url, err := sb.Listen("127.0.0.1:0")
	if err != nil {
		sb.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	c, err := platform.NewClient(url, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Login(ctx, "admin@demo.penguinmails.test", demoPassword); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	s, err := c.Sudo(ctx, demoPassword)
	if err != nil {
		t.Fatalf("sudo: %v", err)
	}
	return &realPlatform{URL: url, Client: c, Sudo: s.SudoToken}
}

func (p *realPlatform) createKey(t *testing.T, req platform.CreateKeyRequest) (secret string, key platform.Key) {
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

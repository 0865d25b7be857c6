package live

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

const demoPassword = "live-test-password-1"

func startSandbox(t *testing.T, dir, addr string) (*sandbox.Server, string) {
	t.Helper()
	return sandboxtest.StartOn(t, sandbox.Config{DataDir: dir, DemoPassword: demoPassword}, addr)
}

// gatewayKey signs in as the demo admin and creates a key for send_email.
func gatewayKey(t *testing.T, c *platform.Client) string {
	t.Helper()
	ctx := t.Context()
	if _, err := c.Login(ctx, "admin@demo.penguinmails.test", demoPassword); err != nil {
		t.Fatal(err)
	}
	sudo, err := c.Sudo(ctx, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{Name: "live test", Environment: "test", Permissions: []string{"send_email"}})
	if err != nil {
		t.Fatal(err)
	}
	return res.APIKey
}

func sendEmail(t *testing.T, base, key string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/emails/send", strings.NewReader(`{"to":"a@example.com","subject":"hi","text_body":"x"}`))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("gateway answered %d", resp.StatusCode)
	}
}

// sawRequest: a tick counts a request in its last second, or the requests
// of the last minute rose above rpmBefore.
func sawRequest(ticks []wire.LiveMessage, rpmBefore int64) bool {
	for _, m := range ticks {
		if m.Requests > 0 || m.RPM > rpmBefore {
			return true
		}
	}
	return false
}

// Against the real sandbox: ticks flow, a gateway request shows up in the
// stream, the platform is stopped and started again mid-stream, the client
// notices, reconnects and carries on, and nothing leaks.
func TestAgainstTheSandboxAcrossARestart(t *testing.T) {
	base := runtime.NumGoroutine()
	dir := t.TempDir()
	sb, url := startSandbox(t, dir, "127.0.0.1:0")
	addr := strings.TrimPrefix(url, "http://")
	pc, err := platform.NewClient(url, 2*time.Minute) // a bound for a hung test, not an assertion
	if err != nil {
		t.Fatal(err)
	}
	key := gatewayKey(t, pc)

	rec := newRecorder()
	o := rec.options(pc.LiveURL(), "")
	o.Token = pc.Token
	o.After = time.After // real backoff waits against a real server
	o.Backoff = Backoff{Base: 50 * time.Millisecond, Max: 500 * time.Millisecond, Rand: func() float64 { return 0.5 }}
	c := New(o)
	c.Start(context.Background())
	rec.waitFor(t, "live", func() bool { return rec.last().State == StateLive })

	// A gateway request appears in the live stream within 1.5 s (SPEC §6).
	sent := time.Now()
	sendEmail(t, url, key)
	rec.waitFor(t, "the request in a tick", func() bool { return sawRequest(rec.ticks, 0) })
	if el := time.Since(sent); el > 1500*time.Millisecond {
		t.Errorf("request reached the live stream after %s, want < 1.5 s", el)
	}

	// Stop the platform mid-stream.
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "reconnecting", func() bool { return rec.last().State != StateLive })
	// Let a few attempts fail against the closed port.
	rec.waitFor(t, "failed attempts", func() bool { return rec.last().Attempt >= 2 })

	// Start it again on the same address and data; the session survives.
	sb, _ = startSandbox(t, dir, addr)
	defer sb.Close()
	rec.mu.Lock()
	rec.ticks = nil
	rec.mu.Unlock()
	rec.waitFor(t, "live again", func() bool { return rec.last().State == StateLive && len(rec.ticks) > 0 })
	rec.mu.Lock()
	before := rec.lastTick().RPM
	rec.mu.Unlock()
	sendEmail(t, url, key)
	rec.waitFor(t, "the request in a tick after the restart", func() bool { return sawRequest(rec.ticks, before) })
	c.Stop()
	if c.Status().State != StateOffline {
		t.Errorf("after Stop: %+v", c.Status())
	}
	sb.Close()
	http.DefaultClient.CloseIdleConnections()
	settleGoroutines(t, base)
}

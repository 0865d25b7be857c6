package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// syncBuffer is a buffer a running command writes while the test reads;
// each write wakes whoever waits for it.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{written: make(chan struct{}, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.written <- struct{}{}:
	default:
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// waitFor waits until the buffer holds want, failing after 20 s.
func (s *syncBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for !strings.Contains(s.String(), want) {
		select {
		case <-s.written:
		case <-timeout:
			t.Fatalf("after 20 s still no %q in %q", want, s.String())
		}
	}
}

func jsonLines(t *testing.T, s string) []wire.LogEntry {
	t.Helper()
	var out []wire.LogEntry
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line == "" {
			continue
		}
		var e wire.LogEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("not a JSON line: %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

func TestLogsTail(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	c := newConsole(t, url)
	c.ok(sandboxtest.Password+"\n", "login", "--email", sandboxtest.Admin)
	secret := strings.TrimSpace(c.ok(sandboxtest.Password+"\n", "keys", "create", "--name", "tail", "--permissions", "read_contacts").stdout)
	callGateway(t, url, secret)                                                // 200
	callGateway(t, url, secret)                                                // 200
	if st := callGatewayPath(t, url, secret, "/api/v1/campaigns"); st != 403 { // the key lacks read_campaigns
		t.Fatalf("campaigns answered %d", st)
	}

	// The past requests, oldest first, as JSON lines; then the end.
	past := jsonLines(t, c.ok("", "logs", "tail", "--follow=false", "--lines", "5", "--json").stdout)
	if len(past) != 3 || past[0].Path != "/api/v1/contacts" || past[2].Status != 403 || !past[0].At.Before(past[2].At) {
		t.Fatalf("logs tail --follow=false: %+v", past)
	}
	if strings.Contains(c.ok("", "logs", "tail", "--follow=false").stdout, secret) {
		t.Error("the request log printed a secret")
	}
	denied := jsonLines(t, c.ok("", "logs", "tail", "--follow=false", "--status", "4xx", "--json").stdout)
	if len(denied) != 1 || denied[0].Error != wire.CodeInsufficientPermissions {
		t.Errorf("--status 4xx: %+v", denied)
	}
	if text := c.ok("", "logs", "tail", "--follow=false", "--path", "/campaigns").stdout; !strings.Contains(text, "GET    /api/v1/campaigns  403") || strings.Contains(text, "/contacts") {
		t.Errorf("--path /campaigns:\n%s", text)
	}
	expect(t, c.run("", "logs", "tail", "--status", "teapot!"), ExitUsage, "--status: status must be 2xx")
	expect(t, c.run("", "logs", "tail", "--lines", "500"), ExitUsage, "--lines 500: want 0 to 200")
	expect(t, c.run("", "logs"), ExitUsage, "missing sub-command: logs tail")

	// Following: only new requests that match, until the context ends (Ctrl+C).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errb := newSyncBuffer(), newSyncBuffer()
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, "logs", []string{"tail", "--lines", "0", "--status", "2xx", "--json", "--data-dir", c.dir, "--api-url", url},
			IO{Stdin: strings.NewReader(""), Stdout: out, Stderr: errb})
	}()
	errb.waitFor(t, "Waiting for new requests")
	callGatewayPath(t, url, secret, "/api/v1/campaigns") // 403: filtered out
	callGateway(t, url, secret)                          // 200: shown
	out.waitFor(t, "/api/v1/contacts")
	cancel()
	if code := <-done; code != ExitOK {
		t.Errorf("logs tail after Ctrl+C: exit %d, stderr %q", code, errb.String())
	}
	live := jsonLines(t, out.String())
	if len(live) != 1 || live[0].Status != 200 || live[0].KeyName != "tail" {
		t.Errorf("followed entries %+v", live)
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/jobs"
	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// The tests start the console as a real process: the test binary itself,
// re-executed with PM_CONSOLE_MAIN=1, runs main's run() with the
// arguments it is given.
func TestMain(m *testing.M) {
	switch os.Getenv("PM_CONSOLE_MAIN") {
	case "1":
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	case "stuck":
		stuckChild()
	}
	os.Exit(m.Run())
}

// stuckChild stands for a console whose clean stop hangs: it takes the
// stop signals like run() does and then never finishes stopping.
func stuckChild() {
	ctx, _ := onStopSignal(os.Stderr)
	fmt.Println("ready")
	<-ctx.Done()
	select {} // the clean stop never ends
}

// proc is a console running as a child process. Its environment carries a
// marker that every process it starts inherits, so anything it leaves
// behind can be found in /proc.
type proc struct {
	cmd    *exec.Cmd
	marker string
	lines  chan string // stdout, line by line
	mu     sync.Mutex
	stderr bytes.Buffer
	done   chan struct{}
}

func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	raw := make([]byte, 8)
	rand.Read(raw)
	p := &proc{marker: "PM_LIFECYCLE_MARKER=" + hex.EncodeToString(raw), lines: make(chan string, 64), done: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], args...)
	p.cmd.Env = append(env, p.marker)
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.stderr.Write(b)
	})
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case p.lines <- sc.Text():
			default: // nobody reads any more
			}
		}
		close(p.lines)
	}()
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

func (p *proc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// line waits for a stdout line holding prefix and returns what follows it.
func (p *proc) line(t *testing.T, prefix string) string {
	t.Helper()
	// Generous: a race-detector build on a loaded machine starts slowly.
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				t.Fatalf("the console exited before printing %q; its log:\n%s", prefix, p.log())
			}
			if _, rest, found := strings.Cut(l, prefix); found {
				return rest
			}
		case <-timeout:
			t.Fatalf("no %q line within 2 minutes; log:\n%s", prefix, p.log())
		}
	}
}

// waitLog waits until the console's log has a line containing s, calling
// poke between looks (to cause what is awaited).
func (p *proc) waitLog(t *testing.T, s string, poke func()) {
	t.Helper()
	p.waitLogLine(t, poke, s)
}

// waitLogLine is waitLog for a line holding every one of parts.
func (p *proc) waitLogLine(t *testing.T, poke func(), parts ...string) {
	t.Helper()
	s := strings.Join(parts, " … ")
	for range 240 {
		for _, l := range strings.Split(p.log(), "\n") {
			if containsAll(l, parts) {
				return
			}
		}
		poke()
		time.Sleep(250 * time.Millisecond) // polling a real process
	}
	t.Fatalf("%q never appeared in the log:\n%s", s, p.log())
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// stop sends SIGTERM and checks the console's promise: status 0 within
// 5 s (stopBound: longer under the race detector, which slows the console
// down several times), a log saying it stopped cleanly, and no process of
// its left.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(stopBound):
		t.Fatalf("still running %v after SIGTERM; log:\n%s", time.Duration(stopBound), p.log())
	}
	took := time.Since(start)
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit status %d after SIGTERM (want 0); log:\n%s", code, p.log())
	}
	if !strings.Contains(p.log(), "stopped cleanly") {
		t.Fatalf("no clean stop in the log:\n%s", p.log())
	}
	t.Logf("stopped %v after SIGTERM", took.Round(time.Millisecond))
	if left := processesWith(p.marker); len(left) > 0 {
		t.Fatalf("processes left behind after the stop:\n%s", strings.Join(left, "\n"))
	}
}

// processesWith lists the live processes whose environment holds marker.
func processesWith(marker string) []string {
	pids, _ := filepath.Glob("/proc/[0-9]*")
	var out []string
	for _, dir := range pids {
		env, err := os.ReadFile(filepath.Join(dir, "environ"))
		if err != nil || !bytes.Contains(env, append([]byte(marker), 0)) {
			continue
		}
		if st, err := os.ReadFile(filepath.Join(dir, "stat")); err == nil && bytes.Contains(st, []byte(") Z ")) {
			continue // a zombie is gone, its parent has not reaped it yet
		}
		cmd, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
		out = append(out, filepath.Base(dir)+": "+strings.ReplaceAll(string(cmd), "\x00", " "))
	}
	return out
}

// consoleEnv is this environment for a console child: without a session
// bus address (as on a server, or in a browser-only session), so a
// console that tried to notify the desktop would autolaunch a bus.
func consoleEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") || strings.HasPrefix(kv, "PM_CONSOLE_MAIN=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PM_CONSOLE_MAIN=1")
}

// The platform alone (sandbox mode) under demo traffic: SIGTERM right after
// acknowledged requests stops it with status 0 within 5 s, leaves no
// process, and a restart finds the key and every request it answered, in
// the key's counter and in the usage analytics.
func TestSandboxStopsCleanlyOnSIGTERM(t *testing.T) {
	dir := t.TempDir()
	const pw = "lifecycle-demo-password"
	p := startProc(t, consoleEnv(), "sandbox", "--addr", "127.0.0.1:0", "--data-dir", dir, "--demo-traffic", "--demo-password", pw)
	url := p.line(t, "http://")
	url = "http://" + url

	// The first start backfills 30 days of demo history: under the race
	// detector on a busy machine the sign-in waits for it, so it gets a
	// generous deadline of its own.
	c, err := platform.NewClient(url, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), sandboxtest.Admin, pw); err != nil {
		t.Fatal(err)
	}
	s, err := c.Sudo(context.Background(), pw)
	if err != nil {
		t.Fatal(err)
	}
	sudo := s.SudoToken
	created, err := c.CreateKey(t.Context(), sudo, wire.CreateKeyRequest{Name: "Lifecycle", Environment: "test", Permissions: []string{"send_email"}})
	if err != nil {
		t.Fatal(err)
	}
	const sent = 25
	for i := range sent {
		if code := sendEmail(t, url, created.APIKey, fmt.Sprintf("user%d@example.com", i)); code != http.StatusAccepted {
			t.Fatalf("send %d: status %d", i, code)
		}
	}
	p.stop(t)

	// Restart on the same data: everything acknowledged is there.
	_, url = sandboxtest.Start(t, sandbox.Config{DataDir: dir, DemoPassword: pw})
	if c, err = platform.NewClient(url, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), sandboxtest.Admin, pw); err != nil {
		t.Fatal(err)
	}
	k, err := c.GetKey(t.Context(), created.Key.KeyID)
	if err != nil {
		t.Fatalf("the key created before the stop: %v", err)
	}
	if k.RequestCount != sent {
		t.Errorf("key request count after restart: %d, want %d", k.RequestCount, sent)
	}
	u, err := c.APIUsage(t.Context(), wire.UsageQuery{Range: "24h", KeyID: created.Key.KeyID})
	if err != nil {
		t.Fatal(err)
	}
	if u.Summary.TotalRequests != sent {
		t.Errorf("usage of the key after restart: %d requests, want %d", u.Summary.TotalRequests, sent)
	}
}

func sendEmail(t *testing.T, base, key, to string) int {
	t.Helper()
	body := fmt.Sprintf(`{"to":%q,"subject":"Lifecycle","text_body":"hi"}`, to)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/emails/send", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// A second signal ends a console whose clean stop hangs, at once, with
// 128+SIGTERM as a shell would report.
func TestSecondSignalForcesExit(t *testing.T) {
	env := append(consoleEnv(), "PM_CONSOLE_MAIN=stuck")
	p := startProc(t, env)
	p.line(t, "ready")
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.waitLog(t, "send it again to exit at once", func() {})
	select {
	case <-p.done:
		t.Fatal("exited on the first signal though its stop hangs")
	case <-time.After(200 * time.Millisecond):
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		t.Fatal("a second SIGTERM did not end the console")
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 128+int(syscall.SIGTERM) {
		t.Fatalf("exit status %d, want %d", code, 128+int(syscall.SIGTERM))
	}
}

var errNoUI = errors.New("the UI is not built into this test binary (frontend/dist/index.html missing): run `make build` first, as scripts/test.sh does")

func needUI(t *testing.T) {
	t.Helper()
	if _, err := fs2index(); err != nil {
		t.Fatal(errNoUI)
	}
}

// Browser mode with the embedded platform, on a machine without a session
// bus: an IP violation during demo traffic raises the in-app alert and no
// desktop notification, so no dbus-daemon is started; SIGTERM stops it
// with status 0 within 5 s and leaves no process (a dbus-daemon would carry
// the console's environment); a restart finds the key and the alert.
func TestServeStopsCleanlyAndStartsNoBus(t *testing.T) {
	needUI(t)
	dir := t.TempDir()
	office, secret := seedOfficeKey(t, dir)

	p := startProc(t, consoleEnv(), "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	platformURL := strings.TrimSpace(p.line(t, "talking to "))
	// The console subscribes to the live stream after signing in; repeat
	// the violation until its alert is raised (for this key: the demo
	// traffic's own office key raises one too).
	p.waitLogLine(t, func() {
		if code := sendEmail(t, platformURL, secret, "ops@example.com"); code != http.StatusForbidden {
			t.Fatalf("a request from outside the allow-list answered %d", code)
		}
	}, "security alert raised", office)
	p.stop(t)

	a := openConsole(t, dir)
	alerts, err := a.Jobs.Alerts()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, al := range alerts {
		found = found || (al.Kind == jobs.KindSecurity && al.KeyID == office)
	}
	if !found {
		t.Fatalf("the security alert raised before the stop is gone after a restart: %+v", alerts)
	}
	keys, err := a.Keys.List(wire.KeyListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys.APIKeys {
		if k.KeyID == office {
			return
		}
	}
	t.Fatalf("the key %s is gone after a restart", office)
}

// seedOfficeKey opens the console on dir (the embedded platform signs in
// by itself), creates a key allowed only from 203.0.113.0/24 and returns
// its id and secret.
func seedOfficeKey(t *testing.T, dir string) (id, secret string) {
	t.Helper()
	a := openConsole(t, dir)
	st, err := a.Session.State()
	if err != nil || !st.SignedIn || st.Demo == nil {
		t.Fatalf("the console did not sign in to its embedded platform: %+v %v", st, err)
	}
	if _, err := a.Session.Sudo(st.Demo.Password); err != nil {
		t.Fatal(err)
	}
	created, err := a.Keys.Create(wire.CreateKeyRequest{Name: "Office only test", Environment: "live",
		Permissions: []string{"send_email"}, AllowedIPs: []string{"203.0.113.0/24"}})
	if err != nil {
		t.Fatal(err)
	}
	a.Stop()
	return created.Key.KeyID, created.APIKey
}

// openConsole runs the console's services in this process on dir, without
// demo traffic, until the test ends.
func openConsole(t *testing.T, dir string) *app.App {
	t.Helper()
	log, closer, err := app.NewLogger("", "error", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Config{DataDir: dir, Mode: "serve"}, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Stop(); closer.Close() })
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

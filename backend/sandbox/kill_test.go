package sandbox

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// TestKillKeepsKeyChanges runs a sandbox in a child process, makes key
// changes over HTTP, kills the child with SIGKILL right after the answers,
// and reopens its data directory: every acknowledged change is there.
func TestKillKeepsKeyChanges(t *testing.T) {
	dir := t.TempDir()
	cmd, sc := startChild(t, "SANDBOX_KILL_CHILD", dir)
	var created, revoked, patched string
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "KEYS "); ok {
			fmt.Sscan(v, &created, &revoked, &patched)
			break
		}
	}
	if created == "" {
		t.Fatal("child did not report its keys")
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no Close, no flush
		t.Fatal(err)
	}
	cmd.Wait()

	e := newEnv(t, envOpts{dir: dir})
	a := e.admin()
	if d := e.getKey(a, created); d.Status != wire.StatusActive || d.Rotation == nil {
		t.Errorf("created+rotated key after kill: %+v", d.Key)
	}
	if d := e.getKey(a, revoked); d.Status != wire.StatusRevoked {
		t.Errorf("revoked key after kill: %s", d.Status)
	}
	if d := e.getKey(a, patched); d.Name != "Patched" || len(d.Permissions) != 1 || d.Permissions[0] != PermReadAnalytics {
		t.Errorf("patched key after kill: %+v", d.Key)
	}
}

// startChild runs this test binary as a child sandbox on dir (env names the
// child's role, see TestMain) and returns it with a scanner of its stdout.
// The child is killed when the test ends, or after 60 s whatever happens.
func startChild(t *testing.T, env, dir string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	t.Cleanup(func() { deadline.Stop(); cmd.Process.Kill() })
	return cmd, bufio.NewScanner(out)
}

// TestMain turns the test binary into the child of TestKillKeepsKeyChanges
// when SANDBOX_KILL_CHILD names a data directory.
func TestMain(m *testing.M) {
	if dir := os.Getenv("SANDBOX_KILL_CHILD"); dir != "" {
		killChild(dir)
		return
	}
	if dir := os.Getenv("SANDBOX_LOG_KILL_CHILD"); dir != "" {
		logKillChild(dir)
		return
	}
	if dir := os.Getenv("SANDBOX_SERVE_CHILD"); dir != "" {
		serveChild(dir) // kill_usage_test.go
		return
	}
	os.Exit(m.Run())
}

// killChild makes acknowledged key changes, reports the key ids, then waits
// to be killed.
func killChild(dir string) {
	t := &childTB{}
	e := newEnv(t, envOpts{dir: dir})
	a := e.admin()
	c := e.createKey(a, allPerms("live"))
	e.req("POST", "/api/v1/platform/api-keys/"+c.Key.KeyID+"/rotate", nil, a.h()...)
	r := e.createKey(a, allPerms("live"))
	e.req("DELETE", "/api/v1/platform/api-keys/"+r.Key.KeyID, nil, a.h()...)
	p := e.createKey(a, allPerms("test"))
	e.req("PATCH", "/api/v1/platform/api-keys/"+p.Key.KeyID, map[string]any{"name": "Patched", "permissions": []string{PermReadAnalytics}}, a.h()...)
	fmt.Printf("KEYS %s %s %s\n", c.Key.KeyID, r.Key.KeyID, p.Key.KeyID)
	os.Stdout.Sync()
	select {} // wait for SIGKILL
}

// childTB lets the test helpers run outside a test: any failure ends the child.
type childTB struct{ testing.TB }

func (childTB) Helper()                   {}
func (childTB) Fatal(args ...any)         { fmt.Fprintln(os.Stderr, args...); os.Exit(2) }
func (childTB) Fatalf(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...); os.Exit(2) }
func (childTB) TempDir() string           { d, _ := os.MkdirTemp("", "sbchild"); return d }
func (childTB) Cleanup(func())            {}

// A data directory in use by another sandbox, or a damaged one, gives a clear
// error from New, not a panic.
func TestLockedAndCorruptDataDir(t *testing.T) {
	e := newEnv(t, envOpts{})
	_, err := New(Config{DataDir: e.dir, DemoPassword: testPassword})
	if !errors.Is(err, cache.ErrLocked) {
		t.Fatalf("second sandbox on the same dir: %v", err)
	}
	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, "sandbox"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "sandbox", "MANIFEST"), []byte("not a manifest at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = New(Config{DataDir: bad, DemoPassword: testPassword})
	if !errors.Is(err, cache.ErrCorrupt) {
		t.Fatalf("damaged dir: %v", err)
	}
}

//go:build linux

package jobs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Without a session bus the notification goes through notify-send, with the
// title and body as they are; with neither, Notify fails with an error that
// says why (the caller logs it), and never hangs.
func TestSystemDesktopFallsBackToNotifySend(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus"))
	out := filepath.Join(dir, "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + out + "\n"
	if err := os.WriteFile(filepath.Join(dir, "notify-send"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	d := SystemDesktop{AppName: "PenguinMails Console"}
	if err := d.Notify("Blocked request", "IP not allowed"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(got); !strings.Contains(s, "Blocked request\nIP not allowed\n") || !strings.Contains(s, "--app-name=PenguinMails Console") {
		t.Fatalf("notify-send got %q", s)
	}

	t.Setenv("PATH", t.TempDir())
	err = d.Notify("x", "y")
	if err == nil || !strings.Contains(err.Error(), "notify-send not installed") {
		t.Fatalf("want a clear error, got %v", err)
	}
}

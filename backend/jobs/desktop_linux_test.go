//go:build linux

package jobs

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// Without DBUS_SESSION_BUS_ADDRESS, Notify says so and starts nothing: no
// dbus-launch, no notify-send (both could leave a dbus-daemon behind that
// outlives the console).
func TestSystemDesktopNeverStartsABus(t *testing.T) {
	bin := t.TempDir()
	ran := filepath.Join(t.TempDir(), "ran")
	for _, name := range []string{"dbus-launch", "notify-send", "dbus-daemon"} {
		script := "#!/bin/sh\necho " + name + " >> " + ran + "\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir()) // no $XDG_RUNTIME_DIR/bus either
	d := SystemDesktop{AppName: "PenguinMails Console"}
	for _, addr := range []string{"", "autolaunch:", "unix:path=/nonexistent;autolaunch:"} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		err := d.Notify("Blocked request", "IP not allowed")
		if err == nil {
			t.Fatalf("address %q: Notify succeeded without a bus", addr)
		}
		if addr == "" && !errors.Is(err, ErrNoSessionBus) {
			t.Fatalf("no address: want ErrNoSessionBus, got %v", err)
		}
		if addr != "" && !strings.Contains(err.Error(), "autolaunch") {
			t.Fatalf("address %q: want an error naming autolaunch, got %v", addr, err)
		}
	}
	if b, err := os.ReadFile(ran); err == nil {
		t.Fatalf("Notify started %s", b)
	}
}

// On a real session bus (a private dbus-daemon) the notification reaches
// org.freedesktop.Notifications with the title, body and critical urgency.
func TestSystemDesktopNotifiesOnTheSessionBus(t *testing.T) {
	addr := startSessionBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	got := serveNotifications(t, addr)

	d := SystemDesktop{AppName: "PenguinMails Console"}
	if err := d.Notify("Blocked request", "IP not allowed"); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-got:
		if n.app != "PenguinMails Console" || n.summary != "Blocked request" || n.body != "IP not allowed" || n.urgency != 2 {
			t.Fatalf("notification %+v", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no notification reached the bus")
	}
}

// startSessionBus runs a private dbus-daemon for the test and returns its
// address; it is stopped when the test ends.
func startSessionBus(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Fatal("dbus-daemon is needed for this test (scripts/setup.sh installs it)")
	}
	sock := filepath.Join(t.TempDir(), "bus")
	cmd := exec.Command(path, "--session", "--nofork", "--nopidfile", "--print-address=1", "--address=unix:path="+sock)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	return strings.TrimSpace(line)
}

type notification struct {
	app, summary, body string
	urgency            byte
}

// notifyServer answers org.freedesktop.Notifications.Notify like a
// notification daemon and hands each notification to the test.
type notifyServer struct {
	mu  sync.Mutex
	id  uint32
	got chan notification
}

func (s *notifyServer) Notify(app string, _ uint32, _, summary, body string, _ []string, hints map[string]dbus.Variant, _ int32) (uint32, *dbus.Error) {
	var urgency byte
	if v, ok := hints["urgency"]; ok {
		urgency, _ = v.Value().(byte)
	}
	s.got <- notification{app: app, summary: summary, body: body, urgency: urgency}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.id++
	return s.id, nil
}

func serveNotifications(t *testing.T, addr string) <-chan notification {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	srv := &notifyServer{got: make(chan notification, 4)}
	if err := conn.Export(srv, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("could not own org.freedesktop.Notifications: %v %v", reply, err)
	}
	return srv.got
}

package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"
)

// onMessage closes done when a log line with msg is written.
type onMessage struct {
	msg  string
	done chan struct{}
}

func (onMessage) Levels() []logrus.Level { return logrus.AllLevels }

func (h onMessage) Fire(e *logrus.Entry) error {
	if e.Message == h.msg {
		close(h.done)
	}
	return nil
}

// The embedded platform starts beside the window: the UI may ask for the
// session before it answers, and must then get the signed-in state, never
// the sign-in screen for a moment.
func TestSessionStateWaitsForTheEmbeddedSignIn(t *testing.T) {
	log := quietLog()
	asked := make(chan struct{})
	log.AddHook(onMessage{"the UI reached the Go services", asked})
	a, err := New(Config{DataDir: t.TempDir(), PlatformPasswordCost: bcrypt.MinCost}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	got := make(chan SessionState, 1)
	go func() {
		st, _ := a.Session.State() // asked before Start, as a quick UI does
		got <- st
	}()
	<-asked // State is running: only now does the console start
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := <-got; !st.SignedIn || st.User == nil || st.User.Email != "admin@demo.penguinmails.test" {
		t.Fatalf("session after the automatic sign-in: %+v", st)
	}
}

// A damaged platform directory is reported by Start (the window prints it
// and exits, as before the platform started in the background).
func TestStartReportsADamagedPlatformDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "platform", "sandbox"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "platform", "sandbox", "MANIFEST"), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := New(Config{DataDir: dir, PlatformPasswordCost: bcrypt.MinCost}, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	err = a.Start(t.Context())
	if err == nil || !strings.Contains(err.Error(), "start the embedded platform") || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("Start on a damaged platform directory: %v", err)
	}
}

// Stop called while the embedded platform is still opening in the
// background (a command that fails before it needs the platform) waits for
// it and closes its database too: the next console on the directory starts
// at once, with neither database reported in use.
func TestStopWhileThePlatformOpensFreesBothDatabases(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		a, err := New(Config{DataDir: dir, PlatformPasswordCost: bcrypt.MinCost}, quietLog())
		if err != nil {
			t.Fatalf("console %d: %v", i, err)
		}
		a.Stop() // sandbox.New is still running in the background
	}
	a, err := New(Config{DataDir: dir, PlatformPasswordCost: bcrypt.MinCost}, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	if err := a.Start(t.Context()); err != nil {
		t.Fatalf("start after stops during the platform's opening: %v", err)
	}
	if _, _, ok := a.CurrentUser(); !ok {
		t.Fatal("the embedded platform's demo admin is not signed in")
	}
}

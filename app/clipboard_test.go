package app

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestClipboardGoesThroughTheWindow(t *testing.T) {
	c := newClipboard()
	var got string
	c.setText = func(_ context.Context, s string) error { got = s; return nil }
	if err := c.SetText("x"); uiCode(err) != "not_available" {
		t.Fatalf("without a window: %v", err)
	}
	c.attachWindow(context.Background())
	if err := c.SetText("pm_test_abc"); err != nil || got != "pm_test_abc" {
		t.Fatalf("copy: %q %v", got, err)
	}
	c.setText = func(context.Context, string) error { return errors.New("no display") }
	if err := c.SetText("y"); uiCode(err) != CodeInternal {
		t.Fatalf("failure must be reported, got %v", err)
	}
}

// fakeBoard is a system clipboard for the tests.
type fakeBoard struct {
	mu   sync.Mutex
	text string
}

func (b *fakeBoard) set(_ context.Context, s string) error {
	b.mu.Lock()
	b.text = s
	b.mu.Unlock()
	return nil
}
func (b *fakeBoard) get(context.Context) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.text, nil
}
func (b *fakeBoard) now() string { s, _ := b.get(nil); return s }

func windowClipboard(b *fakeBoard, on *bool) *Clipboard {
	c := newClipboard()
	c.setText, c.getText = b.set, b.get
	c.clearOn = func() bool { return *on }
	c.attachWindow(context.Background())
	return c
}

func TestCopiedSecretIsClearedAfterAMinute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, on := &fakeBoard{}, true
		c := windowClipboard(b, &on)
		if sched, err := c.SetSecret("pm_live_secret"); err != nil || !sched {
			t.Fatalf("SetSecret: %v %v", sched, err)
		}
		time.Sleep(SecretClipboardTTL - time.Second)
		synctest.Wait()
		if b.now() != "pm_live_secret" {
			t.Fatalf("cleared too early: %q", b.now())
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if b.now() != "" {
			t.Fatalf("the secret is still on the clipboard after 60 s: %q", b.now())
		}
	})
}

func TestClipboardKeepsWhatTheUserCopiedSince(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, on := &fakeBoard{}, true
		c := windowClipboard(b, &on)
		c.SetSecret("pm_live_secret")
		time.Sleep(10 * time.Second)
		b.set(nil, "something else the user copied")
		time.Sleep(SecretClipboardTTL)
		synctest.Wait()
		if b.now() != "something else the user copied" {
			t.Fatalf("the clear wiped the user's own copy: %q", b.now())
		}
	})
}

func TestClipboardClearCanBeTurnedOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, on := &fakeBoard{}, false
		c := windowClipboard(b, &on)
		if sched, _ := c.SetSecret("pm_live_secret"); sched {
			t.Fatal("a clear was scheduled with the setting off")
		}
		time.Sleep(2 * SecretClipboardTTL)
		synctest.Wait()
		if b.now() != "pm_live_secret" {
			t.Fatalf("cleared with the setting off: %q", b.now())
		}
	})
}

func TestClearClipboardSettingIsOnByDefaultAndKept(t *testing.T) {
	a := startApp(t, Config{APIURL: startPlatform(t), DataDir: t.TempDir()})
	v, err := a.Settings.Get()
	if err != nil || !v.ClearClipboard {
		t.Fatalf("default: %+v %v", v, err)
	}
	if !a.Clip.clearOn() {
		t.Fatal("the clipboard does not follow the default setting")
	}
	if v, err = a.Settings.SetClearClipboard(false); err != nil || v.ClearClipboard || a.Clip.clearOn() {
		t.Fatalf("turned off: %+v %v", v, err)
	}
}

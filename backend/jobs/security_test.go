package jobs

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

type fakeDesktop struct {
	mu    sync.Mutex
	shown []string
}

func (d *fakeDesktop) Notify(title, _ string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.shown = append(d.shown, title)
	return nil
}

// A security event becomes an alert at once and a desktop notification;
// the console sends no email; a replay of the same event is ignored and
// repeats within minutes count on the first alert.
func TestSecurityEventBecomesAlert(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := openDB(t, dir)
		defer db.Close()
		p := &fakePlatform{}
		desk := &fakeDesktop{}
		var log alertLog
		d := testDeps(db, p)
		d.Desktop = desk
		d.OnAlert = log.add
		m, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		ev := wire.SecurityEvent{ID: "sec_1", At: time.Now(), Kind: wire.SecIPViolation, KeyID: "key_1",
			KeyName: "Billing", IP: "127.0.0.1", Method: "POST", Path: "/api/v1/emails/send", Message: "IP 127.0.0.1 is not allowed for this key."}
		a, isNew, err := m.HandleSecurityEvent(ev)
		if err != nil || !isNew {
			t.Fatal(isNew, err)
		}
		if a.Kind != KindSecurity || a.Status != AlertNew || a.Emailed || a.Title != "Blocked request from 127.0.0.1: IP not allowed for key Billing" {
			t.Fatalf("alert: %+v", a)
		}
		// the body says what the title does not: the request, and what to do
		if want := "The request was POST /api/v1/emails/send, refused with 403 ip_not_allowed. If that address should use the key, add it to the key's IP allow-list. The platform has emailed the tenant's admins."; a.Message != want {
			t.Errorf("alert body %q, want %q", a.Message, want)
		}
		if _, again, _ := m.HandleSecurityEvent(ev); again {
			t.Fatal("a replayed event raised a second alert")
		}
		ev.ID = "sec_2"
		if _, again, _ := m.HandleSecurityEvent(ev); again {
			t.Fatal("a repeat within the window raised a second alert")
		}
		synctest.Wait()
		if n := len(p.sent(KindSecurity)); n != 0 {
			t.Fatalf("the console must not email security events: %d sent", n)
		}
		desk.mu.Lock()
		popups := len(desk.shown)
		desk.mu.Unlock()
		if shown := len(log.list()); shown != 1 || popups != 1 {
			t.Fatalf("shown in app %d, on desktop %d; want 1 and 1", shown, popups)
		}
		list, _ := m.Alerts(0)
		if len(list) != 1 || list[0].Occurrences != 2 {
			t.Fatalf("history: %+v", list)
		}
		// Acknowledged, it stays in the history; a later repeat is a new alert.
		if got, err := m.Acknowledge(a.ID); err != nil || got.Status != AlertAcknowledged || got.AcknowledgedAt == nil {
			t.Fatalf("acknowledge: %+v %v", got, err)
		}
		ev.ID = "sec_3"
		if _, isNew, _ := m.HandleSecurityEvent(ev); !isNew {
			t.Fatal("after acknowledging, a new event should raise a new alert")
		}
		if _, err := m.Acknowledge("nope"); err != ErrAlertNotFound {
			t.Fatalf("unknown alert: %v", err)
		}
		m.Stop()
	})
}

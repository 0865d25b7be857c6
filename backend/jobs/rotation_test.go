package jobs

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// The 90-day rotation reminder against the real sandbox, on the jobs' clock:
// nothing before a key is 90 days old; then one email (in the platform's
// outbox) and one in-app alert per key; not again on later runs, after a
// restart, or from a second console; and again once the key is 180 days old.
func TestRotationReminderOncePerKeyPer90Days(t *testing.T) {
	c, pw := startSandbox(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sudo, err := c.Sudo(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{
		Name: "Old worker", Environment: "live", Permissions: []string{"send_email"}})
	if err != nil {
		t.Fatal(err)
	}
	keyID := created.Key.KeyID
	var offset atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	at := func(d time.Duration) { offset.Store(int64(d)) }
	day := 24 * time.Hour

	dir := t.TempDir()
	console := func(dir string, f func(m *Manager)) {
		t.Helper()
		db := openDB(t, dir)
		defer db.Close()
		m, err := New(Deps{DB: db, Log: quietLog(), Location: time.UTC, Now: now,
			Client: func() (Platform, error) { return c, nil }})
		if err != nil {
			t.Fatal(err)
		}
		f(m)
	}
	run := func(m *Manager) JobStatus {
		t.Helper()
		st, err := m.RunNow(JobExpiryReminders)
		if err != nil || st.Result != ResultOK {
			t.Fatalf("run: %+v %v", st, err)
		}
		return st
	}
	mails := func() []wire.OutboxEmail {
		t.Helper()
		box, err := c.Outbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []wire.OutboxEmail
		for _, e := range box.Emails {
			if e.Kind == wire.NotifyKeyRotation && e.KeyID == keyID {
				out = append(out, e)
			}
		}
		return out
	}
	rotationAlerts := func(m *Manager) int {
		t.Helper()
		as, err := m.Alerts(0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range as {
			if a.Kind == KindKeyRotation && a.KeyID == keyID {
				n++
			}
		}
		return n
	}

	console(dir, func(m *Manager) {
		at(89 * day)
		run(m)
		if n := len(mails()); n != 0 {
			t.Fatalf("a reminder for a key 89 days old: %d", n)
		}
		at(90*day + time.Hour)
		st := run(m)
		got := mails()
		if len(got) != 1 || rotationAlerts(m) != 1 {
			t.Fatalf("at 90 days: %d emails, %d alerts; want 1 and 1", len(got), rotationAlerts(m))
		}
		if !strings.Contains(st.Message, "to rotate a key 90 days old") {
			t.Errorf("job summary: %q", st.Message)
		}
		if got[0].Subject != `API key "Old worker" is 90 days old: rotate it` || !strings.Contains(got[0].Body, created.Key.MaskedKey) ||
			strings.Contains(got[0].Body, created.APIKey) {
			t.Fatalf("reminder: %q / %q", got[0].Subject, got[0].Body)
		}
		run(m)
		if len(mails()) != 1 || rotationAlerts(m) != 1 {
			t.Fatal("the second run reminded again")
		}
	})
	// A restart keeps the ledger.
	console(dir, func(m *Manager) {
		at(120 * day)
		run(m)
		if len(mails()) != 1 || rotationAlerts(m) != 1 {
			t.Fatal("reminded again after a restart")
		}
	})
	// Another console in the same period: the platform sends nothing new.
	console(t.TempDir(), func(m *Manager) {
		at(95 * day)
		run(m)
		if n := len(mails()); n != 1 {
			t.Fatalf("a second console sent another email: %d", n)
		}
	})
	// The next 90 days: a new reminder.
	console(dir, func(m *Manager) {
		at(180*day + time.Hour)
		run(m)
		got := mails()
		if len(got) != 2 || rotationAlerts(m) != 2 || !strings.Contains(got[0].Subject, "is 180 days old") {
			t.Fatalf("at 180 days: %d emails, %d alerts", len(got), rotationAlerts(m))
		}
	})
	// A revoked key is not reminded.
	if _, err := c.RevokeKey(ctx, sudo.SudoToken, keyID); err != nil {
		t.Fatal(err)
	}
	console(dir, func(m *Manager) {
		at(270*day + time.Hour)
		run(m)
		if n := len(mails()); n != 2 {
			t.Fatalf("a revoked key was reminded: %d", n)
		}
	})
}

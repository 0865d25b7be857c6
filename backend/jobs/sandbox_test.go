package jobs

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

const demoAdmin = "admin@demo.penguinmails.test"

// startSandbox runs the real platform on loopback and signs in as the demo
// admin.
func startSandbox(t *testing.T) (*platform.Client, string) {
	t.Helper()
	const pw = "sandbox-test-password-1"
	_, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: pw})
	return sandboxtest.SignIn(t, url, demoAdmin, pw), pw
}

// The reminder for a key expiring in 3 days lands in the sandbox's outbox,
// addressed to the tenant's admins, once.
func TestReminderArrivesInSandboxOutbox(t *testing.T) {
	c, pw := startSandbox(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sudo, err := c.Sudo(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(3 * 24 * time.Hour).Truncate(time.Second)
	created, err := c.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{
		Name: "Expiring soon", Environment: "test", Permissions: []string{"send_email"}, ExpiresAt: &exp})
	if err != nil {
		t.Fatal(err)
	}
	keyID := created.Key.KeyID

	db := openDB(t, t.TempDir())
	defer db.Close()
	m, err := New(Deps{DB: db, Log: quietLog(), Location: time.UTC,
		Client: func() (Platform, error) { return c, nil }})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second run must not send again
		if st, err := m.RunNow(JobExpiryReminders); err != nil || st.Result != ResultOK {
			t.Fatalf("run %d: %+v %v", i, st, err)
		}
	}

	box, err := c.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var mails []wire.OutboxEmail
	for _, e := range box.Emails {
		if e.Kind == wire.NotifyKeyExpiry && e.KeyID == keyID {
			mails = append(mails, e)
		}
	}
	if len(mails) != 1 {
		t.Fatalf("want exactly one reminder for %s in the outbox, got %d", keyID, len(mails))
	}
	mail := mails[0]
	if !slices.Contains(mail.To, demoAdmin) {
		t.Fatalf("reminder addressed to %v, want the tenant's admin %s", mail.To, demoAdmin)
	}
	if !strings.Contains(mail.Subject, `"Expiring soon" expires in 3 days`) || !strings.Contains(mail.Body, created.Key.MaskedKey) {
		t.Fatalf("reminder: %q / %q", mail.Subject, mail.Body)
	}
	if strings.Contains(mail.Body, created.APIKey) {
		t.Fatal("the reminder must never carry the secret")
	}
	notes, _ := m.Notifications(0)
	var kept *Notification
	for i := range notes {
		if notes[i].KeyID == keyID {
			kept = &notes[i]
		}
	}
	if kept == nil || kept.ID != mail.ID || !slices.Equal(kept.Recipients, mail.To) {
		t.Fatalf("kept notification %+v does not match the outbox mail %+v", kept, mail)
	}
}

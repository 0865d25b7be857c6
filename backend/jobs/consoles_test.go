package jobs

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// Three consoles (their own data directories, clients and job managers)
// signed in to one real sandbox send
// one reminder per key and expiry date and one alert email per kind per
// cool-down window, even when they run at the same moment; so does a fourth
// console that starts with an empty data directory. A new window, or a new
// expiry date, is a new event.
func TestThreeConsolesOneEmailPerEvent(t *testing.T) {
	const pw = "three-consoles-password"
	clk := sandboxtest.NewClock(time.Date(2026, 3, 2, 10, 0, 30, 0, time.UTC)) // the platform's and the consoles' clock
	_, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: pw, Plan: "starter", Clock: clk})
	admin := sandboxtest.SignIn(t, url, demoAdmin, pw)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sudo, err := admin.Sudo(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	mkKey := func(name string, perms []string, exp *time.Time) *wire.CreateKeyResponse {
		k, err := admin.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{Name: name, Environment: "test", Permissions: perms, ExpiresAt: exp})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	in3, in5 := clk.Now().Add(3*24*time.Hour), clk.Now().Add(5*24*time.Hour)
	soon := mkKey("Expires in 3 days", []string{"send_email"}, &in3).Key.KeyID
	later := mkKey("Expires in 5 days", []string{"send_email"}, &in5).Key.KeyID
	reader := mkKey("Reader", []string{"read_contacts"}, nil).APIKey

	// Each console has its own client and data directory, on the admin's
	// session (as on three machines; one sign-in: bcrypt is slow under -race).
	console := func() *Manager {
		c, err := platform.NewClient(url, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		c.SetToken(admin.Token())
		db := openDB(t, t.TempDir())
		t.Cleanup(func() { db.Close() })
		m, err := New(Deps{DB: db, Log: quietLog(), Location: time.UTC, Now: clk.Now,
			Client: func() (Platform, error) { return c, nil }})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	consoles := []*Manager{console(), console(), console()}

	// All consoles run both jobs at the same moment.
	runAll := func(ms []*Manager, jobs ...string) {
		t.Helper()
		var wg sync.WaitGroup
		for _, m := range ms {
			for _, job := range jobs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if st, err := m.RunNow(job); err != nil || st.Result != ResultOK {
						t.Errorf("%s: %+v %v", job, st, err)
					}
				}()
			}
		}
		wg.Wait()
	}
	// 60 refused for want of a permission (errors), then 110 reads on a
	// starter plan (burst 100, the fake clock stands still): 429s.
	traffic := func() {
		t.Helper()
		hc := &http.Client{Timeout: 2 * time.Minute} // stops a hung test only
		send := func(method, path string, body string) {
			req, _ := http.NewRequest(method, url+"/api/v1"+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+reader)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		for range 60 {
			send("POST", "/emails/send", `{"to":"ada@example.com","subject":"s","text_body":"b"}`)
		}
		for range 110 {
			send("GET", "/contacts?limit=1", "")
		}
	}
	outbox := func() (reminders map[string]int, byKind map[string]int) {
		t.Helper()
		box, err := admin.Outbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		reminders, byKind = map[string]int{}, map[string]int{}
		for _, e := range box.Emails {
			byKind[e.Kind]++
			if e.Kind == wire.NotifyKeyExpiry {
				reminders[e.KeyID]++
			}
		}
		return
	}
	want := func(step string, soonN, laterN, errorRate, rateLimit int) {
		t.Helper()
		r, k := outbox()
		if r[soon] != soonN || r[later] != laterN || k[wire.NotifyErrorRate] != errorRate || k[wire.NotifyRateLimit] != rateLimit {
			t.Fatalf("%s: reminders %v, emails by kind %v; want %d+%d reminders, %d error-rate and %d rate-limit emails",
				step, r, k, soonN, laterN, errorRate, rateLimit)
		}
	}

	traffic()
	runAll(consoles, JobExpiryReminders, JobAlerts)
	want("three consoles at once", 1, 1, 1, 1)
	// Every console knows the email went out; exactly one of them sent it.
	sentBy := map[string]int{}
	for _, m := range consoles {
		notes, err := m.Notifications(0)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 4 {
			t.Fatalf("a console recorded %d notifications, want 4: %+v", len(notes), notes)
		}
		for _, n := range notes {
			if !n.Replayed {
				sentBy[n.ID]++
			}
		}
	}
	if len(sentBy) != 4 {
		t.Fatalf("first sends: %v, want each of the 4 emails sent once", sentBy)
	}

	runAll(consoles, JobExpiryReminders, JobAlerts)
	want("a second round", 1, 1, 1, 1)

	// A console starting with an empty data directory remembers nothing,
	// but the platform does.
	fresh := console()
	runAll([]*Manager{fresh}, JobExpiryReminders, JobAlerts)
	want("a fresh console", 1, 1, 1, 1)

	// The next cool-down window is a new event for the alerts; the
	// reminders stay sent.
	clk.Advance(61 * time.Minute)
	traffic()
	runAll(append(consoles, fresh), JobExpiryReminders, JobAlerts)
	want("the next window", 1, 1, 2, 2)

	// A new expiry date is a new reminder, once.
	sudo, err = admin.Sudo(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	in2 := clk.Now().Add(2 * 24 * time.Hour)
	if _, err := admin.UpdateKey(ctx, sudo.SudoToken, soon, wire.UpdateKeyRequest{ExpiresAt: &in2}); err != nil {
		t.Fatal(err)
	}
	runAll(append(consoles, fresh), JobExpiryReminders)
	want("a new expiry date", 2, 1, 2, 2)
}

package jobs

import (
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// Inside the bubble the clock starts at 2000-01-01 00:00 UTC, which is
// 08:59 in the zone below, so the daily 09:00 run comes a minute in (Badger
// runs inside the bubble too, and its tickers make long fake spans slow).
// The cron runs for real; "restart" closes and reopens the same Badger; a
// day later is an offset on the job clock.
func TestExpiryRemindersOncePerKeyAndDate(t *testing.T) {
	dir := t.TempDir()
	zone := time.FixedZone("UTC+08:59", 8*3600+59*60)
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var offset atomic.Int64 // the job clock's lead over the bubble's
		now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		p := &fakePlatform{}
		p.keys = append(p.keys,
			activeKey("key_seven", "Seven days", start.Add(7*24*time.Hour)),
			activeKey("key_eight", "Eight days", start.Add(8*24*time.Hour)),
			activeKey("key_never", "No expiry", start), // expiry cleared below
		)
		p.keys[2].ExpiresAt = nil

		run := func(f func(m *Manager)) {
			db := openDB(t, dir)
			defer db.Close()
			d := testDeps(db, p)
			d.Now, d.Location = now, zone
			m, err := New(d)
			if err != nil {
				t.Fatal(err)
			}
			m.Start()
			defer m.Stop()
			synctest.Wait() // the start-up run
			f(m)
		}

		run(func(m *Manager) {
			got := p.sent(KindKeyExpiry)
			if len(got) != 1 || got[0].KeyID != "key_seven" {
				t.Fatalf("at start-up: want one reminder for key_seven, got %+v", got)
			}
			if !strings.Contains(got[0].Subject, `"Seven days" expires in 7 days`) {
				t.Fatalf("subject: %q", got[0].Subject)
			}
			// The daily 09:00 run finds nothing new: the key was reminded.
			time.Sleep(time.Minute + time.Second)
			synctest.Wait()
			if st := find(t, m.List(), JobExpiryReminders); st.Runs != 2 || st.Result != ResultOK {
				t.Fatalf("09:00 run: %+v", st)
			}
			if n := len(p.sent(KindKeyExpiry)); n != 1 {
				t.Fatalf("after the 09:00 run: %d reminders, want 1", n)
			}
		})

		// A restart: the ledger in Badger remembers the reminder.
		run(func(m *Manager) {
			if n := len(p.sent(KindKeyExpiry)); n != 1 {
				t.Fatalf("after a restart: %d reminders, want still 1", n)
			}
			notes, _ := m.Notifications(0)
			if len(notes) != 1 || notes[0].Recipients[0] != "admin@demo.test" || notes[0].KeyID != "key_seven" {
				t.Fatalf("notifications kept: %+v", notes)
			}
			alerts, _ := m.Alerts(0)
			if len(alerts) != 1 || alerts[0].Kind != KindKeyExpiry || !alerts[0].Emailed {
				t.Fatalf("alerts: %+v", alerts)
			}

			// A changed expiry date is a new reminder.
			p.setKeyExpiry("key_seven", now().Add(3*24*time.Hour))
			if _, err := m.RunNow(JobExpiryReminders); err != nil {
				t.Fatal(err)
			}
			got := p.sent(KindKeyExpiry)
			if len(got) != 2 || got[1].KeyID != "key_seven" || !strings.Contains(got[1].Subject, "in 3 days") {
				t.Fatalf("after the expiry changed: %+v", got)
			}

			// A day later key_eight is within 7 days.
			offset.Store(int64(24 * time.Hour))
			if _, err := m.RunNow(JobExpiryReminders); err != nil {
				t.Fatal(err)
			}
			got = p.sent(KindKeyExpiry)
			if len(got) != 3 || got[2].KeyID != "key_eight" {
				t.Fatalf("a day later: %+v", got)
			}
		})
	})
}

// A failed send leaves no ledger entry, so the next run tries again.
func TestExpiryReminderRetriedAfterFailedSend(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := openDB(t, dir)
		defer db.Close()
		p := &fakePlatform{notifyErr: errString("platform unavailable")}
		p.keys = append(p.keys, activeKey("key_a", "A", time.Now().Add(2*24*time.Hour)))
		m, err := New(testDeps(db, p))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := m.RunNow(JobExpiryReminders)
		if st.Result != ResultError || !strings.Contains(st.Message, "platform unavailable") {
			t.Fatalf("failed send: %+v", st)
		}
		p.mu.Lock()
		p.notifyErr = nil
		p.mu.Unlock()
		st, _ = m.RunNow(JobExpiryReminders)
		if st.Result != ResultOK || len(p.sent(KindKeyExpiry)) != 1 {
			t.Fatalf("retry: %+v, sent %d", st, len(p.sent(KindKeyExpiry)))
		}
	})
}

type errString string

func (e errString) Error() string { return string(e) }

// Signed out or offline, the reminders are skipped, not failed.
func TestRemindersSkippedWhenSignedOutOrOffline(t *testing.T) {
	db := openDB(t, t.TempDir())
	defer db.Close()
	d := testDeps(db, &fakePlatform{})
	d.Client = func() (Platform, error) { return nil, errString("not signed in") }
	m, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := m.RunNow(JobExpiryReminders); st.Result != ResultSkipped || st.Message != "Not signed in" {
		t.Fatalf("signed out: %+v", st)
	}
	d2 := testDeps(db, &fakePlatform{})
	d2.Online = func() bool { return false }
	m2, _ := New(d2)
	if st, _ := m2.RunNow(JobExpiryReminders); st.Result != ResultSkipped || !strings.HasPrefix(st.Message, "Offline") {
		t.Fatalf("offline: %+v", st)
	}
}

package jobs

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

func usageWith(total, success, limited int64, pct float64) wire.APIUsage {
	return wire.APIUsage{
		Summary: wire.UsageSummary{TotalRequests: total, RateLimitUsagePct: pct, RateLimitedCount: limited},
		Series:  []wire.SeriesPoint{{Total: total, Success: success, RateLimited: limited}},
	}
}

// With a steady 10 % error rate the alerts job runs every 5 minutes, yet
// only one alert and one email go out per hour (the default cool-down);
// the later runs count on the open alert.
func TestErrorRateAlertFiresOncePerCooldown(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := openDB(t, dir)
		defer db.Close()
		p := &fakePlatform{usage: usageWith(100, 90, 0, 20)}
		var log alertLog
		d := testDeps(db, p)
		d.OnAlert = log.add
		m, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		m.Start()
		defer m.Stop()

		time.Sleep(5*time.Minute + time.Second) // first alerts run at 00:05
		synctest.Wait()
		sent, shown := p.sent(KindErrorRate), log.list()
		if len(sent) != 1 || len(shown) != 1 || shown[0].Kind != KindErrorRate || !shown[0].Emailed {
			t.Fatalf("first run: sent %d, shown %+v", len(sent), shown)
		}
		if !strings.Contains(sent[0].Subject, "Error rate 10.0% over the last 15 minutes") {
			t.Fatalf("subject %q", sent[0].Subject)
		}

		time.Sleep(59 * time.Minute) // runs at 00:10 … 01:00, all in the cool-down
		synctest.Wait()
		if n, shown := len(p.sent(KindErrorRate)), len(log.list()); n != 1 || shown != 1 {
			t.Fatalf("inside the cool-down: %d emails, %d alerts shown", n, shown)
		}
		alerts, _ := m.Alerts(0)
		if len(alerts) != 1 || alerts[0].Occurrences != 12 {
			t.Fatalf("the open alert should count 12 occurrences: %+v", alerts)
		}
		if n := p.calls(); n != 12 {
			t.Fatalf("alerts job ran %d times, want 12", n)
		}

		time.Sleep(5 * time.Minute) // 01:05: the cool-down is over
		synctest.Wait()
		if n, shown := len(p.sent(KindErrorRate)), len(log.list()); n != 2 || shown != 2 {
			t.Fatalf("after the cool-down: %d emails, %d alerts shown", n, shown)
		}
		if n := len(p.sent(KindRateLimit)); n != 0 {
			t.Fatalf("no rate-limit trouble, yet %d rate-limit emails", n)
		}
	})
}

func TestAlertThresholds(t *testing.T) {
	cases := []struct {
		name            string
		usage           wire.APIUsage
		errors, limited int
	}{
		{"below the minimum request count", usageWith(49, 0, 0, 10), 0, 0},
		{"exactly at the threshold", usageWith(100, 95, 0, 10), 0, 0},
		{"just over the threshold", usageWith(100, 94, 0, 10), 1, 0},
		{"429s are a rate-limit alert, not an error-rate one", usageWith(100, 80, 20, 50), 0, 1},
		{"usage over 95 %", usageWith(10, 10, 0, 96), 0, 1},
		{"usage at 95 %", usageWith(10, 10, 0, 95), 0, 0},
		{"summary only, success rate in percent", wire.APIUsage{Summary: wire.UsageSummary{TotalRequests: 200, SuccessRate: 80}}, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t, t.TempDir())
			defer db.Close()
			p := &fakePlatform{usage: c.usage}
			m, err := New(testDeps(db, p))
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := m.RunNow(JobAlerts); st.Result != ResultOK {
				t.Fatalf("run: %+v", st)
			}
			if e, l := len(p.sent(KindErrorRate)), len(p.sent(KindRateLimit)); e != c.errors || l != c.limited {
				t.Fatalf("error-rate emails %d (want %d), rate-limit emails %d (want %d)", e, c.errors, l, c.limited)
			}
		})
	}
}

// The platform's success_rate is a percentage, always: 0.5 is 0.5 %, not
// 50 %. The alert (from a summary without a series) counts the failures
// from it and says so in the email.
func TestAlertReadsSuccessRateAsPercent(t *testing.T) {
	for _, c := range []struct {
		rate   float64
		failed int
	}{{0.5, 995}, {5, 950}, {50, 500}} {
		t.Run(fmt.Sprintf("%g%%", c.rate), func(t *testing.T) {
			db := openDB(t, t.TempDir())
			defer db.Close()
			p := &fakePlatform{usage: wire.APIUsage{Summary: wire.UsageSummary{TotalRequests: 1000, SuccessRate: c.rate}}}
			m, err := New(testDeps(db, p))
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := m.RunNow(JobAlerts); st.Result != ResultOK {
				t.Fatalf("run: %+v", st)
			}
			sent := p.sent(KindErrorRate)
			want := fmt.Sprintf("%d of 1000 API requests failed", c.failed)
			if len(sent) != 1 || !strings.Contains(sent[0].Body, want) {
				t.Fatalf("success rate %g %%: want one email saying %q, got %+v", c.rate, want, sent)
			}
		})
	}
}

// Runs missed while the console was closed are caught up once at start-up.
func TestMissedRunsCaughtUpOnce(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := openDB(t, dir)
		defer db.Close()
		st := store{db: db}
		time.Sleep(2 * time.Minute) // 00:02
		now := time.Now()
		// Retention (daily 03:30) last ran three days ago: three runs missed.
		_ = st.saveJobState(JobRetention, jobState{LastRun: now.Add(-72 * time.Hour), Result: ResultOK, Runs: 5})
		// Alerts last ran at 00:01: the next run (00:05) is not due yet.
		_ = st.saveJobState(JobAlerts, jobState{LastRun: now.Add(-time.Minute), Result: ResultOK, Runs: 9})
		m, err := New(testDeps(db, &fakePlatform{}))
		if err != nil {
			t.Fatal(err)
		}
		m.Start()
		defer m.Stop()
		synctest.Wait()
		if r := find(t, m.List(), JobRetention); r.Runs != 6 || r.Trigger != TriggerCatchUp {
			t.Fatalf("retention should have caught up once: %+v", r)
		}
		if a := find(t, m.List(), JobAlerts); a.Runs != 9 {
			t.Fatalf("alerts was not due: %+v", a)
		}
		if s := find(t, m.List(), JobUsageSnapshots); s.Runs != 0 {
			t.Fatalf("snapshots never ran before, nothing to catch up: %+v", s)
		}
	})
}

// When the platform refuses the alert's email, the alert is still shown;
// the next run inside the cool-down sends the email once, not a new alert.
func TestAlertEmailRetriedInsideCooldown(t *testing.T) {
	db := openDB(t, t.TempDir())
	defer db.Close()
	p := &fakePlatform{usage: usageWith(100, 50, 0, 10), notifyErr: errString("platform unavailable")}
	var offset time.Duration
	base := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	d := testDeps(db, p)
	d.Now = func() time.Time { return base.Add(offset) }
	m, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := m.RunNow(JobAlerts)
	alerts, _ := m.Alerts(0)
	if st.Result != ResultError || len(alerts) != 1 || alerts[0].Emailed || alerts[0].EmailError == "" {
		t.Fatalf("first run: %+v / %+v", st, alerts)
	}
	p.mu.Lock()
	p.notifyErr = nil
	p.mu.Unlock()
	for i := 0; i < 3; i++ {
		offset += 5 * time.Minute
		if st, _ := m.RunNow(JobAlerts); st.Result != ResultOK {
			t.Fatalf("run %d: %+v", i, st)
		}
	}
	alerts, _ = m.Alerts(0)
	if n := len(p.sent(KindErrorRate)); n != 1 || len(alerts) != 1 || !alerts[0].Emailed || alerts[0].EmailError != "" || alerts[0].Occurrences != 4 {
		t.Fatalf("after retries: %d emails, alerts %+v", n, alerts)
	}
}

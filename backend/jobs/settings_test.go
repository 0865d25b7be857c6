package jobs

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestDescribeSchedule(t *testing.T) {
	cases := map[string]string{
		"* * * * *":             "Every minute",
		"*/5 * * * *":           "Every 5 minutes",
		"0 9 * * *":             "Every day at 09:00",
		"30 3 * * *":            "Every day at 03:30",
		"15 * * * *":            "Every hour at :15",
		"0 */6 * * *":           "Every 6 hours at :00",
		"0 9 * * 1-5":           "Every weekday (Monday to Friday) at 09:00",
		"0 8 * * 1":             "Every Monday at 08:00",
		"0 8 * * 1,3":           "Every Monday and Wednesday at 08:00",
		"0 0 1 * *":             "Every month on day 1 at 00:00",
		"@daily":                "Every day at 00:00",
		"@every 2h":             "Every 2 hours",
		"CRON_TZ=UTC 0 9 * * *": "Every day at 09:00 (UTC)",
		"5-10 * * * *":          "Custom schedule",
	}
	for spec, want := range cases {
		if got := Describe(spec); got != want {
			t.Errorf("Describe(%q) = %q, want %q", spec, got, want)
		}
	}
}

func TestSettingsValidationNamesTheField(t *testing.T) {
	db := openDB(t, t.TempDir())
	defer db.Close()
	m, err := New(testDeps(db, &fakePlatform{}))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		change func(*Settings)
		field  string
		words  string
	}{
		{func(s *Settings) { s.Schedules[JobAlerts] = "every five minutes" }, "schedules.alerts", "Schedule of Alerts"},
		{func(s *Settings) { s.Schedules[JobRetention] = "61 3 * * *" }, "schedules.retention", "not a valid cron expression"},
		{func(s *Settings) { s.Schedules[JobUsageSnapshots] = "@every 10s" }, "schedules.usage_snapshots", "more often than once a minute"},
		{func(s *Settings) { s.Schedules[JobExpiryReminders] = "" }, "schedules.expiry_reminders", "enter a cron expression"},
		{func(s *Settings) { s.ErrorRatePct = 0 }, "error_rate_pct", "Error rate threshold"},
		{func(s *Settings) { s.MinRequests = 0 }, "min_requests", "Minimum requests"},
		{func(s *Settings) { s.CooldownMinutes = -5 }, "cooldown_minutes", "Cool-down"},
		{func(s *Settings) { s.RateLimitUsagePct = 150 }, "rate_limit_usage_pct", "between 1 and 100"},
	}
	for _, c := range cases {
		s := m.Settings()
		c.change(&s)
		_, err := m.SaveSettings(s)
		ve, ok := err.(*ValidationError)
		if !ok {
			t.Fatalf("%s: want a ValidationError, got %v", c.field, err)
		}
		if p := ve.Fields[c.field]; !strings.Contains(p, c.words) {
			t.Errorf("%s: problem %q should say %q (all: %v)", c.field, p, c.words, ve.Fields)
		}
	}
	// Nothing bad was kept.
	if got := m.Settings(); got.Schedules[JobAlerts] != "*/5 * * * *" || got.ErrorRatePct != 5 {
		t.Fatalf("refused settings leaked: %+v", got)
	}
}

// A saved schedule takes effect at once, and survives a restart.
func TestSavedScheduleTakesEffect(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := openDB(t, dir)
		defer db.Close()
		p := &fakePlatform{}
		m, err := New(testDeps(db, p))
		if err != nil {
			t.Fatal(err)
		}
		m.Start()
		defer m.Stop()
		s := m.Settings()
		s.Schedules[JobAlerts] = "*/2 * * * *"
		if _, err := m.SaveSettings(s); err != nil {
			t.Fatal(err)
		}
		st := find(t, m.List(), JobAlerts)
		if st.ScheduleText != "Every 2 minutes" || st.NextRun == nil || !st.NextRun.Equal(time.Now().Truncate(time.Minute).Add(2*time.Minute)) {
			t.Fatalf("rescheduled: %+v next %v", st, st.NextRun)
		}
		time.Sleep(4*time.Minute + time.Second)
		synctest.Wait()
		if st := find(t, m.List(), JobAlerts); st.Runs != 2 {
			t.Fatalf("every 2 minutes for 4 minutes: %d runs", st.Runs)
		}
		m2, _ := New(testDeps(db, p))
		if got := m2.Settings().Schedules[JobAlerts]; got != "*/2 * * * *" {
			t.Fatalf("after restart: %q", got)
		}
	})
}

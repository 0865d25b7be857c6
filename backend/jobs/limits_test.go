package jobs

import (
	"math"
	"strings"
	"testing"
)

// TestLimitsAreWhatValidateEnforces: each range the settings form is given
// (About) is the one Validate applies, at both edges.
func TestLimitsAreWhatValidateEnforces(t *testing.T) {
	meta := About()
	if len(meta.Limits) != len(DefaultSettings().numbers()) {
		t.Fatalf("%d limits for %d numeric settings", len(meta.Limits), len(DefaultSettings().numbers()))
	}
	step := func(l SettingLimit) float64 {
		if l.Decimals {
			return 0.05
		}
		return 1
	}
	for _, l := range meta.Limits {
		cases := map[float64]bool{l.Min: true, l.Max: true, l.Min - step(l): false, l.Max + step(l): false}
		if l.Decimals {
			cases[math.NaN()] = false
		}
		for v, ok := range cases {
			s := DefaultSettings()
			set(&s, l.Field, v)
			err := s.Validate()
			ve, _ := err.(*ValidationError)
			if ok && err != nil {
				t.Errorf("%s = %g refused: %v", l.Field, v, err)
			}
			if !ok && (ve == nil || !strings.Contains(ve.Fields[l.Field], l.Label+" must be between")) {
				t.Errorf("%s = %g: %v", l.Field, v, err)
			}
		}
	}
	var titles []string
	for _, j := range meta.Jobs {
		titles = append(titles, j.Title)
	}
	if strings.Join(titles, ",") != "Expiry reminders,Usage snapshots,Alerts,Retention" {
		t.Errorf("titles %v", titles)
	}
	if meta.Defaults.Schedules[JobAlerts] != "*/5 * * * *" || meta.Defaults.ReminderDays != 7 {
		t.Errorf("defaults %+v", meta.Defaults)
	}
}

func set(s *Settings, field string, v float64) {
	switch field {
	case "error_rate_pct":
		s.ErrorRatePct = v
	case "window_minutes":
		s.WindowMinutes = int(v)
	case "min_requests":
		s.MinRequests = int(v)
	case "rate_limit_usage_pct":
		s.RateLimitUsagePct = v
	case "cooldown_minutes":
		s.CooldownMinutes = int(v)
	case "reminder_days":
		s.ReminderDays = int(v)
	case "retention_days":
		s.RetentionDays = int(v)
	}
}

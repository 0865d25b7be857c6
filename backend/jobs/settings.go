package jobs

import (
	"errors"
	"fmt"

	"github.com/penguinmails/console/cache"
)

// Job names: stable identifiers used in Badger, in RunNow and in the UI.
const (
	JobExpiryReminders = "expiry_reminders"
	JobUsageSnapshots  = "usage_snapshots"
	JobAlerts          = "alerts"
	JobRetention       = "retention"
)

// JobNames lists the jobs in the order the UI shows them.
var JobNames = []string{JobExpiryReminders, JobUsageSnapshots, JobAlerts, JobRetention}

// Settings are the thresholds and schedules the user can change.
type Settings struct {
	// Error-rate alert: more than ErrorRatePct % of requests failed over the
	// last WindowMinutes, counting only when there were at least MinRequests.
	ErrorRatePct  float64 `json:"error_rate_pct"`
	WindowMinutes int     `json:"window_minutes"`
	MinRequests   int     `json:"min_requests"`
	// Rate-limit alert: any 429 in the window, or usage above this share of the plan.
	RateLimitUsagePct float64 `json:"rate_limit_usage_pct"`
	// CooldownMinutes is how long one alert kind stays quiet after an email.
	CooldownMinutes int `json:"cooldown_minutes"`
	// ReminderDays: keys expiring within this many days get a reminder.
	ReminderDays int `json:"reminder_days"`
	// RetentionDays: snapshots and alert history older than this are pruned.
	RetentionDays int `json:"retention_days"`
	// DesktopNotifications shows security alerts on the desktop too.
	DesktopNotifications bool `json:"desktop_notifications"`
	// Schedules are cron expressions by job name.
	Schedules map[string]string `json:"schedules"`
}

// DefaultSettings are SPEC §5's numbers.
func DefaultSettings() Settings {
	return Settings{
		ErrorRatePct:         5,
		WindowMinutes:        15,
		MinRequests:          50,
		RateLimitUsagePct:    95,
		CooldownMinutes:      60,
		ReminderDays:         7,
		RetentionDays:        90,
		DesktopNotifications: true,
		Schedules: map[string]string{
			JobExpiryReminders: "0 9 * * *",
			JobUsageSnapshots:  "* * * * *",
			JobAlerts:          "*/5 * * * *",
			JobRetention:       "30 3 * * *",
		},
	}
}

// ValidationError names every field that is wrong, in words for the user.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	for _, name := range fieldOrder {
		if p, ok := e.Fields[name]; ok {
			return p
		}
	}
	for _, p := range e.Fields {
		return p
	}
	return "invalid settings"
}

var fieldOrder = []string{"error_rate_pct", "window_minutes", "min_requests", "rate_limit_usage_pct",
	"cooldown_minutes", "reminder_days", "retention_days",
	"schedules." + JobExpiryReminders, "schedules." + JobUsageSnapshots, "schedules." + JobAlerts, "schedules." + JobRetention}

// JobTitles are the names people read.
var JobTitles = map[string]string{
	JobExpiryReminders: "Expiry reminders",
	JobUsageSnapshots:  "Usage snapshots",
	JobAlerts:          "Alerts",
	JobRetention:       "Retention",
}

// Validate checks every field and fills in a missing schedule with its default.
func (s *Settings) Validate() error {
	f := map[string]string{}
	nums := s.numbers()
	for _, l := range Limits {
		if p := l.problem(nums[l.Field]); p != "" {
			f[l.Field] = p
		}
	}
	def := DefaultSettings().Schedules
	if s.Schedules == nil {
		s.Schedules = map[string]string{}
	}
	for name := range s.Schedules {
		if _, ok := def[name]; !ok {
			f["schedules."+name] = fmt.Sprintf("There is no job named %q", name)
		}
	}
	for _, name := range JobNames {
		spec, ok := s.Schedules[name]
		if !ok {
			s.Schedules[name] = def[name]
			continue
		}
		if _, err := ParseSchedule(spec); err != nil {
			f["schedules."+name] = fmt.Sprintf("Schedule of %s: %v", JobTitles[name], err)
		}
	}
	if len(f) > 0 {
		return &ValidationError{Fields: f}
	}
	return nil
}

func (s store) settings() (Settings, error) {
	st := DefaultSettings()
	err := s.db.GetJSON([]byte(keySettings), &st)
	if errors.Is(err, cache.ErrNotFound) {
		return DefaultSettings(), nil
	}
	if err != nil {
		return DefaultSettings(), err
	}
	if st.Validate() != nil {
		// Stored settings that no longer validate (an older version's) fall
		// back to the defaults rather than stopping the scheduler.
		return DefaultSettings(), nil
	}
	return st, nil
}

func (s store) saveSettings(st Settings) error {
	return s.db.SetJSON([]byte(keySettings), st, 0)
}

package jobs

import (
	"fmt"
	"math"
)

// SettingLimit is the range a numeric setting accepts. Validate enforces it and
// the settings form takes its bounds from it (SettingsMeta), so the two agree.
type SettingLimit struct {
	Field    string  `json:"field"`
	Label    string  `json:"label"` // as error messages name it
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Unit     string  `json:"unit"`
	Decimals bool    `json:"decimals"`
}

// Limits are the numeric settings' ranges, in the order the form shows them.
var Limits = []SettingLimit{
	{Field: "error_rate_pct", Label: "Error rate threshold", Min: 0.1, Max: 100, Unit: " %", Decimals: true},
	{Field: "window_minutes", Label: "Error-rate window", Min: 1, Max: 1440, Unit: " minutes"},
	{Field: "min_requests", Label: "Minimum requests", Min: 1, Max: 1e9},
	{Field: "rate_limit_usage_pct", Label: "Rate-limit usage threshold", Min: 1, Max: 100, Unit: " %", Decimals: true},
	{Field: "cooldown_minutes", Label: "Cool-down", Min: 1, Max: 7 * 24 * 60, Unit: " minutes"},
	{Field: "reminder_days", Label: "Reminder window", Min: 1, Max: 90, Unit: " days"},
	{Field: "retention_days", Label: "Retention", Min: 1, Max: 3650, Unit: " days"},
}

// numbers are the numeric settings by field name.
func (s Settings) numbers() map[string]float64 {
	return map[string]float64{
		"error_rate_pct": s.ErrorRatePct, "window_minutes": float64(s.WindowMinutes), "min_requests": float64(s.MinRequests),
		"rate_limit_usage_pct": s.RateLimitUsagePct, "cooldown_minutes": float64(s.CooldownMinutes),
		"reminder_days": float64(s.ReminderDays), "retention_days": float64(s.RetentionDays),
	}
}

// problem names v when it is outside l.
func (l SettingLimit) problem(v float64) string {
	if math.IsNaN(v) || v < l.Min || v > l.Max {
		return fmt.Sprintf("%s must be between %g and %g%s", l.Label, l.Min, l.Max, l.Unit)
	}
	return ""
}

// JobTitle names one scheduled job for people.
type JobTitle struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// SettingsMeta is what the settings form needs to know about the jobs: their
// titles in order, the numeric settings' ranges and the defaults.
type SettingsMeta struct {
	Jobs     []JobTitle     `json:"jobs"`
	Limits   []SettingLimit `json:"limits"`
	Defaults Settings       `json:"defaults"`
}

// About returns the jobs' SettingsMeta.
func About() SettingsMeta {
	m := SettingsMeta{Limits: Limits, Defaults: DefaultSettings()}
	for _, n := range JobNames {
		m.Jobs = append(m.Jobs, JobTitle{Name: n, Title: JobTitles[n]})
	}
	return m
}

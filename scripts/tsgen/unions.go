package main

import (
	"strconv"
	"strings"

	"github.com/penguinmails/console/backend/jobs"
	"github.com/penguinmails/console/backend/tester"
	"github.com/penguinmails/console/backend/wire"
)

// union is a string field the Go side keeps as a plain string but whose
// values are fixed: the UI gets a union of them, built from the Go constants
// where there are some, so the two cannot drift. Fields are "pkg.Type.Field",
// or "pkg.Service.Method.param" for a bound method's argument;
// a field that no bound type has any more fails the run. A field listed in
// MapKeys is a map keyed by the union.
type union struct {
	Name    string
	Values  []string
	Fields  []string
	MapKeys []string
}

var unions = []union{
	{Name: "Role", Values: []string{wire.RoleAdmin, wire.RoleDeveloper, wire.RoleSupport},
		Fields: []string{"wire.User.Role", "app.DemoUser.Role"}},
	{Name: "KeyStatus", Values: []string{wire.StatusActive, wire.StatusRevoked, wire.StatusExpired},
		Fields: []string{"wire.Key.Status"}},
	{Name: "Grace", Values: graceNames(),
		Fields: []string{"app.Keys.Rotate.grace"}},
	{Name: "KeyListStatus", Values: []string{"all", wire.StatusActive, wire.StatusRevoked, wire.StatusExpired},
		Fields: []string{"wire.KeyListQuery.Status"}},
	{Name: "KeyListSort", Values: []string{"created", "last_used", "name"},
		Fields: []string{"wire.KeyListQuery.Sort"}},
	{Name: "Theme", Values: []string{"light", "dark", "auto"},
		Fields: []string{"app.Prefs.Theme", "app.Settings.SetTheme.theme"}},
	{Name: "Environment", Values: []string{"live", "test"},
		Fields: []string{"wire.Key.Environment", "wire.CreateKeyRequest.Environment"}},
	{Name: "LiveMessageType", Values: []string{"tick", "security_event", "log"},
		Fields: []string{"wire.LiveMessage.Type"}},
	{Name: "UsageRange", Values: []string{"1h", "24h", "7d", "30d", "custom"},
		Fields: []string{"app.UsageRequest.Range"}},
	{Name: "JobName", Values: jobs.JobNames,
		Fields: []string{"jobs.JobStatus.Name", "jobs.JobTitle.Name"}, MapKeys: []string{"jobs.Settings.Schedules"}},
	{Name: "JobNumberSetting", Values: limitFields(), Fields: []string{"jobs.SettingLimit.Field"}},
	{Name: "JobResult", Values: []string{jobs.ResultOK, jobs.ResultError, jobs.ResultSkipped, ""},
		Fields: []string{"jobs.JobStatus.Result"}},
	{Name: "JobTrigger", Values: []string{jobs.TriggerSchedule, jobs.TriggerStartup, jobs.TriggerCatchUp, jobs.TriggerManual, jobs.TriggerSignIn, ""},
		Fields: []string{"jobs.JobStatus.Trigger"}},
	{Name: "AlertKind", Values: []string{jobs.KindKeyExpiry, jobs.KindKeyRotation, jobs.KindErrorRate, jobs.KindRateLimit, jobs.KindSecurity},
		Fields: []string{"jobs.Alert.Kind", "jobs.Notification.Kind"}},
	{Name: "AlertSeverity", Values: []string{"info", "warning", "critical"},
		Fields: []string{"jobs.Alert.Severity"}},
	{Name: "AlertStatus", Values: []string{jobs.AlertNew, jobs.AlertAcknowledged},
		Fields: []string{"jobs.Alert.Status"}},
}

// renames gives a Go type another TypeScript name: where two packages use the
// same Go name, and where the Go name alone says too little on the UI's side
// (tester.Request would shadow the DOM's Request).
var renames = map[string]string{
	"tester.Request":     "TesterRequest",
	"tester.Response":    "TesterResponse",
	"tester.Entry":       "HistoryEntry",
	"tester.Summary":     "HistorySummary",
	"tester.Warning":     "TesterWarning",
	"buildinfo.Info":     "AboutInfo",
	"live.Status":        "LiveState",
	"live.State":         "LiveStateName",
	"jobs.Settings":      "JobSettings",
	"jobs.Alert":         "JobAlert",
	"jobs.Notification":  "SentNotification",
	"wire.UsageRange":    "APIUsageRange",
	"cache.SnapshotMeta": "SnapshotMeta",
}

func graceNames() []string {
	var names []string
	for _, g := range wire.GraceChoices {
		names = append(names, g.Name)
	}
	return names
}

// constant is a Go value the UI shows or checks against, written as a
// TypeScript constant: `export const Name[: Type] = Value`.
type constant struct{ Name, Type, Value string }

// constants are read from the Go values at each run (not once at start-up),
// so the generated file follows whatever the Go side holds.
func constants() []constant {
	return []constant{
		{Name: "MAX_LIVE_PREVIOUS_SECRETS", Value: strconv.Itoa(wire.MaxLivePreviousSecrets)},
		// The tester shows these as password fields and keeps none in a draft.
		{Name: "CREDENTIAL_HEADERS", Type: "readonly string[]", Value: stringArray(tester.CredentialHeaders)},
	}
}

// stringArray is a TypeScript array literal of vals, in their order.
func stringArray(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// limitFields are the numeric job settings' JSON names (jobs.Limits).
func limitFields() []string {
	out := make([]string, 0, len(jobs.Limits))
	for _, l := range jobs.Limits {
		out = append(out, l.Field)
	}
	return out
}

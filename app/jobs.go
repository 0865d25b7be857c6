package app

import (
	"context"
	"errors"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/jobs"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Jobs is the Alerts & Jobs screen's service: the scheduled jobs, the alert
// history and the notifications the jobs sent, and their settings.
type Jobs struct {
	m   *jobs.Manager
	log *logrus.Logger
}

// jobsDeps are what the jobs need from the rest of the app; the usage
// snapshot and prune functions come from the Usage service.
type jobsDeps struct {
	db       *cache.DB
	log      *logrus.Logger
	session  *Session
	events   Emitter
	now      func() time.Time
	snapshot func(ctx context.Context) error
	prune    func(ctx context.Context, before time.Time) (int, error)
	desktop  jobs.Desktop
}

func newJobs(d jobsDeps) (*Jobs, error) {
	m, err := jobs.New(jobs.Deps{
		DB: d.db, Log: d.log, Now: d.now,
		Client: func() (jobs.Platform, error) {
			c, err := d.session.apiClient()
			if err != nil {
				return nil, err
			}
			return c, nil
		},
		Online:   d.session.isOnline,
		Snapshot: d.snapshot,
		Prune:    d.prune,
		Desktop:  d.desktop,
		OnAlert:  func(a jobs.Alert) { d.events.Emit(EventAlert, a) },
		OnRun:    func(s jobs.JobStatus) { d.events.Emit(EventJobRun, s) },
	})
	if err != nil {
		return nil, err
	}
	j := &Jobs{m: m, log: d.log}
	// A sign-in (or a restored session) may come after the start-up run
	// was skipped for want of one: remind then.
	d.session.whenSignedIn(m.SignedIn)
	return j, nil
}

// start starts the scheduler (the start-up reminders and any catch-up runs
// go in the background).
func (j *Jobs) start() { j.m.Start() }

// stop stops the scheduler and waits for running jobs.
func (j *Jobs) stop() { j.m.Stop() }

// securityListener feeds the live stream's security events (EventSecurityEvent
// on the app's event fan-out) to the jobs. It is a separate type so that
// Emit is not bound to the UI as a Jobs method.
type securityListener struct{ j *Jobs }

func (l securityListener) Emit(event string, data any) {
	if event != EventSecurityEvent {
		return
	}
	var ev wire.SecurityEvent
	switch v := data.(type) {
	case wire.SecurityEvent:
		ev = v
	case *wire.SecurityEvent:
		ev = *v
	case wire.LiveMessage:
		if v.Event == nil {
			return
		}
		ev = *v.Event
	case *wire.LiveMessage:
		if v == nil || v.Event == nil {
			return
		}
		ev = *v.Event
	default:
		l.j.log.Warnf("security event of unexpected type %T ignored", data)
		return
	}
	if _, _, err := l.j.m.HandleSecurityEvent(ev); err != nil {
		l.j.log.WithError(err).Error("recording a security alert")
	}
}

// List returns the jobs table.
func (j *Jobs) List() ([]jobs.JobStatus, error) { return j.m.List(), nil }

// RunNow runs a job at once and returns its status after the run.
func (j *Jobs) RunNow(name string) (jobs.JobStatus, error) {
	st, err := j.m.RunNow(name)
	switch {
	case errors.Is(err, jobs.ErrUnknownJob):
		return st, BadInput("name", "There is no job named \""+name+"\"")
	case errors.Is(err, jobs.ErrAlreadyRunning):
		return st, &UIError{Status: 409, Code: "job_running", Message: "This job is already running. Its result will show when it finishes."}
	case err != nil:
		return st, ToUI(err)
	}
	return st, nil
}

// Alerts returns the alert history, newest first.
func (j *Jobs) Alerts() ([]jobs.Alert, error) {
	a, err := j.m.Alerts(500)
	return a, ToUI(err)
}

// Acknowledge marks an alert as seen.
func (j *Jobs) Acknowledge(id string) (jobs.Alert, error) {
	a, err := j.m.Acknowledge(id)
	if errors.Is(err, jobs.ErrAlertNotFound) {
		return a, &UIError{Status: 404, Code: wire.CodeNotFound, Message: "This alert no longer exists."}
	}
	return a, ToUI(err)
}

// AcknowledgeAll marks every new alert as seen; it returns how many.
func (j *Jobs) AcknowledgeAll() (int, error) {
	n, err := j.m.AcknowledgeAll()
	return n, ToUI(err)
}

// Notifications returns the emails the jobs sent, newest first.
func (j *Jobs) Notifications() ([]jobs.Notification, error) {
	n, err := j.m.Notifications(500)
	return n, ToUI(err)
}

// Settings returns the thresholds and schedules in force.
func (j *Jobs) Settings() (jobs.Settings, error) { return j.m.Settings(), nil }

// About names the jobs and gives the settings form its ranges and defaults,
// the ones SaveSettings enforces.
func (j *Jobs) About() (jobs.SettingsMeta, error) { return jobs.About(), nil }

// SaveSettings validates and applies new thresholds and schedules; each
// wrong field is named in the error.
func (j *Jobs) SaveSettings(s jobs.Settings) (jobs.Settings, error) {
	out, err := j.m.SaveSettings(s)
	var ve *jobs.ValidationError
	if errors.As(err, &ve) {
		return out, &UIError{Status: 400, Code: CodeBadInput, Message: ve.Error(), Fields: ve.Fields}
	}
	return out, ToUI(err)
}

// pruneSnapshots applies the jobs' retention to the usage snapshots.
func pruneSnapshots(s *cache.Snapshots, now func() time.Time) func(context.Context, time.Time) (int, error) {
	return func(_ context.Context, before time.Time) (int, error) {
		s.SetRetention(now().Sub(before))
		return s.Prune()
	}
}

package jobs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Platform is the part of the platform client the jobs use
// (*platform.Client satisfies it; tests fake it).
type Platform interface {
	ListKeys(ctx context.Context, q wire.KeyListQuery) (*wire.KeyList, error)
	APIUsage(ctx context.Context, q wire.UsageQuery) (*wire.APIUsage, error)
	Notify(ctx context.Context, n wire.NotificationRequest) (*wire.NotificationResponse, error)
}

// Desktop shows a notification on the user's desktop.
type Desktop interface {
	Notify(title, body string) error
}

// Deps are everything the jobs need, handed over explicitly.
type Deps struct {
	DB  *cache.DB
	Log *logrus.Logger
	// Now is the clock of the job logic (expiry windows, cool-downs).
	Now func() time.Time
	// Location is where "09:00" is; nil means the machine's local time.
	Location *time.Location
	// Client returns the signed-in platform client, or an error when signed out.
	Client func() (Platform, error)
	// Online reports whether the platform answered last time; nil means always.
	Online func() bool
	// Snapshot fetches usage and keeps it as a snapshot; nil skips the job.
	Snapshot func(ctx context.Context) error
	// Prune drops usage snapshots older than before and says how many.
	Prune func(ctx context.Context, before time.Time) (int, error)
	// Desktop shows security alerts on the desktop; nil shows none.
	Desktop Desktop
	// OnAlert is told about every new alert (the app emits alerts:new).
	OnAlert func(Alert)
	// OnRun is told about every finished run (the app emits jobs:run).
	OnRun func(JobStatus)
}

// Manager owns the scheduler, the jobs and the alert history.
type Manager struct {
	deps  Deps
	log   *logrus.Logger
	now   func() time.Time
	store store
	sched *scheduler

	mu       sync.RWMutex
	settings Settings

	secMu     sync.Mutex
	secRecent map[string]secRecent
	lastPopup time.Time
	// popupFailed: a desktop notification failed once already.
	popupFailed atomic.Bool
}

// New builds the manager and its four jobs from the stored settings.
// Nothing runs until Start.
func New(d Deps) (*Manager, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Log == nil {
		d.Log = logrus.New()
	}
	m := &Manager{deps: d, log: d.Log, now: d.Now, store: store{db: d.DB}, secRecent: map[string]secRecent{}}
	set, err := m.store.settings()
	if err != nil {
		m.log.WithError(err).Warn("reading job settings; using the defaults")
	}
	m.settings = set
	m.sched = newScheduler(m.store, m.log, d.Now, d.Location, d.OnRun)
	defs := []*jobDef{
		{name: JobExpiryReminders, runAtStart: true, timeout: 2 * time.Minute, run: m.remindExpiring,
			description: "Emails the tenant's admins about each key that expires within the reminder window, once per key and expiry date."},
		{name: JobUsageSnapshots, timeout: 45 * time.Second, run: m.snapshot,
			description: "Fetches usage and keeps a snapshot for offline review, while signed in and online."},
		{name: JobAlerts, timeout: time.Minute, run: m.checkAlerts,
			description: "Raises an alert and emails it when the error rate or rate-limit usage crosses its threshold, with a cool-down."},
		{name: JobRetention, timeout: 5 * time.Minute, run: m.retain,
			description: "Prunes snapshots and alert history past retention and reclaims disk space."},
	}
	for _, j := range defs {
		if err := m.sched.add(j, set.Schedules[j.name]); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Start starts the cron, runs the start-up reminders and catches up on
// missed runs.
func (m *Manager) Start() { m.sched.start() }

// Stop stops the cron and waits for running jobs.
func (m *Manager) Stop() { m.sched.stop() }

// List is the jobs table.
func (m *Manager) List() []JobStatus { return m.sched.list() }

// RunNow runs a job at once and returns its status after the run.
func (m *Manager) RunNow(name string) (JobStatus, error) {
	return m.sched.runNow(name, TriggerManual)
}

// SignedIn runs the reminders after a sign-in, in the background: the
// start-up run may have been skipped for want of a session.
func (m *Manager) SignedIn() {
	m.sched.mu.Lock()
	started := m.sched.started
	j := m.sched.jobs[JobExpiryReminders]
	m.sched.mu.Unlock()
	if !started || m.sched.ctx.Err() != nil {
		return
	}
	m.sched.goRun(func() { m.sched.runJob(j, TriggerSignIn) })
}

// Settings returns the thresholds and schedules in force.
func (m *Manager) Settings() Settings {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s := m.settings
	s.Schedules = make(map[string]string, len(m.settings.Schedules))
	for k, v := range m.settings.Schedules {
		s.Schedules[k] = v
	}
	return s
}

// SaveSettings validates, stores and applies new settings; schedules take
// effect at once. A *ValidationError names each wrong field.
func (m *Manager) SaveSettings(s Settings) (Settings, error) {
	if err := s.Validate(); err != nil {
		return Settings{}, err
	}
	if err := m.store.saveSettings(s); err != nil {
		return Settings{}, err
	}
	m.mu.Lock()
	m.settings = s
	m.mu.Unlock()
	for _, name := range JobNames {
		if err := m.sched.reschedule(name, s.Schedules[name]); err != nil {
			return Settings{}, fmt.Errorf("apply the schedule of %s: %w", JobTitles[name], err)
		}
	}
	return m.Settings(), nil
}

// platform returns the client, or a skip when there is nothing to talk to.
func (m *Manager) platform() (Platform, error) {
	if m.deps.Client == nil {
		return nil, Skip("Not signed in")
	}
	p, err := m.deps.Client()
	if err != nil || p == nil {
		return nil, Skip("Not signed in")
	}
	if m.deps.Online != nil && !m.deps.Online() {
		return nil, Skip("Offline: the platform cannot be reached")
	}
	return p, nil
}

// snapshot is the usage-snapshots job.
func (m *Manager) snapshot(ctx context.Context) (string, error) {
	if m.deps.Snapshot == nil {
		return "", Skip("Snapshots are not available")
	}
	if _, err := m.platform(); err != nil {
		return "", err
	}
	if err := m.deps.Snapshot(ctx); err != nil {
		return "", err
	}
	return "Snapshot saved", nil
}

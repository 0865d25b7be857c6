// Package jobs runs the console's scheduled work on robfig/cron: expiry
// reminders, usage snapshots, alerts and retention. It also turns the live
// stream's security events into alerts. Time comes from an injected clock
// for the job logic; the cron itself runs on the runtime clock, which tests
// replace with a testing/synctest bubble.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/robfig/cron/v3"
	"github.com/sirupsen/logrus"
)

// Results a run can have.
const (
	ResultOK      = "ok"
	ResultError   = "error"
	ResultSkipped = "skipped"
)

// Triggers: why a job ran.
const (
	TriggerSchedule = "schedule"
	TriggerStartup  = "startup"
	TriggerCatchUp  = "catch_up"
	TriggerManual   = "manual"
	TriggerSignIn   = "sign_in"
)

// SkipError marks a run that had nothing it could do (signed out, offline):
// recorded as "skipped" with the reason, not as a failure.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return e.Reason }

// Skip returns a SkipError.
func Skip(reason string) error { return &SkipError{Reason: reason} }

// ErrUnknownJob is returned by RunNow for a name that is not a job.
var ErrUnknownJob = errors.New("no such job")

// ErrAlreadyRunning is returned by RunNow while the job is running.
var ErrAlreadyRunning = errors.New("this job is already running")

// JobStatus is one row of the jobs table.
type JobStatus struct {
	Name         string     `json:"name"`
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	Schedule     string     `json:"schedule"`
	ScheduleText string     `json:"schedule_text"`
	LastRun      *time.Time `json:"last_run"`
	Result       string     `json:"result"` // ok | error | skipped | "" (never ran)
	Message      string     `json:"message"`
	DurationMs   int64      `json:"duration_ms"`
	Trigger      string     `json:"trigger"`
	NextRun      *time.Time `json:"next_run"`
	Running      bool       `json:"running"`
	Runs         int64      `json:"runs"`
	Failures     int64      `json:"failures"`
}

// jobDef is a job as the scheduler knows it.
type jobDef struct {
	name        string
	description string
	run         func(ctx context.Context) (string, error) // a summary of what it did
	runAtStart  bool                                      // also run once at every start-up
	timeout     time.Duration                             // per run

	spec    string
	sched   cron.Schedule
	entry   cron.EntryID
	running atomic.Bool
}

// scheduler owns the cron and the bookkeeping around every run.
type scheduler struct {
	store store
	log   *logrus.Logger
	now   func() time.Time
	loc   *time.Location
	onRun func(JobStatus)

	mu      sync.Mutex
	cron    *cron.Cron
	jobs    map[string]*jobDef
	order   []string
	ctx     context.Context
	cancel  context.CancelFunc
	started bool
	wg      sync.WaitGroup
}

func newScheduler(st store, log *logrus.Logger, now func() time.Time, loc *time.Location, onRun func(JobStatus)) *scheduler {
	ctx, cancel := context.WithCancel(context.Background())
	return &scheduler{
		store: st, log: log, now: now, loc: loc, onRun: onRun,
		cron: cron.New(cron.WithLocation(loc), cron.WithParser(parser)),
		jobs: map[string]*jobDef{}, ctx: ctx, cancel: cancel,
	}
}

func (s *scheduler) add(j *jobDef, spec string) error {
	sched, err := ParseSchedule(spec)
	if err != nil {
		return fmt.Errorf("job %s: %w", j.name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j.spec, j.sched = spec, sched
	j.entry = s.cron.Schedule(sched, cron.FuncJob(func() { s.runJob(j, TriggerSchedule) }))
	s.jobs[j.name] = j
	s.order = append(s.order, j.name)
	return nil
}

// reschedule swaps a job's schedule; robfig/cron allows this while running.
func (s *scheduler) reschedule(name, spec string) error {
	sched, err := ParseSchedule(spec)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[name]
	if !ok {
		return ErrUnknownJob
	}
	if j.spec == spec {
		return nil
	}
	s.cron.Remove(j.entry)
	j.spec, j.sched = spec, sched
	j.entry = s.cron.Schedule(sched, cron.FuncJob(func() { s.runJob(j, TriggerSchedule) }))
	return nil
}

// start starts the cron, then runs the start-up jobs and catches up on runs
// missed while the console was closed: once per job, however many ticks
// were missed.
func (s *scheduler) start() {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return
	}
	s.started = true
	s.cron.Start()
	var due []*jobDef
	var triggers []string
	now := s.now()
	for _, name := range s.order {
		j := s.jobs[name]
		if j.runAtStart {
			due, triggers = append(due, j), append(triggers, TriggerStartup)
			continue
		}
		st, err := s.store.jobState(name)
		if err != nil {
			s.log.WithError(err).WithField("job", name).Warn("reading the job's last run")
			continue
		}
		if !st.LastRun.IsZero() && !j.sched.Next(st.LastRun.In(s.loc)).After(now) {
			due, triggers = append(due, j), append(triggers, TriggerCatchUp)
		}
	}
	s.mu.Unlock()
	s.goRun(func() {
		for i, j := range due {
			if s.ctx.Err() != nil {
				return
			}
			s.runJob(j, triggers[i])
		}
	})
}

func (s *scheduler) goRun(f func()) {
	s.wg.Add(1)
	go func() { defer s.wg.Done(); f() }()
}

// stop cancels running jobs' contexts and waits for them to return.
func (s *scheduler) stop() {
	s.cancel()
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	if started {
		<-s.cron.Stop().Done()
	}
	s.wg.Wait()
}

// runNow runs a job at once and returns its new status.
func (s *scheduler) runNow(name, trigger string) (JobStatus, error) {
	s.mu.Lock()
	j, ok := s.jobs[name]
	s.mu.Unlock()
	if !ok {
		return JobStatus{}, ErrUnknownJob
	}
	if j.running.Load() {
		return s.status(j), ErrAlreadyRunning
	}
	s.runJob(j, trigger)
	return s.status(j), nil
}

// runJob runs j unless it is already running, recovers a panic, and records
// the result: a failing job never takes the scheduler down.
func (s *scheduler) runJob(j *jobDef, trigger string) {
	if !j.running.CompareAndSwap(false, true) {
		s.log.WithField("job", j.name).Debug("still running; this tick is skipped")
		return
	}
	defer j.running.Store(false)
	if s.onRun != nil {
		s.onRun(s.status(j)) // shows "Running" at once
	}
	started := s.now()
	wall := time.Now()
	ctx, cancel := context.WithTimeout(s.ctx, j.timeout)
	summary, err := safeRun(ctx, j.run)
	cancel()
	if err != nil && s.ctx.Err() != nil {
		// Cut short by the console stopping: not a failure, and not a run.
		// Its last run stays what it was, so the next start catches up.
		s.log.WithField("job", j.name).Info("job interrupted by the console stopping; it runs again at the next start")
		return
	}

	prev, _ := s.store.jobState(j.name)
	st := jobState{LastRun: started, Trigger: trigger, DurationMs: time.Since(wall).Milliseconds(),
		Runs: prev.Runs + 1, Failures: prev.Failures}
	var skip *SkipError
	switch {
	case err == nil:
		st.Result, st.Message = ResultOK, summary
	case errors.As(err, &skip):
		st.Result, st.Message = ResultSkipped, skip.Reason
	default:
		st.Result, st.Message = ResultError, apikey.Redact(err.Error())
		st.Failures++
	}
	if err := s.store.saveJobState(j.name, st); err != nil {
		s.log.WithError(err).WithField("job", j.name).Error("recording the job's run")
	}
	entry := s.log.WithFields(logrus.Fields{"job": j.name, "trigger": trigger, "result": st.Result, "ms": st.DurationMs})
	if st.Result == ResultError {
		entry.WithField("error", st.Message).Warn("job failed")
	} else {
		entry.Debug("job ran")
	}
	j.running.Store(false)
	if s.onRun != nil {
		s.onRun(s.status(j))
	}
}

func safeRun(ctx context.Context, f func(context.Context) (string, error)) (summary string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the job crashed: %v", r)
		}
	}()
	return f(ctx)
}

func (s *scheduler) status(j *jobDef) JobStatus {
	st, _ := s.store.jobState(j.name)
	s.mu.Lock()
	spec, sched, entry, started := j.spec, j.sched, j.entry, s.started
	s.mu.Unlock()
	out := JobStatus{
		Name: j.name, Title: JobTitles[j.name], Description: j.description,
		Schedule: spec, ScheduleText: Describe(spec),
		Result: st.Result, Message: st.Message, DurationMs: st.DurationMs, Trigger: st.Trigger,
		Running: j.running.Load(), Runs: st.Runs, Failures: st.Failures,
	}
	if !st.LastRun.IsZero() {
		t := st.LastRun
		out.LastRun = &t
	}
	var next time.Time
	if started {
		next = s.cron.Entry(entry).Next
	}
	if next.IsZero() {
		next = sched.Next(s.now().In(s.loc))
	}
	out.NextRun = &next
	return out
}

func (s *scheduler) list() []JobStatus {
	s.mu.Lock()
	defs := make([]*jobDef, 0, len(s.order))
	for _, n := range s.order {
		defs = append(defs, s.jobs[n])
	}
	s.mu.Unlock()
	out := make([]JobStatus, 0, len(defs))
	for _, j := range defs {
		out = append(out, s.status(j))
	}
	return out
}

package jobs

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// A job that fails records its error, and the cron keeps firing it (and
// the other jobs) on schedule; a panic is recorded the same way.
func TestFailingJobRecordsErrorAndSchedulerKeepsRunning(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := openDB(t, dir)
		defer db.Close()
		var calls atomic.Int32
		d := testDeps(db, &fakePlatform{})
		d.Snapshot = func(context.Context) error {
			switch calls.Add(1) {
			case 1:
				return errors.New("usage fetch failed: 503")
			case 2:
				panic("boom")
			}
			return nil
		}
		m, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		m.Start()
		defer m.Stop()

		time.Sleep(time.Minute + time.Second) // first tick: 00:01
		synctest.Wait()
		st := find(t, m.List(), JobUsageSnapshots)
		if st.Result != ResultError || !strings.Contains(st.Message, "usage fetch failed: 503") {
			t.Fatalf("after a failing run: result %q message %q", st.Result, st.Message)
		}
		if st.NextRun == nil || !st.NextRun.After(*st.LastRun) {
			t.Fatalf("next run %v should follow last run %v", st.NextRun, st.LastRun)
		}

		time.Sleep(time.Minute)
		synctest.Wait()
		st = find(t, m.List(), JobUsageSnapshots)
		if st.Result != ResultError || !strings.Contains(st.Message, "crashed: boom") {
			t.Fatalf("after a panicking run: result %q message %q", st.Result, st.Message)
		}

		time.Sleep(time.Minute)
		synctest.Wait()
		st = find(t, m.List(), JobUsageSnapshots)
		if st.Result != ResultOK || st.Runs != 3 || st.Failures != 2 {
			t.Fatalf("the scheduler should have kept running: %+v", st)
		}
		// The alerts job (every 5 minutes) ran too, untouched by the failures.
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if a := find(t, m.List(), JobAlerts); a.Runs != 1 || a.Result != ResultOK {
			t.Fatalf("alerts job: %+v", a)
		}
	})
}

func find(t *testing.T, list []JobStatus, name string) JobStatus {
	t.Helper()
	for _, s := range list {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("job %s not listed", name)
	return JobStatus{}
}

// A run cut short by Stop (SIGTERM while a snapshot is being fetched) is
// neither a failure nor a run: the job's last run stays the one before, so
// the next start catches up on it.
func TestRunCutShortByStopIsNotAFailure(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		db := openDB(t, dir)
		var calls atomic.Int32
		started := make(chan struct{}, 1)
		d := testDeps(db, &fakePlatform{})
		d.Snapshot = func(ctx context.Context) error {
			if calls.Add(1) == 1 {
				return nil
			}
			started <- struct{}{}
			<-ctx.Done() // a fetch still in flight when the console stops
			return ctx.Err()
		}
		m, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		m.Start()
		time.Sleep(time.Minute + time.Second) // first run: ok
		synctest.Wait()
		first := find(t, m.List(), JobUsageSnapshots)
		time.Sleep(time.Minute) // second run: hangs until Stop
		<-started
		m.Stop()
		db.Close()

		db = openDB(t, dir)
		defer db.Close()
		m2, err := New(testDeps(db, &fakePlatform{}))
		if err != nil {
			t.Fatal(err)
		}
		st := find(t, m2.List(), JobUsageSnapshots)
		if st.Result != ResultOK || st.Failures != 0 || st.Runs != 1 || !st.LastRun.Equal(*first.LastRun) {
			t.Fatalf("after a stop mid-run the job reads %+v; want the first run only, no failure", st)
		}
	})
}

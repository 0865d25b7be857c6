package jobs

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// fakePlatform stands in for the platform client in unit tests: keys and
// usage are set by the test; every Notify is recorded.
type fakePlatform struct {
	mu         sync.Mutex
	keys       []wire.Key
	usage      wire.APIUsage
	notes      []wire.NotificationRequest
	notifyErr  error
	usageCalls int
}

func (f *fakePlatform) ListKeys(_ context.Context, q wire.KeyListQuery) (*wire.KeyList, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := &wire.KeyList{}
	for _, k := range f.keys {
		if q.Status == "" || q.Status == "all" || q.Status == k.Status {
			out.APIKeys = append(out.APIKeys, k)
		}
	}
	out.Total = len(out.APIKeys)
	return out, nil
}

func (f *fakePlatform) APIUsage(_ context.Context, _ wire.UsageQuery) (*wire.APIUsage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.usageCalls++
	u := f.usage
	return &u, nil
}

func (f *fakePlatform) Notify(_ context.Context, n wire.NotificationRequest) (*wire.NotificationResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.notifyErr != nil {
		return nil, f.notifyErr
	}
	f.notes = append(f.notes, n)
	return &wire.NotificationResponse{ID: fmt.Sprintf("ntf_%d", len(f.notes)), Recipients: []string{"admin@demo.test"}}, nil
}

func (f *fakePlatform) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.usageCalls
}

func (f *fakePlatform) sent(kind string) []wire.NotificationRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []wire.NotificationRequest
	for _, n := range f.notes {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

func (f *fakePlatform) setKeyExpiry(id string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.keys {
		if f.keys[i].KeyID == id {
			t := at
			f.keys[i].ExpiresAt = &t
		}
	}
}

// alertLog collects the alerts a manager reports, safely across goroutines.
type alertLog struct {
	mu     sync.Mutex
	alerts []Alert
}

func (l *alertLog) add(a Alert) { l.mu.Lock(); l.alerts = append(l.alerts, a); l.mu.Unlock() }

func (l *alertLog) list() []Alert {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Alert(nil), l.alerts...)
}

func activeKey(id, name string, expires time.Time) wire.Key {
	return wire.Key{KeyID: id, Name: name, Status: wire.StatusActive, MaskedKey: "pm_test_abc...wxyz", ExpiresAt: &expires}
}

func quietLog() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

func openDB(t *testing.T, dir string) *cache.DB {
	t.Helper()
	db, err := cache.Open(dir, cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// testDeps wires a manager to a fake platform on the runtime clock (the
// synctest bubble's clock inside a bubble).
func testDeps(db *cache.DB, p *fakePlatform) Deps {
	return Deps{
		DB: db, Log: quietLog(), Location: time.UTC,
		Client: func() (Platform, error) { return p, nil },
	}
}
